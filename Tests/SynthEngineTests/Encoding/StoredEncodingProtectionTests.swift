import Foundation
import SynthData
import Testing
@testable import SynthEngine

/// The fitted encoding is stored as `encoding.json` and travels in share bundles: under value
/// protection it names no rare category and no raw extreme, whatever the encoding type.
@Suite struct StoredEncodingProtectionTests {
    typealias S = EncodingTestSupport

    /// 200 rows; in every column the smallest or largest value (or one category) is held by a
    /// single row and must not appear in the stored encoding.
    static func table() throws -> Table {
        var ids: [Int64] = [], amounts: [Double] = [], incomes: [Int64] = [], days: [String] = [], gaps: [String] = []
        var kinds: [String] = []
        for row in 0..<200 {
            ids.append(100_017 + Int64(row) * 31)
            amounts.append(row == 3 ? 98_765.4321 : 10 + Double(row % 50) * 1.25)
            incomes.append(row == 4 ? 987_654_321 : 20_000 + Int64(row * 97 % 5000))
            days.append(row == 5 ? "1901-02-03" : "2015-0\(row % 9 + 1)-1\(row % 10)")
            gaps.append(row == 6 ? "1899-12-30" : "2016-0\(row % 9 + 1)-2\(row % 10)")
            kinds.append(row == 7 ? "Skunkworks" : ["a", "b", "c"][row % 3])
        }
        return try S.table(S.ints("customer_id", ids), S.doubles("amount", amounts), S.ints("income", incomes),
                           S.dates("day", days), S.dates("since", gaps), S.strings("kind", kinds))
    }

    @Test func storedEncodingHoldsNoRawExtremeOrRareCategory() throws {
        let table = try Self.table()
        for seed: UInt64 in [1, 2, 3] {
            let encoding = try TableEncoder.fit(table: table, overrides: ["amount": .numericBinned, "income": .numericDigit, "since": .datetimeRelative], seed: seed)
            #expect(encoding.columns.map(\.type) == [.primaryKey, .numericBinned, .numericDigit, .datetime, .datetimeRelative, .categorical])
            let json = String(decoding: try JSONEncoder().encode(encoding), as: UTF8.self)
            let rawDays = [CivilDate.days(year: 1901, month: 2, day: 3), CivilDate.days(year: 1899, month: 12, day: 30)]
            for raw in ["100017", "98765", "987654321", "Skunkworks", "1901", "1899"] + rawDays.map(String.init) {
                #expect(!json.contains(raw), "seed \(seed): \(raw) in the stored encoding")
            }
            // Keys still count up, from the protected smallest key, and stay unique.
            let back = try encoding.decode(encoding.encode(table), seed: 1)
            guard case .int64(let keys) = back.columns[0].values, case .date(let since) = back.columns[4].values else {
                Issue.record("types"); return
            }
            #expect(Set(keys).count == keys.count && keys[0] > 100_017 && keys[0] <= 100_017 + 6 * 31)
            #expect(since.allSatisfy { $0 > Int32(CivilDate.days(year: 2000, month: 1, day: 1)) }, "gaps count from the protected origin")
        }
    }

    @Test func withoutProtectionKeysStartAtTheSmallest() throws {
        let encoding = try TableEncoder.fit(table: Self.table(), valueProtection: false)
        let back = try encoding.decode(encoding.encode(Self.table()), seed: 1)
        guard case .int64(let keys) = back.columns[0].values else { Issue.record("type"); return }
        #expect(keys.first == 100_017)
    }

    /// A column with fewer non-null values than the clip rank has no k-th extreme: any bound
    /// would be one record's value, so it is fitted as all null, whatever the encoding.
    @Test func aColumnTooSmallToClipIsFittedAsNull() throws {
        let rows = 300
        let bonus: [Int64?] = (0..<rows).map { [10: 987_654_321, 20: 31_415_926, 30: 27_182_818][$0] }
        let left: [String?] = (0..<rows).map { $0 == 40 ? "1901-02-03" : ($0 == 41 ? "1903-04-05" : nil) }
        let amount: [Double?] = (0..<rows).map { $0 < 4 ? 98_765.4321 + Double($0) : nil }
        let table = try S.table(S.ints("bonus", bonus), S.dates("left", left), S.doubles("amount", amount),
                                S.ints("age", (0..<rows).map { Int64(20 + $0 % 40) }))
        for seed: UInt64 in [1, 2, 3] {
            let encoding = try TableEncoder.fit(table: table, overrides: ["amount": .numericBinned], seed: seed)
            let json = String(decoding: try JSONEncoder().encode(encoding), as: UTF8.self)
            let rawDays = [CivilDate.days(year: 1901, month: 2, day: 3), CivilDate.days(year: 1903, month: 4, day: 5)].map(String.init)
            for raw in ["987654321", "31415926", "27182818", "1901-02-03", "1903-04-05", "98765"] + rawDays {
                #expect(!json.contains(raw), "seed \(seed): \(raw) in the stored encoding")
            }
            for name in ["bonus", "left", "amount"] {
                #expect(encoding.column(named: name)?.protection.suppressedValues != nil, "\(name)")
            }
            #expect(encoding.column(named: "age")?.protection.suppressedValues == nil)
            let back = try encoding.decode(encoding.encode(table), seed: seed)
            for index in 0..<3 { #expect(back.columns[index].nullCount == rows, "\(back.columns[index].name) is all null") }
        }
        // Without protection the values are the user's to keep.
        let open = try TableEncoder.fit(table: table, valueProtection: false)
        #expect(open.column(named: "bonus")?.protection.suppressedValues == nil)
    }
}
