import Foundation
import Testing
@testable import SynthEngine

/// `shouldStop` ends training at the next step like the time limit: the best checkpoint so
/// far is kept and the model is usable (unlike `isCancelled`, which throws it away).
@Suite struct TrainingStopTests {
    @Test func stopKeepsTheBestModelSoFar() throws {
        var s = TrainingTests.settings
        s.maxEpochs = 100_000
        s.earlyStoppingPatience = 100_000  // only the stop request may end it
        let training = ModelTestData.correlated(rows: 1500, seed: 1)
        let validation = ModelTestData.correlated(rows: 300, seed: 2)
        let stepsPerEpoch = 1500 / 64
        var steps = 0
        // Stop in the middle of the fourth epoch.
        let stopAt = 3 * stepsPerEpoch + stepsPerEpoch / 2
        let model = try GenerativeModel.train(training: training, validation: validation, settings: s,
                                              progress: { if !$0.isEpochEnd { steps = $0.step } },
                                              shouldStop: { steps >= stopAt })
        #expect(model.summary.stopReason == .stopped)
        #expect(model.summary.steps == stopAt)
        #expect(model.summary.epochs > 3 && model.summary.epochs < 4)
        #expect((1...3).contains(model.summary.bestEpoch))
        // The kept parameters are the best epoch's: their validation loss is the recorded one.
        #expect(try model.meanLoss(on: validation) == model.summary.bestValidationLoss)
        // And the model generates.
        let out = try model.generateTable(rows: 100, seed: 3)
        #expect(out.rowCount == 100)
    }

    @Test func aStopBeforeTrainingStillTakesOneStep() throws {
        var s = TrainingTests.settings
        s.maxEpochs = 10
        let model = try GenerativeModel.train(training: ModelTestData.correlated(rows: 300, seed: 1),
                                              validation: ModelTestData.correlated(rows: 100, seed: 2), settings: s,
                                              shouldStop: { true })
        #expect(model.summary.stopReason == .stopped)
        #expect(model.summary.steps == 1)
        #expect(try model.generateTable(rows: 10, seed: 1).rowCount == 10)
    }
}
