import Foundation
import Testing
@testable import SynthEngine

/// Privacy verdicts carry their sampling uncertainty: a small holdout gives "inconclusive",
/// never a FAIL (or PASS) that the noise alone could explain.
@Suite struct QAPrivacyVerdictTests {
    typealias U = QAPrivacyUncertainty

    @Test func normalQuantileAndWilsonMatchKnownValues() {
        #expect(abs(U.normalQuantile(0.975) - 1.959964) < 1e-5)
        #expect(abs(U.z(groups: 1) - 1.959964) < 1e-5)
        #expect(U.z(groups: 7) > 2.6 && U.z(groups: 7) < 2.8)
        // Wilson 95% for 7/10: 0.3968–0.8922 (textbook values).
        let (lower, upper) = U.wilson(share: 0.7, n: 10, z: U.z(groups: 1))
        #expect(abs(lower - 0.3968) < 1e-3 && abs(upper - 0.8922) < 1e-3)
    }

    /// The quickstart case: a DCR share of 69.6% on 69 holdout records, the highest of seven
    /// column groups, is within the noise of the 55% threshold.
    @Test func smallHoldoutIsInconclusiveWithTheRecordsAVerdictNeeds() throws {
        let n = 69
        var toTraining: [Double] = [], toHoldout: [Double] = []
        // 48 of 69 synthetic records closer to training (69.6%).
        for i in 0..<n {
            let distance = Double(i % 10)
            toTraining.append(distance)
            toHoldout.append(i < 48 ? distance + 1 : distance - 0.5)
        }
        var privacy = QAPrivacy(sampleSize: n, dimensions: 12, columnsUsed: ["a"], dcrTraining: 4.5, dcrHoldout: 5,
                                dcrTrainingHoldout: 4.8, dcrShare: QAPrivacyComputation.dcrShare(toTraining, toHoldout),
                                nndrTraining: 0.5, nndrHoldout: 0.5, nndrTrainingHoldout: 0.5, identicalMatchTraining: 0,
                                identicalMatchHoldout: 0, identicalMatchTrainingHoldout: 0,
                                histogram: QADistanceHistogram(edges: [0, 1], syntheticToTraining: [1]), tests: [])
        privacy.tests = QAPrivacyComputation.verdicts(privacy, options: QAOptions(), toTraining: toTraining, toHoldout: toHoldout,
                                                      groups: 7, sampleLimit: "holdout")
        let share = try #require(privacy.tests.first { $0.name == "DCR share" })
        #expect(abs(share.value - 48.0 / 69) < 1e-9)
        #expect(share.verdict == .inconclusive)
        #expect(!share.passed)
        let interval = try #require(share.interval)
        #expect(interval.lower < 0.55 && interval.upper > 0.55)
        let note = try #require(share.note)
        #expect(note.hasPrefix("holdout too small: 69 records; a verdict needs about "), "\(note)")
        let needed = Int(note.split(separator: " ").last.map(String.init) ?? "") ?? 0
        #expect(needed > 69 && needed < 1000, "\(note)")
        // At the records the note names, the same share is decided.
        let (lower, upper) = U.wilson(share: 48.0 / 69, n: needed, z: U.z(groups: 7))
        #expect(lower > 0.55 || upper <= 0.55)
        #expect(share.uncertaintyText?.contains("inconclusive (holdout too small") == true)
    }

    @Test func verdictsFollowTheWholeInterval() {
        #expect(U.verdict(lower: 0.45, upper: 0.54, threshold: 0.55, atMost: true) == .pass)
        #expect(U.verdict(lower: 0.56, upper: 0.70, threshold: 0.55, atMost: true) == .fail)
        #expect(U.verdict(lower: 0.50, upper: 0.60, threshold: 0.55, atMost: true) == .inconclusive)
        #expect(U.verdict(lower: 0.95, upper: 1.10, threshold: 0.9, atMost: false) == .pass)
        #expect(U.verdict(lower: 0.50, upper: 0.85, threshold: 0.9, atMost: false) == .fail)
        #expect(U.verdict(lower: 0.85, upper: 0.95, threshold: 0.9, atMost: false) == .inconclusive)
    }

    /// Large samples still decide: copies of training fail, fresh samples pass.
    @Test func largeSamplesGiveVerdicts() throws {
        let training = QATestTables.population(rows: 3000, seed: 21)
        let holdout = QATestTables.population(rows: 3000, seed: 22)
        let copy = try #require(try QAReport.compute(synthetic: training, training: training, holdout: holdout).privacy)
        #expect(copy.tests.first { $0.name == "DCR share" }?.verdict == .fail)
        let fresh = try #require(try QAReport.compute(synthetic: QATestTables.population(rows: 3000, seed: 23),
                                                      training: training, holdout: holdout).privacy)
        #expect(fresh.tests.first { $0.name == "DCR share" }?.verdict == .pass)
    }

    /// Reports written before intervals still decode, with the verdict from `passed`.
    @Test func olderReportsDecode() throws {
        let json = #"{"name":"DCR share","value":0.6,"rule":"≤ 55%","passed":false}"#
        let test = try JSONDecoder().decode(QAPrivacyTest.self, from: Data(json.utf8))
        #expect(test.verdict == .fail && test.interval == nil && test.note == nil)
    }
}
