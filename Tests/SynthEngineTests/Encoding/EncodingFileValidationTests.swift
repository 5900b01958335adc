import Foundation
import Testing
import SynthData
@testable import SynthEngine

/// An `encoding.json` is checked when it is read: parameters no fit could produce (negative
/// or huge counts, mismatched arrays, impossible ranges) are a `DecodingError`, not a crash
/// or a huge allocation when rows are generated.
@Suite struct EncodingFileValidationTests {
    /// One column per codec kind, fitted and stored as JSON.
    static func storedEncoding() throws -> Any {
        let n = 40
        let table = try EncodingTestSupport.table(
            EncodingTestSupport.strings("kind", (0..<n).map { ["a", "b", "c"][$0 % 3] }),
            EncodingTestSupport.ints("digits", (0..<n).map { Int64($0 * 37 % 1000) }),
            EncodingTestSupport.doubles("binned", (0..<n).map { Double($0) * 1.25 }),
            EncodingTestSupport.dates("day", (0..<n).map { "20\(10 + $0 % 9)-0\(1 + $0 % 9)-1\($0 % 9)" }),
            EncodingTestSupport.strings("code", (0..<n).map { "X\($0 % 7)Y" }),
            EncodingTestSupport.strings("place", (0..<n).map { "4\($0 % 9).12\($0 % 7), 2.3\($0 % 5)" }),
            EncodingTestSupport.ints("id", (0..<n).map { Int64($0 + 1) }))
        let encoding = try TableEncoder.fit(table: table, overrides: [
            "kind": .categorical, "digits": .numericDigit, "binned": .numericBinned, "day": .datetime,
            "code": .character, "place": .latLong, "id": .primaryKey], valueProtection: false, seed: 1)
        let data = try JSONEncoder().encode(encoding)
        #expect(try JSONDecoder().decode(TableEncoding.self, from: data) == encoding, "an honest encoding reads back")
        return try JSONSerialization.jsonObject(with: data)
    }

    /// `json` with every value under `key` replaced by `value`; `found` counts the replacements.
    static func replacing(_ key: String, with value: Any, in json: Any, found: inout Int) -> Any {
        if var object = json as? [String: Any] {
            for (k, v) in object {
                if k == key { object[k] = value; found += 1 } else { object[k] = replacing(key, with: value, in: v, found: &found) }
            }
            return object
        }
        if let array = json as? [Any] { return array.map { replacing(key, with: value, in: $0, found: &found) } }
        return json
    }

    /// (key, JSON of the replacement value)
    @Test(arguments: [
        ("digitCount", "-3"), ("digitCount", "1000000000"), ("topDigitCardinality", "0"), ("decimals", "99"),
        ("decimals", "-1"), ("frequencies", "[1]"), ("uppers", "[1.0]"), ("yearCount", "0"), ("yearCount", "1099511627776"),
        ("minYear", "9223372036854775800"), ("minYear", "-9223372036854775808"), ("fractionDigits", "7"), ("spaces", "-2"), ("bits", "0"), ("bits", "10000"),
        ("latUpper", "-9223372036854775808"), ("width", "1099511627776"), ("width", "-1"),
    ])
    func impossibleParametersAreRejectedOnRead(key: String, json: String) throws {
        var found = 0
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let altered = Self.replacing(key, with: value, in: try Self.storedEncoding(), found: &found)
        #expect(found > 0, "no '\(key)' in the stored encoding")
        let data = try JSONSerialization.data(withJSONObject: altered)
        #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(TableEncoding.self, from: data) }
    }
}
