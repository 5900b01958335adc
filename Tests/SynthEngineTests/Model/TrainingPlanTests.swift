import Testing
import SynthTestSupport
@testable import SynthEngine

/// `GenerativeModel.plan(training:settings:)`: the batch size, epoch limit and learning rate
/// training will use, known before the first step (what `job J` and `watch` show), and
/// followed by the trainer.
@Suite struct TrainingPlanTests {
    @Test func thePlanIsWhatTrainingDoes() throws {
        let training = ModelTestData.correlated(rows: 1500, seed: 1)
        let validation = ModelTestData.correlated(rows: 300, seed: 2)
        var s = TrainingTests.settings
        s.batchSize = nil
        s.maxEpochs = 40
        let parameters = ModelArchitecture.make(subColumns: training.subColumns, size: s.effectiveSize).parameterCount
        // A budget of 2.5 epochs' steps at the planned batch: the plan says 2 epochs and why.
        let batch = s.effectiveBatchSize(rows: 1500, parameters: parameters)
        s.maxParameterSteps = Double(parameters * (1500 / batch)) * 2.5
        let plan = GenerativeModel.plan(training: training, settings: s)
        #expect(plan.parameterCount == parameters)
        #expect(plan.batchSize == batch)
        #expect(plan.maxEpochs == 2 && plan.endsOnStepBudget)
        #expect(plan.learningRate == s.effectiveLearningRate(batchSize: batch))
        var totals: Set<Int> = []
        let model = try GenerativeModel.train(training: training, validation: validation, settings: s,
                                              progress: { if let t = $0.totalSteps { totals.insert(t) } })
        #expect(model.summary.batchSize == plan.batchSize)
        #expect(model.summary.epochs == Double(plan.maxEpochs))
        #expect(model.summary.stopReason == .stepBudget)
        #expect(totals == [plan.maxEpochs * plan.stepsPerEpoch])
    }

    @Test func aWideSmallTableGetsTheBudgetsBatchInThePlan() {
        // 40 numeric-like sub-columns of 60 codes on 400 rows: the row rule says 16, the
        // parameters-per-row rule more; the plan (what `job J` shows from the start) says the latter.
        let subs = (0..<40).map { SubColumnInfo(name: "c\($0)", cardinality: 60, columnIndex: $0) }
        let table = EncodedTable(subColumns: subs, rowCount: 400, codes: [Int32](repeating: 0, count: 400 * 40))
        let s = ModelSettings()
        let plan = GenerativeModel.plan(training: table, settings: s)
        #expect(s.effectiveBatchSize(rows: 400) == 16)
        #expect(plan.batchSize == s.effectiveBatchSize(rows: 400, parameters: plan.parameterCount))
        #expect(plan.batchSize > 16)
        // Early stopping on the validation loss, and DP-SGD, keep the row rule.
        #expect(GenerativeModel.plan(training: table, settings: ModelSettings(stopping: .validationLoss)).batchSize == 16)
        #expect(GenerativeModel.plan(training: table, settings: ModelSettings(differentialPrivacy: .init(epsilon: 5))).batchSize == 16)
    }
}
