import Testing
import SynthData
@testable import SynthEngine

/// The examples in docs/ENCODINGS.md, checked.
@Suite struct DocExampleTests {
    typealias S = EncodingTestSupport

    private func codes(_ encoding: TableEncoding, _ table: Table, row: Int, column: String) throws -> [Int32] {
        let encoded = try encoding.encode(table)
        return encoded.subColumns.indices.filter { encoded.subColumns[$0].name.hasPrefix(column + "/") }
            .map { encoded.code(row: row, subColumn: $0) }
    }

    @Test func categoricalCodesByFrequency() throws {
        let counts = [("Ideal", 9), ("Premium", 8), ("Very Good", 7), ("Good", 6), ("Fair", 5)]
        let table = try S.table(S.strings("cut", counts.flatMap { Array(repeating: $0.0, count: $0.1) }))
        let encoding = try TableEncoder.fit(table: table, valueProtection: false)
        #expect(try codes(encoding, table, row: 0, column: "cut") == [0])
        #expect(try codes(encoding, table, row: 9 + 8 + 7 + 6, column: "cut") == [4])
    }

    @Test func digitExamples() throws {
        let price = S.ints("price", [2757, 336, 18797, 400])
        let carat = S.doubles("carat", [0.23, 4.01, 1.5, 0.5])
        let delay = S.ints("dep_delay", [-3, nil, 911, -25])
        let table = try S.table(price, carat, delay)
        let encoding = try TableEncoder.fit(table: table, overrides: ["price": .numericDigit, "carat": .numericDigit, "dep_delay": .numericDigit],
                                            valueProtection: false)
        #expect(try codes(encoding, table, row: 0, column: "price") == [0, 2, 7, 5, 7])
        #expect(try codes(encoding, table, row: 0, column: "carat") == [0, 2, 3])
        #expect(encoding.column(named: "carat")?.subColumns == [SubColumnSpec("digit_0", 5), SubColumnSpec("digit_-1", 10), SubColumnSpec("digit_-2", 10)])
        #expect(try codes(encoding, table, row: 0, column: "dep_delay") == [0, 1, 0, 0, 3])
        #expect(try codes(encoding, table, row: 1, column: "dep_delay") == [1, 0, 0, 0, 0])
    }

    @Test func datetimeExample() throws {
        let base = Int64(CivilDate.days(year: 2013, month: 1, day: 1)) * 86_400
        let column = Column(name: "time_hour", values: .timestamp([base + 10 * 3_600, base + 86_400 * 400], unit: .seconds, timeZone: "UTC"))
        let table = try S.table(column)
        let encoding = try TableEncoder.fit(table: table, valueProtection: false)
        #expect(try codes(encoding, table, row: 0, column: "time_hour") == [0, 0, 0, 10])
    }

    @Test func datetimeRelativeExample() throws {
        let table = try S.table(S.dates("d", ["2020-01-05", "2020-01-07", nil, "2019-12-25"]))
        let encoding = try TableEncoder.fit(table: table, overrides: ["d": .datetimeRelative], valueProtection: false)
        guard case .datetimeRelative(let codec) = encoding.columns[0].parameters else { Issue.record("type"); return }
        let gaps = DatetimeRelativeCodec.gapColumn([18_266, 18_268, 0, 18_255], table.columns[0], origin: codec.origin)
        guard case .int64(let values) = gaps.values else { Issue.record("type"); return }
        #expect(values == [11, 2, 0, -13])
    }

    @Test func primaryKeyExample() throws {
        let table = try S.table(S.strings("tailnum", ["N10156", "N102UW", "N103US"]))
        let encoding = try TableEncoder.fit(table: table, overrides: ["tailnum": .primaryKey])
        let back = try encoding.decode(encoding.encode(table), seed: 0)
        #expect(back.columns[0].formattedCell(1) == "N00002")
    }
}
