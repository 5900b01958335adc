import Foundation
import Testing
import SynthTestSupport
@testable import SynthData

@Suite("ParquetWriter")
struct ParquetWriterTests {
    /// A table with every synth type, nulls, NaN, empty strings, low- and high-cardinality columns.
    static func sampleTable(rows: Int = 5_000) throws -> Table {
        var ints = [Int64](), doubles = [Double](), bools = [Bool](), dates = [Int32](), stamps = [Int64]()
        var words = StringArray(), uniques = StringArray(), lowInts = [Int64]()
        var validity = ValidityBitmap(count: 0, allValid: false)
        let vocabulary = ["alpha", "beta", "", "Zürich", "東京", "🚀 rocket", "comma, inside"]
        var state: UInt64 = 42
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 11 }
        for row in 0..<rows {
            ints.append(Int64(bitPattern: next() << 11) >> 3)
            doubles.append(row == 7 ? .nan : row == 8 ? -0.0 : Double(Int64(next() % 2_000_000) - 1_000_000) / 7)
            bools.append(next() % 3 == 0)
            dates.append(Int32(next() % 40_000) - 20_000)
            stamps.append(Int64(next() % 4_000_000_000_000) - 1_000_000_000_000)
            words.append(vocabulary[Int(next() % UInt64(vocabulary.count))])
            uniques.append("row-\(row)-\(next() % 1000)")
            lowInts.append(Int64(next() % 5))
            validity.append(row % 11 != 3)
        }
        return try Table(columns: [
            Column(name: "int", values: .int64(ints), validity: validity),
            Column(name: "low", values: .int64(lowInts)),
            Column(name: "double", values: .double(doubles), validity: validity),
            Column(name: "bool", values: .bool(bools), validity: validity),
            Column(name: "date", values: .date(dates), validity: validity),
            Column(name: "ts_local", values: .timestamp(stamps, unit: .microseconds, timeZone: nil)),
            Column(name: "ts_utc", values: .timestamp(stamps, unit: .milliseconds, timeZone: "UTC"), validity: validity),
            Column(name: "ts_zone", values: .timestamp(stamps, unit: .nanoseconds, timeZone: "America/New_York")),
            Column(name: "word", values: .string(words), validity: validity),
            Column(name: "unique", values: .string(uniques)),
        ])
    }

    /// Equality that treats NaN as equal to NaN (Double's == does not).
    static func sameTable(_ a: Table, _ b: Table) -> Bool {
        guard a.columnNames == b.columnNames, a.rowCount == b.rowCount else { return false }
        for (x, y) in zip(a.columns, b.columns) {
            guard x.dataType == y.dataType, x.nullCount == y.nullCount else { return false }
            for row in 0..<x.count {
                let u = x.value(at: row), v = y.value(at: row)
                if case .double(let p) = u, case .double(let q) = v {
                    if !(p == q && p.sign == q.sign) && !(p.isNaN && q.isNaN) { return false }
                } else if u != v {
                    return false
                }
            }
        }
        return true
    }

    @Test("write then read gives the same table", arguments: [ParquetCompression.snappy, .zstd, .gzip, .uncompressed])
    func roundTrip(compression: ParquetCompression) throws {
        let table = try Self.sampleTable()
        for dictionary in [true, false] {
            let options = ParquetWriteOptions(compression: compression, rowGroupSize: 1_500, pageRowLimit: 700,
                                              dictionary: dictionary)
            let bytes = try ParquetWriter.encode(table, options: options)
            let reader = try ParquetReader(bytes: bytes)
            #expect(reader.rowGroupCount == 4)
            #expect(Self.sameTable(try reader.readTable(), table), "\(compression), dictionary \(dictionary)")
        }
    }

    @Test("low-cardinality columns are dictionary-encoded, high-cardinality ones fall back to PLAIN")
    func dictionaryChoice() throws {
        let table = try Self.sampleTable()
        let bytes = try ParquetWriter.encode(table)
        let reader = try ParquetReader(bytes: bytes)
        let footer = try Self.footer(bytes)
        let columns = footer.rowGroups[0].columns
        func encodings(_ name: String) -> [Int32] {
            columns.first { $0.metadata?.pathInSchema == [name] }?.metadata?.encodings ?? []
        }
        #expect(encodings("low").contains(ParquetEncoding.rleDictionary.rawValue))
        #expect(encodings("word").contains(ParquetEncoding.rleDictionary.rawValue))
        #expect(!encodings("unique").contains(ParquetEncoding.rleDictionary.rawValue))
        #expect(!encodings("int").contains(ParquetEncoding.rleDictionary.rawValue))
        #expect(Self.sameTable(try reader.readTable(), table))
    }

    @Test("statistics hold min, max and null count")
    func statistics() throws {
        let values: [Int64] = [5, -3, 9, 0]
        let table = try Table(columns: [
            Column(name: "n", values: .int64(values), validity: ValidityBitmap([true, true, false, true])),
            Column(name: "s", values: .string(StringArray(["pear", "apple", "zoo", "fig"]))),
            Column(name: "d", values: .double([1.5, .nan, -2.5, 0])),
        ])
        let footer = try Self.footer(try ParquetWriter.encode(table))
        let stats = footer.rowGroups[0].columns.map { $0.metadata?.statistics }
        func int64(_ bytes: [UInt8]?) -> Int64? {
            bytes.map { b in b.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) } }
        }
        func double(_ bytes: [UInt8]?) -> Double? {
            bytes.map { b in b.withUnsafeBytes { $0.loadUnaligned(as: Double.self) } }
        }
        #expect(int64(stats[0]?.minValue) == -3)
        #expect(int64(stats[0]?.maxValue) == 5)
        #expect(stats[0]?.nullCount == 1)
        #expect(stats[1]?.minValue == Array("apple".utf8))
        #expect(stats[1]?.maxValue == Array("zoo".utf8))
        #expect(stats[1]?.nullCount == 0)
        #expect(double(stats[2]?.minValue) == -2.5)
        #expect(double(stats[2]?.maxValue) == 1.5)
    }

    @Test("seconds timestamps are stored as milliseconds; empty tables and bad options")
    func edgeCases() throws {
        let seconds = try Table(columns: [Column(name: "t", values: .timestamp([0, 86_400, -1], unit: .seconds, timeZone: "UTC"))])
        let back = try ParquetReader(bytes: try ParquetWriter.encode(seconds)).readTable()
        #expect(try back.column(named: "t").values == .timestamp([0, 86_400_000, -1_000], unit: .milliseconds, timeZone: "UTC"))
        let empty = try Table(columns: [Column(name: "x", values: .int64([]))])
        let emptyBack = try ParquetReader(bytes: try ParquetWriter.encode(empty)).readTable()
        #expect(emptyBack.rowCount == 0 && emptyBack.columnNames == ["x"])
        #expect(throws: ParquetError.self) { try ParquetWriter.encode(empty, options: .init(rowGroupSize: 0)) }
        #expect(throws: ParquetError.self) { try ParquetWriter.encode(empty, options: .init(compression: .brotli)) }
    }

    @Test("a fixture read and written again reads back equal")
    func fixtureRewrite() throws {
        let original = try ParquetReader(path: ParquetFixtures.path("mixed_snappy_v1.parquet")).readTable()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("copy.parquet").path
        try ParquetWriter.write(original, to: path)
        #expect(Self.sameTable(try ParquetReader(path: path).readTable(), original))
    }

    static func footer(_ bytes: [UInt8]) throws -> FileMetadata {
        let length = bytes[(bytes.count - 8)..<(bytes.count - 4)].reversed().reduce(0) { $0 << 8 | Int($1) }
        return try bytes.withUnsafeBytes { all in
            var reader = ThriftCompactReader(ByteCursor(
                UnsafeRawBufferPointer(rebasing: all[(bytes.count - 8 - length)..<(bytes.count - 8)]), context: "footer"))
            return try FileMetadata(thrift: &reader)
        }
    }
}
