import Foundation
import Testing
import SynthTestSupport
@testable import SynthData

@Suite("ParquetReader fixtures")
struct ParquetReaderFixtureTests {
    /// Compares one table read from a fixture with expected.csv, cell for cell.
    static func compare(_ table: Table, file: String) throws -> [String] {
        let (header, rows) = try ParquetFixtures.expectedCSV()
        var problems: [String] = []
        #expect(table.columnNames == header, "\(file): columns")
        #expect(table.rowCount == rows.count, "\(file): rows")
        let legacyNs = file == "mixed_snappy_format1.parquet"
        for (c, name) in header.enumerated() {
            guard let column = try? table.column(named: name) else { problems.append("\(file): no column \(name)"); continue }
            for r in 0..<min(rows.count, table.rowCount) {
                let expected = rows[r][c]
                let got = column.value(at: r)
                if problems.count > 20 { return problems }
                guard let expected else {
                    if !got.isNull { problems.append("\(file) \(name)[\(r)]: expected null, got \(got)") }
                    continue
                }
                let ok: Bool
                switch (name, got) {
                case ("f32", .double(let v)): ok = Float(v) == Float(expected) || (v.isNaN && expected == "NaN")
                case ("f64", .double(let v)):
                    ok = expected == "NaN" ? v.isNaN : (Double(expected).map { $0 == v && $0.sign == v.sign } ?? false)
                case ("dec", .double(let v)): ok = Double(expected) == v
                case (_, .int64(let v)): ok = String(v) == expected
                case (_, .string(let v)): ok = v == expected
                case (_, .bool(let v)): ok = (v ? "true" : "false") == expected
                case (_, .date(let v)): ok = CivilDate.format(days: v) == expected
                case (_, let .timestamp(v, unit, zone)):
                    let text = ParquetFixtures.formatTimestamp(v, unit: unit, utc: zone != nil)
                    ok = legacyNs && name == "ts_ns" ? text == String(expected.dropLast(3)) : text == expected
                default: ok = false
                }
                if !ok { problems.append("\(file) \(name)[\(r)]: expected \(expected), got \(got)") }
            }
        }
        return problems
    }

