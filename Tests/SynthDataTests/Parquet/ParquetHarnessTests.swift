import Foundation
import Testing
import SynthTestSupport
@testable import SynthData

/// Steps driven by the scripts in `scripts/parquet-roundtrip` and `scripts/bench/parquet`.
///
/// They run only when `SYNTH_PARQUET_HARNESS` names them (the scripts set it with a working
/// directory in `SYNTH_PARQUET_DIR`); the normal suite skips them.
@Suite("Parquet script harness")
struct ParquetHarnessTests {
    static let environment = ProcessInfo.processInfo.environment
    static let step = environment["SYNTH_PARQUET_HARNESS"] ?? ""
    static var directory: String { environment["SYNTH_PARQUET_DIR"] ?? NSTemporaryDirectory() }

    static var sharedCSVFiles: [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.sharedData.path)) ?? []
        return all.filter { $0.hasSuffix(".csv") }.sorted()
    }

    static func stem(_ file: String) -> String { String(file.dropLast(4)) }

    @Test("round trip, step 1: shared CSV → synth → Parquet", .enabled(if: step == "roundtrip-write"))
    func roundTripWrite() throws {
        for file in Self.sharedCSVFiles {
            let table = try CSVReader.read(path: Fixtures.shared(file)).table
            let path = "\(Self.directory)/\(Self.stem(file)).synth.parquet"
            try ParquetWriter.write(table, to: path, replace: true)
            print("wrote \(path): \(table.rowCount) rows, \(table.columns.map { "\($0.name):\($0.dataType)" }.joined(separator: " "))")
        }
        // The mixed fixture carries every timestamp flavour, including an IANA time zone.
        let mixed = try ParquetReader(path: ParquetFixtures.path("mixed_snappy_v1.parquet")).readTable()
        for (variant, options) in Self.variants {
            try ParquetWriter.write(mixed, to: "\(Self.directory)/fixture_mixed_\(variant).synth.parquet", options: options, replace: true)
            print("wrote \(Self.directory)/fixture_mixed_\(variant).synth.parquet")
        }
    }

    /// Writer settings the mixed fixture is written with.
    static let variants: [(String, ParquetWriteOptions)] = [
        ("snappy", .init()),
        ("zstd_rg700", .init(compression: .zstd, rowGroupSize: 700, pageRowLimit: 300)),
        ("gzip_plain", .init(compression: .gzip, dictionary: false)),
        ("none", .init(compression: .uncompressed)),
    ]

    @Test("round trip, step 3: pyarrow's Parquet → synth equals the CSV table", .enabled(if: step == "roundtrip-check"))
    func roundTripCheck() throws {
        for file in Self.sharedCSVFiles {
            let expected = try CSVReader.read(path: Fixtures.shared(file)).table
            let path = "\(Self.directory)/\(Self.stem(file)).pyarrow.parquet"
            let reader = try ParquetReader(path: path)
            let actual = try reader.readTable()
            let same = ParquetWriterTests.sameTable(actual, try Self.matchingTimestampUnits(expected, to: actual))
            print("\(same ? "EQUAL" : "DIFFERENT") \(file): \(actual.rowCount) rows × \(actual.columnCount) columns "
                  + "(\(reader.createdBy ?? "?")), types \(actual.columns.map { "\($0.dataType)" }.joined(separator: ", "))")
            #expect(same, "\(file) changed in the round trip")
        }
        let mixed = try ParquetReader(path: ParquetFixtures.path("mixed_snappy_v1.parquet")).readTable()
        for (variant, _) in Self.variants {
            let back = try ParquetReader(path: "\(Self.directory)/fixture_mixed_\(variant).pyarrow.parquet").readTable()
            let same = ParquetWriterTests.sameTable(back, mixed)
            print("\(same ? "EQUAL" : "DIFFERENT") parquet/mixed_snappy_v1.parquet written by synth (\(variant)): "
                  + "types \(back.columns.map { "\($0.dataType)" }.joined(separator: ", "))")
            #expect(same, "the mixed fixture (\(variant)) changed in the round trip")
        }
    }

    /// Parquet (and pyarrow) have no seconds unit: `timestamp[s]` comes back as `timestamp[ms]`.
    /// Rescales such columns of `table` to the unit in `reference` so instants compare exactly.
    static func matchingTimestampUnits(_ table: Table, to reference: Table) throws -> Table {
        var result = table
        for (index, column) in table.columns.enumerated() {
            guard case let .timestamp(values, unit, zone) = column.values,
                  let other = reference.columnIndex(named: column.name),
                  case let .timestamp(_, targetUnit, _) = reference.columns[other].values,
                  targetUnit != unit, targetUnit.ticksPerSecond > unit.ticksPerSecond else { continue }
            let factor = targetUnit.ticksPerSecond / unit.ticksPerSecond
            print("note: \(column.name) \(column.dataType) came back as \(reference.columns[other].dataType) (same instants)")
            try result.replaceColumn(at: index, with: Column(
                name: column.name, values: .timestamp(values.map { $0 * factor }, unit: targetUnit, timeZone: zone),
                validity: column.validity))
        }
        return result
    }

    @Test("benchmark: read and write a Parquet file", .enabled(if: step == "bench"))
    func benchmark() throws {
        let path = try #require(Self.environment["SYNTH_PARQUET_BENCH_FILE"])
        let repeats = Int(Self.environment["SYNTH_PARQUET_BENCH_REPEAT"] ?? "") ?? 5
        func seconds(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        var table = Table()
        var reads: [Double] = []
        for _ in 0..<repeats {
            reads.append(try seconds { table = try ParquetReader(path: path).readTable() })
        }
        let output = "\(Self.directory)/synth_written.parquet"
        var writes: [Double] = []
        for _ in 0..<repeats {
            writes.append(try seconds { try ParquetWriter.write(table, to: output, options: .init(compression: .snappy), replace: true) })
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        print("SYNTH_BENCH rows=\(table.rowCount) read_median_s=\(median(reads)) read_min_s=\(reads.min() ?? 0) "
              + "write_median_s=\(median(writes)) write_min_s=\(writes.min() ?? 0) written_bytes=\(size)")
    }
}
