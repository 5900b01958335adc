import Foundation
import Testing
import SynthData
@testable import SynthEngine

@Suite struct TableAnalyzerTests {
    typealias S = EncodingTestSupport

    @Test func reportsCountsNullsQuantilesAndDecimals() throws {
        let x = S.doubles("x", [0.5, 1.25, nil, 3.0, .nan, -2.125, 1.25])
        let analysis = TableAnalyzer.analyze(try S.table(x)).columns[0]
        #expect(analysis.rowCount == 7 && analysis.nullCount == 1 && analysis.nanCount == 1)
        #expect(abs(analysis.nullShare - 1.0 / 7) < 1e-12)
        #expect(analysis.uniqueCount == 5 && analysis.uniqueCountIsExact) // NaN counts as a value
        #expect(analysis.min == -2.125 && analysis.max == 3.0)
        #expect(analysis.quantile(0.5) == 1.25 && analysis.quantilesAreExact)
        #expect(analysis.decimalPlaces == 3)
        #expect(analysis.topValues.first == .init(value: "1.25", count: 2))
        #expect(!analysis.isConstant && !analysis.isUniqueIdentifier)
    }

    @Test func reportsStringLengthsInCharactersAndTopValues() throws {
        let s = S.strings("s", ["a", "Zürich", "東京", "a", "", nil])
        let analysis = TableAnalyzer.analyze(try S.table(s)).columns[0]
        #expect(analysis.stringLength == .init(min: 0, max: 6, mean: 10.0 / 5))
        #expect(analysis.topValues.first == .init(value: "a", count: 2))
        #expect(analysis.uniqueCount == 4)
    }

    @Test func detectsConstantsAndIdentifiers() throws {
        let table = try S.table(
            S.ints("year", Array(repeating: 2013, count: 20)),
            S.strings("tailnum", (0..<20).map { "N\(1000 + $0)X" }),
            S.strings("name", (0..<20).map { "Airport number \($0)" }),
            S.ints("user_id", (0..<20).map { Int64($0 * 7 + 3) }),
            S.ints("price", (0..<20).map { Int64($0 * 7 + 3) }),
            S.ints("row", (0..<20).map { Int64($0 + 1) }),
            S.doubles("measure", (0..<20).map { Double($0) + 0.5 }))
        let columns = TableAnalyzer.analyze(table).columns
        #expect(columns.map(\.isConstant) == [true, false, false, false, false, false, false])
        #expect(columns.map(\.isUniqueIdentifier) == [false, true, false, true, false, true, false])
    }

    @Test func detectsDatetimeAndLatLongTextButNotMixedText() throws {
        let table = try S.table(
            S.strings("when", ["2013-01-01 05:17:00", nil, "2014-02-28 00:00:00"]),
            S.strings("mixed", ["2013-01-01", "yesterday", "2014-02-28"]),
            S.strings("badDate", ["2013-02-30", "2013-01-01", "2013-01-02"]),
            S.strings("loc", ["40.6925, -74.1687", "-33.9, 151.17", "0, 0"]))
        let columns = TableAnalyzer.analyze(table).columns
        #expect(columns[0].datetimeText?.pattern == "YYYY-MM-DD HH:MM:SS")
        #expect(columns[1].datetimeText == nil && columns[2].datetimeText == nil)
        #expect(columns[3].isLatLongText && !columns[0].isLatLongText)
        #expect(EncodingRules.defaultType(for: columns[0]) == .datetime)
        #expect(EncodingRules.defaultType(for: columns[3]) == .latLong)
    }

    @Test func batchesGiveTheSameAnalysisAsTheWholeTable() throws {
        var rng = SeededGenerator(seed: 5)
        let n = 3_000
        let table = try S.table(
            S.ints("i", (0..<n).map { _ -> Int64? in Int64(rng.nextInt(below: 500)) - 250 }),
            S.doubles("d", (0..<n).map { $0 % 17 == 0 ? nil : Double(rng.nextInt(below: 10_000)) / 100 }),
            S.strings("s", (0..<n).map { _ -> String? in "k\(rng.nextInt(below: 40))" }))
        let whole = TableAnalyzer.analyze(table)
        var streaming = TableAnalyzer()
        for start in stride(from: 0, to: n, by: 700) {
            try streaming.consume(batch: table.gatheringRows(Array(start..<min(start + 700, n))))
        }
        #expect(streaming.finish() == whole)
    }

    @Test func distinctCountsBecomeEstimatesBeyondTheExactLimit() throws {
        let n = 200_000
        let table = try S.table(S.ints("v", (0..<n).map { Int64($0) &* 2_654_435_761 }),
                                S.strings("s", (0..<n).map { "value-\($0 % 150_000)" }))
        let columns = TableAnalyzer.analyze(table, options: AnalysisOptions(exactDistinctLimit: 10_000, quantileSampleSize: 5_000)).columns
        #expect(!columns[0].uniqueCountIsExact && !columns[0].quantilesAreExact)
        #expect(abs(Double(columns[0].uniqueCount) - Double(n)) / Double(n) < 0.05)
        #expect(abs(Double(columns[1].uniqueCount) - 150_000) / 150_000 < 0.05)
        // Heavy hitters survive pruning even when they start late.
        let late = try S.table(S.strings("s", (0..<50_000).map { $0 < 30_000 ? "u\($0)" : "hot" }))
        let top = TableAnalyzer.analyze(late, options: AnalysisOptions(exactDistinctLimit: 1_000)).columns[0].topValues.first
        #expect(top?.value == "hot")
    }

    @Test func batchesWithAnotherSchemaAreRejected() throws {
        var analyzer = TableAnalyzer()
        try analyzer.consume(batch: S.table(S.ints("a", [1])))
        #expect(throws: AnalysisError.self) { try analyzer.consume(batch: S.table(S.strings("a", ["x"]))) }
    }

    @Test func analysisIsCodable() throws {
        let analysis = TableAnalyzer.analyze(try S.table(S.doubles("x", [1, 2, nil]), S.strings("s", ["2013-01-01", "2013-01-02", nil])))
        let back = try JSONDecoder().decode(TableAnalysis.self, from: JSONEncoder().encode(analysis))
        #expect(back == analysis)
    }
}
