import Foundation
import Testing
import SynthData
@testable import SynthEngine

@Suite struct CategoricalEncodingTests {
    typealias S = EncodingTestSupport

    @Test func roundTripsUnicodeEmptyStringsAndNulls() throws {
        let values: [String?] = ["Ideal", "", nil, "Zürich", "東京", "🙂 emoji", "Ideal", "", "a\"quote,comma", nil]
        let encoding = try S.expectRoundTrip(S.table(S.strings("s", values)))
        #expect(encoding.columns[0].type == .categorical)
        #expect(encoding.columns[0].subColumns == [SubColumnSpec("cat", 1 + 6)]) // null + 6 distinct (with "")
    }

    @Test func roundTripsBoolsDatesAndTimestampsAsCategories() throws {
        let bools = Column(name: "b", values: .bool([true, false, true, false]), validity: ValidityBitmap([true, true, false, true]))
        let stamps = Column(name: "t", values: .timestamp([0, 1_500, -86_400_000, 0], unit: .milliseconds, timeZone: "UTC"))
        try S.expectRoundTrip(S.table(bools, S.dates("d", ["1969-12-31", nil, "2150-06-01", "1969-12-31"]), stamps),
                              overrides: ["d": .categorical, "t": .categorical])
    }

    @Test func rareCategoriesBecomeRareTokenAndAreReported() throws {
        var values: [String?] = Array(repeating: "common", count: 50) + Array(repeating: "other", count: 20)
        values += ["alice-only", "bob-only", "carol-only"]
        let table = try S.table(S.strings("name", values))
        let encoding = try TableEncoder.fit(table: table, seed: 11)
        let report = encoding.columns[0].protection
        #expect(report.rareCategories == 3 && report.rareRows == 3)
        #expect((5...7).contains(report.rareThreshold ?? 0))
        let decoded = try encoding.decode(encoding.encode(table), seed: 1).columns[0]
        guard case .string(let back) = decoded.values else { Issue.record("not text"); return }
        #expect(back[70] == "_RARE_" && back[72] == "_RARE_")
        #expect(back[0] == "common" && back[69] == "other")
        #expect(!(0..<back.count).contains { back[$0].hasSuffix("-only") })
        #expect(report.summary == "3 rare → _RARE_ (3 rows)")
    }

    @Test func rareNumbersDecodeToAKeptValueNotAToken() throws {
        let values: [Int64?] = Array(repeating: 1, count: 30) + Array(repeating: 2, count: 30) + [99]
        let table = try S.table(S.ints("k", values))
        let encoding = try TableEncoder.fit(table: table, overrides: ["k": .numericDiscrete], seed: 2)
        let decoded = try encoding.decode(encoding.encode(table), seed: 1).columns[0]
        guard case .int64(let back) = decoded.values else { Issue.record("not int"); return }
        #expect(back[60] == 1 || back[60] == 2)
    }

    @Test func constantColumnsWriteNoSubColumn() throws {
        let table = try S.table(S.ints("year", Array(repeating: 2013, count: 40)), S.strings("c", Array(repeating: "x", count: 40)))
        let encoding = try S.expectRoundTrip(table)
        #expect(encoding.subColumns.isEmpty)
        #expect(encoding.columns.map(\.type) == [.numericDiscrete, .categorical])
    }

    @Test func unseenValuesEncodeAsRareWhenEncodingOtherData() throws {
        let train = try S.table(S.strings("c", Array(repeating: "a", count: 10) + Array(repeating: "b", count: 10) + ["z"]))
        let encoding = try TableEncoder.fit(table: train, seed: 1)
        let other = try S.table(S.strings("c", ["a", "never-seen", "b"]))
        let back = try encoding.decode(encoding.encode(other), seed: 1).columns[0]
        guard case .string(let v) = back.values else { Issue.record("not text"); return }
        #expect(v[0] == "a" && v[1] == "_RARE_" && v[2] == "b")
    }
}
