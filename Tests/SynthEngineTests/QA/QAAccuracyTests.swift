import Foundation
import SynthData
import Testing
@testable import SynthEngine

@Suite struct QAAccuracyTests {
    @Test func accuracyIsOneMinusTotalVariationDistance() {
        let original: [Int32] = [50, 30, 20, 0], synthetic: [Int32] = [40, 30, 20, 10]
        let score = original.withUnsafeBufferPointer { o in
            synthetic.withUnsafeBufferPointer { s in
                QAAccuracyScore.score(original: o, synthetic: s, originalTotal: 100, syntheticTotal: 100)
            }
        }
        #expect(score.accuracy == 0.9)
        // Ceiling: 1 − ½ Σ sqrt(2/π · p(1−p) · (1/100 + 1/100)).
        let expected = [0.5, 0.3, 0.2].reduce(0.0) { $0 + (2 / Double.pi * $1 * (1 - $1) * 0.02).squareRoot() }
        #expect(abs(score.accuracyMax - QAAccuracyScore.round5(1 - expected / 2)) < 1e-12)
    }

    @Test func identicalDataIsFullyAccurate() throws {
        let table = QATestTables.population(rows: 600, seed: 1)
        let report = try QAReport.compute(synthetic: table, training: table, holdout: nil)
        #expect(report.accuracy.univariate == 1)
        #expect(report.accuracy.bivariate == 1)
        #expect(report.accuracy.trivariate == 1)
        #expect(report.accuracy.overall == 1)
        #expect(report.privacy?.identicalMatchTraining == 1)
    }

    @Test func shuffledColumnsKeepMarginalsButLoseRelations() throws {
        let training = QATestTables.population(rows: 2000, seed: 2)
        let holdout = QATestTables.population(rows: 500, seed: 3)
        let shuffled = QATestTables.shuffledColumns(training, seed: 4)
        let report = try QAReport.compute(synthetic: shuffled, training: training, holdout: holdout)
        let fresh = try QAReport.compute(synthetic: QATestTables.population(rows: 2000, seed: 5), training: training, holdout: holdout)
        #expect(report.accuracy.univariate > 0.97)
        // x and level are related: shuffling breaks that pair, a fresh sample keeps it.
        let shuffledPair = try #require(report.pairAccuracy("x", "level")).accuracy
        let freshPair = try #require(fresh.pairAccuracy("x", "level")).accuracy
        #expect(shuffledPair < freshPair - 0.2)
        #expect(report.accuracy.bivariate! < fresh.accuracy.bivariate!)
        #expect(fresh.accuracy.overall > 0.9)
        #expect(fresh.accuracy.overall <= fresh.accuracy.overallMax + 0.02)
    }

    @Test func reportHasOneEntryPerColumnPairAndTriple() throws {
        let table = QATestTables.population(rows: 300, seed: 6)
        let report = try QAReport.compute(synthetic: table, training: table, holdout: nil)
        #expect(report.columns.map(\.name) == ["x", "level", "colour", "day"])
        #expect(report.bivariate.count == 6)
        #expect(report.trivariateCount == 4)
        #expect(report.column(named: "colour")?.bins.contains { $0.label == "(n/a)" } == true)
        #expect(report.statistics.count == 4)
        #expect(report.correlations.original.count == 4)
        // x determines level in part: their association is clearly above zero.
        #expect(report.correlations.original[0][1] > 0.5)
    }

    @Test func reportRoundTripsThroughJSON() throws {
        let table = QATestTables.population(rows: 200, seed: 7)
        let report = try QAReport.compute(synthetic: table, training: table, holdout: table)
        let decoded = try JSONDecoder().decode(QAReport.self, from: JSONEncoder().encode(report))
        #expect(decoded == report)
    }

    @Test func badInputIsAClearError() throws {
        let table = QATestTables.population(rows: 50, seed: 8)
        let missing = try table.dropping(["colour"])
        #expect(throws: QAError.missingColumn("colour", role: "synthetic")) {
            try QAReport.compute(synthetic: missing, training: table, holdout: nil)
        }
        #expect(throws: QAError.emptyTable(role: "synthetic")) {
            try QAReport.compute(synthetic: table.head(0), training: table, holdout: nil)
        }
        #expect(throws: QAError.noColumns) {
            try QAReport.compute(synthetic: table, training: Table(), holdout: nil)
        }
    }
}
