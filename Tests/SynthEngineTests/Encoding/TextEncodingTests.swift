import Foundation
import Testing
import SynthData
@testable import SynthEngine

@Suite struct TextEncodingTests {
    typealias S = EncodingTestSupport

    @Test func characterRoundTripsCodesUnicodeAndEmptyStrings() throws {
        let values: [String?] = ["N14228", "N24211", "", nil, "N5", "Ωμέγα", "ab🙂", "N14228"]
        let encoding = try S.expectRoundTrip(S.table(S.strings("tail", values)), overrides: ["tail": .character])
        let subs = encoding.columns[0].subColumns
        #expect(subs.first == SubColumnSpec("special", 2))
        #expect(subs.count == 1 + 6)
        #expect(subs[1] == SubColumnSpec("char_0", 1 + 3)) // end, then N, a, Ω
    }

    @Test func characterProtectionReplacesRareCharacters() throws {
        let values: [String?] = Array(repeating: "A1", count: 20) + ["Q9"]
        let table = try S.table(S.strings("code", values))
        let encoding = try TableEncoder.fit(table: table, overrides: ["code": .character], seed: 1)
        #expect(encoding.columns[0].protection.rareCategories == 2)
        let back = try encoding.decode(encoding.encode(table), seed: 1).columns[0]
        guard case .string(let v) = back.values else { Issue.record("not text"); return }
        #expect(v[20] == "A1")
    }

    @Test func latLongRoundTripsAndIsDetected() throws {
        let values: [String?] = ["40.6925, -74.1687", "40.7769, -73.874", nil, "-33.9399, 151.1753", "0, 0", "51.47, -0.4543", "40.6925, -74.1687"]
        let table = try S.table(S.strings("loc", values))
        let encoding = try S.expectRoundTrip(table)
        #expect(encoding.columns[0].type == .latLong)
        let subs = encoding.columns[0].subColumns
        #expect(subs.first?.suffix == "special")
        #expect(subs.dropFirst().allSatisfy { $0.suffix.hasPrefix("quad_") && ($0.cardinality == 16 || $0.cardinality == 4) })
    }

    @Test func latLongRejectsTextThatIsNotCoordinates() throws {
        let table = try S.table(S.strings("loc", ["40.1, -74.2", "not a place"]))
        #expect(throws: EncodingError.self) { try TableEncoder.fit(table: table, overrides: ["loc": .latLong]) }
    }

    @Test func anErrorInOneColumnOfALargeTableIsThrownNotLost() throws {
        let n = 20_000
        let good = try S.table(S.strings("loc", (0..<n).map { "\($0 % 90).5, \($0 % 180).25" }), S.ints("v", (0..<n).map { Int64($0 % 7) }))
        let encoding = try TableEncoder.fit(table: good, seed: 1)
        #expect(encoding.columns[0].type == .latLong)
        var values: [String?] = (0..<n).map { "\($0 % 90).5, \($0 % 180).25" }
        values[12_345] = "somewhere"
        let bad = try S.table(S.strings("loc", values), S.ints("v", (0..<n).map { Int64($0 % 7) }))
        #expect(throws: EncodingError.invalidValue(column: "loc", row: 12_345, reason: "'somewhere' is not a \"lat, long\" pair")) {
            try encoding.encode(bad)
        }
    }

    @Test func primaryKeysAreExcludedAndRegeneratedUnique() throws {
        let ids = S.strings("tailnum", ["N10156", "N102UW", "N103US", "N104UW", "N10575"])
        let numbers = S.ints("id", [10, 11, 12, 13, 14])
        let table = try S.table(ids, numbers, S.ints("v", [1, 1, 2, 2, 1]))
        let encoding = try TableEncoder.fit(table: table, valueProtection: false)
        #expect(encoding.columns.map(\.type) == [.primaryKey, .primaryKey, .numericDiscrete])
        #expect(encoding.subColumns.map(\.name) == ["v/cat"])
        let back = try encoding.decode(encoding.encode(table), seed: 1)
        guard case .string(let keys) = back.columns[0].values, case .int64(let n) = back.columns[1].values else {
            Issue.record("types"); return
        }
        #expect(Set((0..<keys.count).map { keys[$0] }).count == 5)
        #expect(keys[0] == "N00001")
        #expect(n == [10, 11, 12, 13, 14])
    }

    @Test func excludedColumnsComeBackAsNulls() throws {
        let table = try S.table(S.strings("notes", ["a", "b"]), S.ints("v", [1, 2]))
        let encoding = try TableEncoder.fit(table: table, overrides: ["notes": .exclude])
        let back = try encoding.decode(encoding.encode(table), seed: 1)
        #expect(back.columns[0].nullCount == 2 && back.columns[0].dataType == .string)
    }

    @Test func overridesAreCheckedAndRecorded() throws {
        let table = try S.table(S.strings("s", ["a", "b"]), S.ints("v", [1, 2]))
        #expect(throws: EncodingError.unknownColumn("nope", available: ["s", "v"])) {
            try TableEncoder.fit(table: table, overrides: ["nope": .categorical])
        }
        #expect(throws: EncodingError.self) { try TableEncoder.fit(table: table, overrides: ["s": .numericDigit]) }
        #expect(throws: EncodingError.self) { try TableEncoder.fit(table: table, overrides: ["v": .datetime]) }
        let encoding = try TableEncoder.fit(table: table, overrides: ["v": .numericBinned])
        let detail = encoding.columnDetails()[1]
        #expect(detail.isOverride && detail.encodingText == "numeric_binned (override)")
    }

    @Test func encodingIsCodableAndDecodesTheSameAfterARoundTripThroughJSON() throws {
        let table = try S.table(S.strings("s", ["a", "b", nil, "a"]), S.doubles("x", [1.5, nil, .nan, -2.25]),
                                S.dates("d", ["1900-01-01", "2100-12-31", nil, "1970-01-01"]),
                                S.strings("loc", ["1.5, 2.5", "3, 4", "5.25, 6", nil]))
        let encoding = try TableEncoder.fit(table: table, overrides: ["x": .numericDigit], valueProtection: false)
        let data = try JSONEncoder().encode(encoding)
        let restored = try JSONDecoder().decode(TableEncoding.self, from: data)
        #expect(restored == encoding)
        S.expectSameCells(table, try restored.decode(restored.encode(table), seed: 1))
    }

    @Test func encodingAnotherSchemaFailsClearly() throws {
        // Protection off: with protection, four values are too few to clip and v is fitted as null.
        let encoding = try TableEncoder.fit(table: S.table(S.ints("v", [1, 2, 2, 3])), valueProtection: false)
        #expect(throws: EncodingError.self) { try encoding.encode(S.table(S.strings("v", ["1"]))) }
        #expect(throws: EncodingError.self) { try encoding.encode(S.table(S.ints("w", [1]))) }
        #expect(throws: EncodingError.self) {
            try encoding.decode(EncodedTable(subColumns: [], rowCount: 1, codes: []), seed: 0)
        }
    }
}
