import Foundation
import Testing
import SynthData
import SynthTestSupport
@testable import SynthEngine

/// `ModelSettings.Stopping`: the default `.budget` trains for a step budget in whole epochs
/// on the training loss (validation rows are only scored); `.validationLoss` stops early on
/// the validation rows and is what the sequential model keeps.
@Suite struct BudgetStoppingTests {
    static let training = ModelTestData.correlated(rows: 1500, seed: 1)
    static let stepsPerEpoch = 1500 / 64

    static func settings(epochs budgetEpochs: Int, parameters: Int) -> ModelSettings {
        var s = TrainingTests.settings
        s.maxEpochs = 50
        s.maxParameterSteps = Double(budgetEpochs * stepsPerEpoch * parameters)
        return s
    }

    static var parameterCount: Int {
        ModelArchitecture.make(subColumns: training.subColumns, size: .small, contextSubColumns: 0).parameterCount
    }

    @Test func budgetIsTheDefaultAndBecomesWholeEpochs() throws {
        #expect(ModelSettings().effectiveStopping == .budget)
        #expect(ModelSettings(stopping: .validationLoss).effectiveStopping == .validationLoss)
        // 2·10⁹ parameter updates: police's 241,204 parameters get 8,291 steps.
        #expect(ModelSettings().effectiveMaxSteps(parameters: 241_204) == 8_291)
        #expect(ModelSettings(maxParameterSteps: 10).effectiveMaxSteps(parameters: 1_000) == 1)
        // A budget of 3.5 epochs' steps trains 3 whole epochs and says why it ended.
        var s = Self.settings(epochs: 3, parameters: Self.parameterCount)
        s.maxParameterSteps = (s.maxParameterSteps ?? 0) * 3.5 / 3
        let model = try GenerativeModel.train(training: Self.training, validation: ModelTestData.correlated(rows: 300, seed: 2),
                                              settings: s)
        #expect(model.summary.stopReason == .stepBudget)
        #expect(model.summary.epochs == 3)
        #expect(model.summary.steps == 3 * Self.stepsPerEpoch)
        // A budget beyond the epoch limit: the epoch limit ends it.
        let long = try GenerativeModel.train(training: Self.training, validation: ModelTestData.correlated(rows: 300, seed: 2),
                                             settings: Self.settings(epochs: 80, parameters: Self.parameterCount))
        #expect(long.summary.stopReason == .maxEpochs)
        #expect(long.summary.epochs == 50)
    }

    @Test func theBatchHasARowPerParametersPerBatchRowParameters() throws {
        // breast_cancer (409 rows, 636,526 parameters) and wine (128, 352,638) get larger
        // batches; police (9,306, 241,204), nmes (3,172, 175,283) and small models keep the row rule's.
        #expect(ModelSettings().effectiveBatchSize(rows: 409, parameters: 636_526) == 128)
        #expect(ModelSettings().effectiveBatchSize(rows: 128, parameters: 352_638) == 64)
        #expect(ModelSettings().effectiveBatchSize(rows: 9_306, parameters: 241_204) == 128)
        #expect(ModelSettings().effectiveBatchSize(rows: 3_172, parameters: 175_283) == 32)
        #expect(ModelSettings().effectiveBatchSize(rows: 40, parameters: 10_000_000) == 40)
        #expect(ModelSettings().effectiveBatchSize(rows: 1_000_000, parameters: 100_000_000) == 1024)
        #expect(ModelSettings(batchSize: 8).effectiveBatchSize(rows: 409, parameters: 636_526) == 8)
        var s = TrainingTests.settings
        s.batchSize = nil
        s.maxEpochs = 1
        let model = try GenerativeModel.train(training: Self.training, validation: ModelTestData.correlated(rows: 300, seed: 2), settings: s)
        #expect(model.summary.batchSize == s.effectiveBatchSize(rows: 1500, parameters: model.parameterCount))
    }