    @Test("every readable fixture equals expected.csv cell for cell", arguments: ParquetFixtures.readableFiles)
    func matchesExpectedCSV(file: String) throws {
        let reader = try ParquetReader(path: ParquetFixtures.path(file))
        let table = try reader.readTable()
        let problems = try Self.compare(table, file: file)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("types and time zones follow the mapping", arguments: ParquetFixtures.readableFiles)
    func columnTypes(file: String) throws {
        let table = try ParquetReader(path: ParquetFixtures.path(file)).readTable()
        let nsUnit: TimeUnit = file == "mixed_snappy_format1.parquet" ? .microseconds : .nanoseconds
        let expected: [String: DataType] = [
            "id": .int64, "i32": .int64, "i64": .int64, "i8": .int64, "f64": .double, "f32": .double,
            "s": .string, "b": .bool, "d": .date,
            "ts_ms": .timestamp(unit: .milliseconds, timeZone: nil),
            "ts_us": .timestamp(unit: .microseconds, timeZone: nil),
            "ts_ms_utc": .timestamp(unit: .milliseconds, timeZone: "UTC"),
            "ts_us_tz": .timestamp(unit: .microseconds, timeZone: "America/New_York"),
            "ts_ns": .timestamp(unit: nsUnit, timeZone: nil),
            "cat": .string, "dec": .double,
        ]
        for column in table.columns { #expect(column.dataType == expected[column.name], "\(file): \(column.name)") }
    }

    @Test("checksums from fixtures.json", arguments: ParquetFixtures.readableFiles)
    func checksums(file: String) throws {
        let manifest = try ParquetFixtures.manifest()
        let sums = try #require(manifest["checksums"] as? [String: Any])
        let table = try ParquetReader(path: ParquetFixtures.path(file)).readTable()
        #expect(table.rowCount == sums["num_rows"] as? Int)
        let nulls = try #require(sums["null_count"] as? [String: Int])
        for (name, count) in nulls { #expect(try table.column(named: name).nullCount == count, "\(file): nulls of \(name)") }
        let wrapping = try #require(sums["sum_wrapping_int64"] as? [String: NSNumber])
        func wrappingSum(_ name: String) throws -> Int64 {
            let column = try table.column(named: name)
            var total: Int64 = 0
            for row in 0..<column.count where !column.isNull(row) {
                switch column.value(at: row) {
                case .int64(let v), .timestamp(let v, _, _): total &+= v
                case .date(let v): total &+= Int64(v)
                default: break
                }
            }
            return total
        }
        for name in ["id", "i32", "i64", "i8"] {
            #expect(try wrappingSum(name) == wrapping[name]?.int64Value, "\(file): sum of \(name)")
        }
        for name in ["ts_ms", "ts_us", "ts_ms_utc", "ts_us_tz", "d"] + (file == "mixed_snappy_format1.parquet" ? [] : ["ts_ns"]) {
            #expect(try wrappingSum(name) == wrapping[name + "_raw"]?.int64Value, "\(file): sum of \(name)")
        }
        let dec = try table.column(named: "dec")
        var decimalSum: Int64 = 0
        for row in 0..<dec.count where !dec.isNull(row) {
            if case .double(let v) = dec.value(at: row) { decimalSum += Int64((v * 100).rounded()) }
        }
        #expect(decimalSum == wrapping["dec_unscaled"]?.int64Value, "\(file): decimal sum")
        let b = try table.column(named: "b")
        #expect((0..<b.count).filter { b.value(at: $0) == .bool(true) }.count == sums["true_count_b"] as? Int)
        let s = try table.column(named: "s")
        #expect((0..<s.count).filter { s.value(at: $0) == .string("") }.count == sums["empty_string_count_s"] as? Int)
        let f64 = try table.column(named: "f64")
        #expect((0..<f64.count).filter { if case .double(let v) = f64.value(at: $0) { v.isNaN } else { false } }.count
                == sums["f64_nan_count"] as? Int)
        let cat = try table.column(named: "cat")
        let distinct = Set((0..<cat.count).compactMap { if case .string(let v) = cat.value(at: $0) { v } else { nil } })
        #expect(distinct.sorted() == (sums["distinct_cat"] as? [String])?.sorted())
    }

    @Test("row groups stream one at a time and add up to the whole table")
    func rowGroupsStream() throws {
        let reader = try ParquetReader(path: ParquetFixtures.path("mixed_snappy_rg500.parquet"))
        #expect(reader.rowGroupCount == 4)
        #expect(reader.rowGroupRowCounts == [500, 500, 500, 500])
        let whole = try reader.readTable(columns: ["id", "s"])
        for group in 0..<reader.rowGroupCount {
            let part = try reader.readRowGroup(group, columns: ["s", "id"])
            #expect(part.columnNames == ["s", "id"])
            #expect(part.rowCount == 500)
            let ids = try part.column(named: "id")
            #expect(ids.value(at: 0) == .int64(Int64(group * 500)))
            let strings = try part.column(named: "s"), all = try whole.column(named: "s")
            for row in 0..<500 { #expect(strings.value(at: row) == all.value(at: group * 500 + row)) }
        }
        #expect(throws: ParquetError.rowGroupOutOfRange(4, count: 4)) { try reader.readRowGroup(4) }
    }

    @Test("projection reads only the columns asked for, in that order")
    func projection() throws {
        let reader = try ParquetReader(path: ParquetFixtures.path("mixed_zstd_v2.parquet"))
        let table = try reader.readTable(columns: ["dec", "id"])
        #expect(table.columnNames == ["dec", "id"])
        #expect(throws: ParquetError.self) { try reader.readTable(columns: ["nope"]) }
        #expect(reader.schema.columnNames.count == 16)
        #expect(reader.summary.contains("ts_us_tz: INT64 TIMESTAMP(us, UTC) optional → timestamp[us, America/New_York]"))
    }

    @Test("brotli gives a clear error naming the column and the codec")
    func brotliIsUnsupported() throws {
        let reader = try ParquetReader(path: ParquetFixtures.path("mixed_brotli_v1.parquet"))
        #expect(throws: ParquetError.unsupported(column: "id",
                                                 feature: "compression codec BROTLI (supported: UNCOMPRESSED, SNAPPY, GZIP, ZSTD)")) {
            try reader.readTable()
        }
        do {
            _ = try reader.readTable(columns: ["s"])
            Issue.record("brotli column read without error")
        } catch let error as ParquetError {
            #expect(error.description.contains("column 's'") && error.description.contains("BROTLI"))
        }
    }

    @Test("nested columns give a clear error; flat columns read by projection")
    func nestedColumns() throws {
        let reader = try ParquetReader(path: ParquetFixtures.path("nested_list.parquet"))
        #expect(reader.schema.columnNames == ["id", "tags", "point", "scores"])
        do {
            _ = try reader.readTable()
            Issue.record("nested file read without error")
        } catch let ParquetError.unsupported(column, feature) {
            #expect(column == "tags")
            #expect(feature.contains("nested"))
        }
        #expect(throws: ParquetError.self) { try reader.readTable(columns: ["point"]) }
        let table = try reader.readTable(columns: ["id"])
        #expect(table.rowCount == 200)
        let ids = try table.column(named: "id")
        var sum: Int64 = 0
        for row in 0..<ids.count { if case .int64(let v) = ids.value(at: row) { sum += v } }
        #expect(sum == Int64((0..<200).reduce(0, +)))
    }
}
