import SynthData
import SynthTestSupport
@testable import SynthEngine

/// A sequential model of `LinkedFixtures`' events given their subjects, trained with `settings`.
enum SequentialTestTraining {
    static let link = SequenceLink(table: "events", subjectTable: "subjects", subjectKey: "id", contextColumn: "subject_id",
                                   orderColumn: "day")

    static func events(subjects count: Int, settings: ModelSettings) throws -> (model: SequentialSynthesizer, events: Table) {
        let (subjects, events) = try LinkedFixtures.subjectsAndEvents(subjects: count)
        var counter = SubjectSequenceCounter(linkedTable: "events", contextColumn: "subject_id", orderColumn: "day")
        try counter.add(events)
        let augmented = try counter.augment(subjects, subjectKey: "id")
        let subjectEncoding = try TableEncoder.fit(table: augmented, overrides: ["id": .primaryKey], seed: 1)
        let encoding = try SequentialSynthesizer.fitEncoding(linked: events, subjects: augmented, link: link, primaryKey: "event_id", seed: 1)
        let model = try SequentialSynthesizer.train(linked: events, subjects: augmented, link: link, subjectEncoding: subjectEncoding,
                                                    encoding: encoding, settings: settings)
        return (model, events)
    }
}