    @Test func validationRowsAreScoredButDoNotSteer() throws {
        let s = Self.settings(epochs: 6, parameters: Self.parameterCount)
        let validationA = ModelTestData.correlated(rows: 300, seed: 2)
        // Validation rows that disagree with the training rows' law: b is no longer a function of a.
        var validationB = ModelTestData.correlated(rows: 300, seed: 3)
        for r in 0..<validationB.rowCount { validationB.codes[r * validationB.width + 1] = Int32(r % 5) }
        let empty = EncodedTable(subColumns: Self.training.subColumns, rowCount: 0, codes: [])
        var losses: [Double] = []
        let a = try GenerativeModel.train(training: Self.training, validation: validationA, settings: s,
                                          progress: { if $0.isEpochEnd, let v = $0.valLoss { losses.append(v) } })
        let b = try GenerativeModel.train(training: Self.training, validation: validationB, settings: s)
        let none = try GenerativeModel.train(training: Self.training, validation: empty, settings: s)
        #expect(a.parameters == b.parameters && a.parameters == none.parameters)
        #expect(a.summary.bestEpoch == b.summary.bestEpoch)
        // Each epoch's validation loss is reported; the kept epoch's is the recorded one.
        #expect(losses.count == 6)
        #expect(try a.meanLoss(on: validationA) == a.summary.bestValidationLoss)
        #expect(none.summary.bestValidationLoss == nil)
    }

    @Test func theBudgetLearnsAKnownJointLaw() throws {
        let model = try GenerativeModel.train(training: Self.training, validation: ModelTestData.correlated(rows: 300, seed: 2),
                                              settings: Self.settings(epochs: 12, parameters: Self.parameterCount))
        let out = try model.generateTable(rows: 2000, seed: 7)
        var agree = 0
        for r in 0..<out.rowCount where out.code(row: r, subColumn: 1) == ModelTestData.b(of: out.code(row: r, subColumn: 0)) {
            agree += 1
        }
        #expect(Double(agree) / 2000 > 0.98)
    }

    @Test func validationLossStoppingStopsEarlyWhereTheBudgetGoesOn() throws {
        // 80 rows of pure noise: the validation loss rises as soon as the model memorises them.
        var rng = ModelRNG(seed: 9)
        func noise(_ rows: Int) -> EncodedTable {
            let subs = (0..<4).map { SubColumnInfo(name: "n\($0)", cardinality: 12, columnIndex: $0) }
            return EncodedTable(subColumns: subs, rowCount: rows, codes: (0..<(rows * 4)).map { _ in Int32(rng.nextInt(below: 12)) })
        }
        let training = noise(80), validation = noise(80)
        var s = ModelSettings(size: .small, maxEpochs: 150, batchSize: 16, learningRate: 0.01, earlyStoppingPatience: 3, seed: 4)
        s.stopping = .validationLoss
        let early = try GenerativeModel.train(training: training, validation: validation, settings: s)
        #expect(early.summary.stopReason == .earlyStopping)
        #expect(early.summary.epochs < 150)
        #expect(try early.meanLoss(on: validation) == early.summary.bestValidationLoss)
        s.stopping = .budget
        let budget = try GenerativeModel.train(training: training, validation: validation, settings: s)
        #expect(budget.summary.stopReason == .maxEpochs)
        #expect(budget.summary.epochs == 150)
    }

    @Test func rejectsABudgetThatIsNotPositive() {
        for bad in [0, -1, Double.nan, Double.infinity] {
            #expect(throws: ModelError.self) { try ModelSettings(maxParameterSteps: bad).validate() }
        }
    }

    @Test func settingsSavedBeforeTheRuleDecodeToTheDefault() throws {
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(ModelSettings(seed: 3))) as? [String: Any])
        json.removeValue(forKey: "stopping")
        json.removeValue(forKey: "maxParameterSteps")
        let decoded = try JSONDecoder().decode(ModelSettings.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded.stopping == nil && decoded.effectiveStopping == .budget && decoded.seed == 3)
    }

    @Test func theSequentialModelStopsOnItsValidationLoss() throws {
        let (model, _) = try SequentialTestTraining.events(subjects: 40, settings: ModelSettings(goal: .speed, maxEpochs: 3, seed: 1))
        #expect(model.model.settings.effectiveStopping == .validationLoss)
    }
}
