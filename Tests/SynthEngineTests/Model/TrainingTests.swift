import Foundation
import Testing
@testable import SynthEngine

@Suite struct TrainingTests {
    static let settings = ModelSettings(size: .small, maxEpochs: 12, batchSize: 64, learningRate: 0.01, seed: 42)

    static func trained(flexible: Bool = false, seed: UInt64 = 42) throws -> GenerativeModel {
        var s = settings
        s.flexibleOrder = flexible
        s.seed = seed
        if flexible { s.maxEpochs = 20 }
        return try GenerativeModel.train(training: ModelTestData.correlated(rows: 1500, seed: 1),
                                         validation: ModelTestData.correlated(rows: 300, seed: 2), settings: s)
    }

    @Test func learnsAndReproducesAKnownJointDistribution() throws {
        let model = try Self.trained()
        let out = try model.generateTable(rows: 2000, seed: 7)
        var agree = 0, agreeD = 0
        var aCounts = [Int](repeating: 0, count: 5), cCounts = [Int](repeating: 0, count: 3)
        for r in 0..<out.rowCount {
            let a = out.code(row: r, subColumn: 0)
            if out.code(row: r, subColumn: 1) == ModelTestData.b(of: a) { agree += 1 }
            let (t, u) = ModelTestData.d(of: a)
            if out.code(row: r, subColumn: 3) == t && out.code(row: r, subColumn: 4) == u { agreeD += 1 }
            aCounts[Int(a)] += 1
            cCounts[Int(out.code(row: r, subColumn: 2))] += 1
        }
        // b and d are functions of a: the model must reproduce them almost always.
        #expect(Double(agree) / 2000 > 0.98)
        #expect(Double(agreeD) / 2000 > 0.97)
        // a is uniform over 5 codes; c is 0.6 / 0.3 / 0.1.
        for c in aCounts { #expect(abs(Double(c) / 2000 - 0.2) < 0.04) }
        #expect(abs(Double(cCounts[0]) / 2000 - 0.6) < 0.05)
        #expect(abs(Double(cCounts[1]) / 2000 - 0.3) < 0.05)
        #expect(abs(Double(cCounts[2]) / 2000 - 0.1) < 0.04)
        // The loss approaches the true entropy: ln 5 + H(0.6, 0.3, 0.1) ≈ 1.609 + 0.898.
        let entropy = log(5.0) - (0.6 * log(0.6) + 0.3 * log(0.3) + 0.1 * log(0.1))
        let val = try #require(model.summary.bestValidationLoss)
        #expect(val < entropy + 0.1)
    }

    @Test func keepsTheBestCheckpoint() throws {
        let model = try Self.trained()
        let validation = ModelTestData.correlated(rows: 300, seed: 2)
        let val = try #require(model.summary.bestValidationLoss)
        // Evaluation cuts rows into fixed chunks, so the loss of the kept parameters equals the
        // recorded best to the bit, whatever BLAS kernel the CPU runs (AVX2, AVX-512, generic).
        #expect(try model.meanLoss(on: validation) == val)
        #expect(model.summary.bestEpoch >= 1 && Double(model.summary.bestEpoch) <= model.summary.epochs)
    }

    @Test func sameSeedSameModelAndRows() throws {
        let a = try Self.trained(seed: 5), b = try Self.trained(seed: 5)
        #expect(a.parameters == b.parameters)
        #expect(try a.generateTable(rows: 700, seed: 3) == b.generateTable(rows: 700, seed: 3))
        let c = try Self.trained(seed: 6)
        #expect(a.parameters != c.parameters)
    }

    @Test func flexibleOrderGeneratesConditionallyOnFixedColumns() throws {
        let model = try Self.trained(flexible: true)
        // Fix b (column 1) per row; a must be its pre-image, d must follow a.
        let rows = 600
        var rng = ModelRNG(seed: 9)
        let bs = (0..<rows).map { _ in Int32(rng.nextInt(below: 5)) }
        let out = try model.generateTable(rows: rows, seed: 4, fixed: [1: bs])
        var agree = 0, agreeD = 0
        for r in 0..<rows {
            let a = out.code(row: r, subColumn: 0)
            #expect(out.code(row: r, subColumn: 1) == bs[r])
            if ModelTestData.b(of: a) == bs[r] { agree += 1 }
            let (t, u) = ModelTestData.d(of: a)
            if out.code(row: r, subColumn: 3) == t && out.code(row: r, subColumn: 4) == u { agreeD += 1 }
        }
        #expect(Double(agree) / Double(rows) > 0.95)
        #expect(Double(agreeD) / Double(rows) > 0.9)
    }

    @Test func cancelStopsWithinOneStep() throws {
        var steps = 0
        var polls = 0
        #expect(throws: ModelError.canceled) {
            _ = try GenerativeModel.train(training: ModelTestData.correlated(rows: 1500, seed: 1),
                                          validation: ModelTestData.correlated(rows: 300, seed: 2), settings: Self.settings,
                                          progress: { if !$0.isEpochEnd { steps += 1 } },
                                          isCancelled: { polls += 1; return polls > 3 })
        }
        #expect(steps == 3)
    }

