import Foundation
import Testing
import SynthTestSupport
@testable import SynthData

/// Mutation fuzzing: corrupted copies of the fixtures must give errors, never crashes.
///
/// `SYNTH_PARQUET_FUZZ_ITERATIONS` raises the count (default 2,000); run it under the address
/// sanitizer with `swift test --sanitize=address --filter ParquetFuzzTests`.
@Suite("Parquet fuzzing")
struct ParquetFuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["SYNTH_PARQUET_FUZZ_ITERATIONS"] ?? "") ?? 2_000

    /// A small deterministic generator (SplitMix64).
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Seeds: every fixture, plus small synth-written files with each codec (fast to re-read).
    static func seeds() throws -> [(String, [UInt8])] {
        var seeds = try ParquetFixtures.allFiles.map { ($0, try ParquetFile.readAll(ParquetFixtures.path($0))) }
        let small = try ParquetWriterTests.sampleTable(rows: 300)
        for codec in [ParquetCompression.snappy, .zstd, .gzip, .uncompressed] {
            seeds.append(("synth-\(codec)", try ParquetWriter.encode(small, options: .init(compression: codec, pageRowLimit: 100))))
        }
        return seeds
    }

    static func mutate(_ original: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var bytes = original
        let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8 | Int(bytes[bytes.count - 6]) << 16
        let originalFooterStart = max(4, bytes.count - 8 - min(footerLength, bytes.count - 12))
        let rounds = Int.random(in: 1...4, using: &rng)
        for _ in 0..<rounds {
            let count = bytes.count
            guard count >= 24 else { break }
            let footerStart = min(originalFooterStart, count - 9)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...3:  // flip bytes in the footer (Thrift)
                let at = Int.random(in: footerStart..<(count - 8), using: &rng)
                bytes[at] ^= UInt8.random(in: 1...255, using: &rng)
            case 4...5:  // random byte anywhere (page headers, data, magic)
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            case 6:  // truncate
                bytes.removeLast(Int.random(in: 1..<min(bytes.count, 4096), using: &rng))
            case 7:  // corrupt the footer length
                let at = bytes.count - 8 + Int.random(in: 0..<4, using: &rng)
                if at >= 0 { bytes[at] = UInt8.random(in: 0...255, using: &rng) }
            case 8:  // overwrite a run with a repeated byte (huge varints, runs of 0xFF)
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                let length = min(Int.random(in: 1...16, using: &rng), bytes.count - at)
                let value: UInt8 = [0x00, 0xFF, 0x7F, 0x80].randomElement(using: &rng) ?? 0
                for k in at..<(at + length) { bytes[k] = value }
            default:  // delete or insert a byte in the footer (shifts everything after it)
                let at = Int.random(in: footerStart..<max(footerStart + 1, bytes.count - 8), using: &rng)
                if Bool.random(using: &rng) { bytes.remove(at: at) } else { bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at) }
            }
        }
        return bytes
    }

    @Test("thousands of corrupted fixtures give errors, never crashes")
    func mutationsNeverCrash() throws {
        let seeds = try Self.seeds()
        var rng = SplitMix(state: 0x5EED_0F_F022)
        var errors = 0, successes = 0
        for iteration in 0..<Self.iterations {
            let (_, original) = seeds[iteration % seeds.count]
            let mutated = Self.mutate(original, &rng)
            do {
                let reader = try ParquetReader(bytes: mutated, label: "mutation \(iteration)")
                let readable = reader.schema.columns.filter { $0.dataType != nil }.map(\.name)
                _ = try reader.readTable(columns: readable)
                _ = reader.summary
                successes += 1
            } catch is ParquetError {
                errors += 1
            }
        }
        print("Parquet fuzz: \(Self.iterations) mutations, \(errors) errors, \(successes) still readable")
        #expect(errors + successes == Self.iterations)
        #expect(errors > Self.iterations / 4)
    }

    @Test("specific corruptions give clear errors")
    func specificCorruptions() throws {
        let original = try ParquetFile.readAll(ParquetFixtures.path("mixed_none_v1.parquet"))
        func error(_ bytes: [UInt8]) -> String {
            do {
                _ = try ParquetReader(bytes: bytes).readTable()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        var badMagic = original
        badMagic[0] = UInt8(ascii: "X")
        #expect(error(badMagic).contains("no PAR1 magic at the start"))
        #expect(error(Array(original.prefix(original.count / 2))).contains("no PAR1 magic at the end"))
        #expect(error(Array(original.prefix(8))).contains("only 8 bytes"))
        var longFooter = original
        longFooter.replaceSubrange((longFooter.count - 8)..<(longFooter.count - 4), with: [0xFF, 0xFF, 0xFF, 0x00])
        #expect(error(longFooter).contains("footer length"))
        var badThrift = original
        let footerLength = Int(original[original.count - 8]) | Int(original[original.count - 7]) << 8
        let footerStart = original.count - 8 - footerLength
        for k in footerStart..<(footerStart + 24) { badThrift[k] = 0xFF }
        #expect(error(badThrift).contains("corrupt Parquet file"))
        #expect(throws: FileAccessError(.notFound, path: "/nonexistent/file.parquet")) {
            try ParquetReader(path: "/nonexistent/file.parquet")
        }
    }

    @Test("dictionary index out of range is an error")
    func dictionaryIndexOutOfRange() throws {
        // Two distinct values → bit width 1; patch the dictionary page to hold one value.
        let table = try Table(columns: [Column(name: "c", values: .int64([1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]))])
        var bytes = try ParquetWriter.encode(table, options: .init(compression: .uncompressed))
        let footer = try ParquetWriterTests.footer(bytes)
        let meta = try #require(footer.rowGroups[0].columns[0].metadata)
        let dictionaryOffset = Int(try #require(meta.dictionaryPageOffset))
        var header = try bytes.withUnsafeBytes { all -> (PageHeader, Int) in
            var reader = ThriftCompactReader(ByteCursor(all, position: dictionaryOffset, context: "test"))
            let header = try PageHeader(thrift: &reader)
            return (header, reader.position)
        }
        #expect(header.0.dictionaryPage?.numValues == 2)
        // Re-encode the header with num_values = 1 (same length: small zigzag varints).
        header.0.dictionaryPage?.numValues = 1
        var writer = ThriftCompactWriter()
        writer.beginStruct()
        writer.writeI32(1, header.0.type)
        writer.writeI32(2, header.0.uncompressedPageSize)
        writer.writeI32(3, header.0.compressedPageSize)
        writer.beginStructField(7)
        writer.writeI32(1, 1)
        writer.writeI32(2, 0)
        writer.endStruct()
        writer.endStruct()
        #expect(writer.output.count == header.1 - dictionaryOffset)
        bytes.replaceSubrange(dictionaryOffset..<header.1, with: writer.output.bytes)
        do {
            _ = try ParquetReader(bytes: bytes).readTable()
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("dictionary index 1 out of range"))
        }
    }
}
