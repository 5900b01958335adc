import Foundation
import Testing
import SynthData
import SynthTestSupport
@testable import SynthEngine

/// Which subjects steer a sequential model's training: a tenth of them validate, with all their
/// rows, only when that tenth is at least `minimumValidationSubjects`; fewer would choose the
/// epoch by which few subjects they happen to be, so every subject trains for the full budget.
@Suite struct SequentialValidationTests {
    /// `subjects` subjects with 3 rows each, subject by subject.
    static func rows(subjects: Int) -> [Int] { (0..<subjects).flatMap { [$0, $0, $0] } }

    @Test func manySubjectsValidateOnATenthOfThemWithAllTheirRows() {
        let subjectOfRow = Self.rows(subjects: 400)
        let (training, validation) = SequentialSynthesizer.validationSplit(subjects: 400, subjectOfRow: subjectOfRow, seed: 5)
        let validating = Set(validation.map { subjectOfRow[$0] })
        #expect(validating.count >= SequentialSynthesizer.minimumValidationSubjects)
        #expect((35...45).contains(validating.count))
        #expect(Set(training.map { subjectOfRow[$0] }).isDisjoint(with: validating), "a subject's rows stay on one side")
        #expect(training.count + validation.count == subjectOfRow.count)
    }

    @Test func fewSubjectsAllTrainWithoutValidation() {
        let subjectOfRow = Self.rows(subjects: 60)
        let (training, validation) = SequentialSynthesizer.validationSplit(subjects: 60, subjectOfRow: subjectOfRow, seed: 5)
        #expect(validation.isEmpty)
        #expect(training == Array(subjectOfRow.indices))
    }

    @Test func aModelOfFewSubjectsTrainsForItsWholeEpochBudget() throws {
        let (model, events) = try SequentialTestTraining.events(subjects: 40, settings: ModelSettings(goal: .speed, maxEpochs: 12, seed: 1))
        #expect(model.model.summary.stopReason == .maxEpochs)
        #expect(model.model.summary.epochs == 12)
        #expect(model.model.summary.bestValidationLoss == nil)
        #expect(model.model.summary.trainingRows == events.rowCount)
    }
}