    @Test func progressReportsEpochsStepsAndLosses() throws {
        var events: [TrainingProgress] = []
        var s = Self.settings
        s.maxEpochs = 3
        _ = try GenerativeModel.train(training: ModelTestData.correlated(rows: 640, seed: 1),
                                      validation: ModelTestData.correlated(rows: 100, seed: 2), settings: s,
                                      progress: { events.append($0) })
        let ends = events.filter(\.isEpochEnd)
        #expect(ends.count == 3)
        #expect(ends.map(\.epoch) == [1, 2, 3])
        #expect(ends.allSatisfy { $0.valLoss != nil })
        let steps = events.filter { !$0.isEpochEnd }
        #expect(steps.count == 30)
        #expect(steps.map(\.step) == Array(1...30))
        #expect(steps.last?.samples == 30 * 64)
        #expect(steps.allSatisfy { $0.trainLoss.isFinite && $0.learningRate == 0.01 && $0.totalSteps == 30 })
        #expect(steps[0].trainLoss > ends[2].trainLoss)
    }

    @Test func timeLimitStopsTraining() throws {
        var s = Self.settings
        s.maxEpochs = 100_000
        s.maxTrainingTime = 0.3
        s.earlyStoppingPatience = 100_000  // only the clock may stop it
        let model = try GenerativeModel.train(training: ModelTestData.correlated(rows: 1500, seed: 1),
                                              validation: ModelTestData.correlated(rows: 300, seed: 2), settings: s)
        #expect(model.summary.stopReason == .timeLimit)
        #expect(model.summary.seconds < 30)
    }

    @Test func maxTrainingRowsSubsamplesAndGoalPresetsApply() throws {
        var s = Self.settings
        s.maxTrainingRows = 500
        s.maxEpochs = 2
        let model = try GenerativeModel.train(training: ModelTestData.correlated(rows: 1500, seed: 1),
                                              validation: ModelTestData.correlated(rows: 300, seed: 2), settings: s)
        #expect(model.summary.trainingRows == 500)
        #expect(model.summary.steps == 2 * (500 / 64))
        let speed = ModelSettings(goal: .speed)
        #expect(speed.effectiveSize == .small && speed.effectiveMaxEpochs == 20 && speed.effectiveMaxTrainingTime == 60)
        let accuracy = ModelSettings(goal: .accuracy, size: .large, maxEpochs: 7)
        #expect(accuracy.effectiveSize == .large && accuracy.effectiveMaxEpochs == 7)
        #expect(ModelSettings().effectiveBatchSize(rows: 43_152) == 512)
        #expect(ModelSettings().effectiveBatchSize(rows: 100) == 16)
        #expect(abs(ModelSettings().effectiveLearningRate(batchSize: 512) - 0.004) < 1e-12)
        #expect(ModelSettings().weightDecay == 0.1)  // measured default (ModelSettings.weightDecay)
    }

    @Test func trainsWithoutValidationRows() throws {
        let training = ModelTestData.correlated(rows: 400, seed: 1)
        let empty = EncodedTable(subColumns: training.subColumns, rowCount: 0, codes: [])
        var s = Self.settings
        s.maxEpochs = 2
        let model = try GenerativeModel.train(training: training, validation: empty, settings: s)
        #expect(model.summary.bestValidationLoss == nil)
        #expect(try model.generateTable(rows: 10, seed: 1).rowCount == 10)
    }

    @Test func rejectsBadInput() throws {
        let good = ModelTestData.correlated(rows: 10, seed: 1)
        var bad = good
        bad.codes[7] = 9  // sub-column 2 has cardinality 3
        #expect(throws: ModelError.self) { _ = try GenerativeModel.train(training: bad, validation: good) }
        var other = good
        other.subColumns[0].cardinality = 6
        #expect(throws: ModelError.self) { _ = try GenerativeModel.train(training: good, validation: other) }
        #expect(throws: ModelError.noTrainingRows) {
            _ = try GenerativeModel.train(training: EncodedTable(subColumns: good.subColumns, rowCount: 0, codes: []),
                                          validation: good)
        }
        #expect(throws: ModelError.self) {
            _ = try GenerativeModel.train(training: good, validation: good, settings: ModelSettings(dropout: 1.5))
        }
    }
}
