import Foundation
import Testing
import SynthData
@testable import SynthEngine

@Suite struct DatetimeEncodingTests {
    typealias S = EncodingTestSupport

    @Test func datesBefore1970AndAfter2100RoundTrip() throws {
        let dates = S.dates("d", ["1600-02-29", "1969-12-31", "1970-01-01", nil, "2100-03-01", "2262-12-31", "-0044-03-15"])
        let encoding = try S.expectRoundTrip(S.table(dates))
        let subs = encoding.columns[0].subColumns
        #expect(encoding.columns[0].type == .datetime)
        #expect(subs.map(\.suffix) == ["special", "year", "month", "day"])
        #expect(subs[1].cardinality == 2262 + 44 + 1)
    }

    @Test func timestampsWithZonesAndFractionsRoundTrip() throws {
        let ns: [Int64] = [0, -1, 1_700_000_000_123_456_789, -2_208_988_800_000_000_000, 4_102_444_800_999_999_999]
        for zone in [nil, "UTC", "+05:30", "-08:00", "America/New_York"] as [String?] {
            let column = Column(name: "t", values: .timestamp(ns, unit: .nanoseconds, timeZone: zone))
            let encoding = try S.expectRoundTrip(S.table(column))
            #expect(encoding.columns[0].subColumns.filter { $0.suffix.hasPrefix("frac_") }.count == 9)
        }
    }

    @Test func onlyTheTimePartsInUseBecomeSubColumns() throws {
        let hours: [Int64] = (0..<48).map { Int64($0) * 3_600 }
        let column = Column(name: "time_hour", values: .timestamp(hours, unit: .seconds, timeZone: "UTC"))
        let encoding = try S.expectRoundTrip(S.table(column))
        #expect(encoding.columns[0].subColumns.map(\.suffix) == ["year", "month", "day", "hour"])
    }

    @Test func localTimeIsUsedForFixedOffsets() throws {
        // 2020-01-01T00:30:00+05:30 is 2019-12-31T19:00:00Z: the local date and time are coded.
        let utc = Int64(CivilDate.days(year: 2020, month: 1, day: 1)) * 86_400 - 5 * 3_600
        let column = Column(name: "t", values: .timestamp([utc, utc + 60], unit: .seconds, timeZone: "+05:30"))
        let table = try S.table(column)
        let encoding = try TableEncoder.fit(table: table, valueProtection: false)
        let encoded = try encoding.encode(table)
        let names = encoded.subColumns.map(\.name)
        #expect(names == ["t/year", "t/month", "t/day", "t/minute"]) // the local hour is always 0
        let minute = try #require(names.firstIndex(of: "t/minute")), day = try #require(names.firstIndex(of: "t/day"))
        #expect(encoded.code(row: 0, subColumn: minute) == 30)
        #expect(encoded.code(row: 0, subColumn: day) == 0) // the 1st, not the 31st of the UTC date
        #expect(encoding.columns[0].subColumns.first { $0.suffix == "year" }?.cardinality == 1)
    }

    @Test func datetimeTextIsDetectedAndRoundTripsInItsFormat() throws {
        let cases: [[String?]] = [
            ["2013-01-01 05:17", "2013-12-31 23:59", nil, "1969-07-20 20:17"],
            ["01/31/2013", "12/01/1999", "02/29/2000"],
            ["31.01.2013 08:15:00", "01.02.2100 00:00:01"],
            ["2013-01-01T10:00:00.250Z", "2013-01-01T10:00:01.500Z"],
        ]
        for values in cases {
            let table = try S.table(S.strings("when", values))
            let analysis = TableAnalyzer.analyze(table)
            #expect(analysis.columns[0].datetimeText != nil, "\(values)")
            let encoding = try S.expectRoundTrip(table)
            #expect(encoding.columns[0].type == .datetime)
        }
    }

    @Test func impossibleDatesFromAModelAreClampedIntoTheMonth() throws {
        let table = try S.table(S.dates("d", ["2021-01-31", "2021-03-31"]))
        let encoding = try TableEncoder.fit(table: table, valueProtection: false)
        // year 0 (2021), month code 1 (February), day code 30 (the 31st).
        let codes: [Int32] = [0, 1, 30]
        let back = try encoding.decode(EncodedTable(subColumns: encoding.subColumns, rowCount: 1, codes: codes), seed: 0)
        #expect(back.columns[0].formattedCell(0) == "2021-02-28")
    }

    @Test func datetimeRelativeRoundTripsGapsInRowOrder() throws {
        let table = try S.table(S.dates("d", ["2020-01-05", "2020-01-07", nil, "2019-12-25", "2020-03-01"]))
        let encoding = try S.expectRoundTrip(table, overrides: ["d": .datetimeRelative])
        #expect(encoding.columns[0].subColumns.contains { $0.suffix == "gap_sign" })
        #expect(throws: EncodingError.self) {
            try TableEncoder.fit(table: S.table(S.ints("n", [1, 2])), overrides: ["n": .datetimeRelative])
        }
    }

    @Test func datetimeRangesAreProtected() throws {
        var days: [String?] = (0..<100).map { "2020-01-\(String(format: "%02d", $0 % 28 + 1))" }
        days[0] = "1900-01-01"
        let table = try S.table(S.dates("d", days))
        let encoding = try TableEncoder.fit(table: table, seed: 4)
        let report = encoding.columns[0].protection
        #expect(report.clippedLow >= 1 && report.clippedLow <= 7)
        #expect(report.lowerBound?.hasPrefix("2020-01-0") == true)
        #expect(encoding.columns[0].subColumns.first { $0.suffix == "year" }?.cardinality == 1)
    }
}
