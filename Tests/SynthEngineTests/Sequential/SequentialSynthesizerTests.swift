import Foundation
import Testing
import SynthData
import SynthTestSupport
@testable import SynthEngine

/// A subject model and a sequential model trained once on `LinkedFixtures` (400 subjects).
private struct TrainedPair: Sendable {
    let subjects: Synthesizer
    let events: SequentialSynthesizer
    let trainingEvents: Table

    static let link = SequenceLink(table: "events", subjectTable: "subjects", subjectKey: "id", contextColumn: "subject_id", orderColumn: "day")

    static func train() throws -> TrainedPair {
        let (subjects, events) = try LinkedFixtures.subjectsAndEvents(subjects: 400)
        var counter = SubjectSequenceCounter(linkedTable: "events", contextColumn: "subject_id", orderColumn: "day")
        try counter.add(events)
        let augmented = try counter.augment(subjects, subjectKey: "id")
        let settings = ModelSettings(goal: .speed, maxEpochs: 40, seed: 1)
        let subjectEncoding = try TableEncoder.fit(table: augmented, overrides: ["id": .primaryKey], seed: 1)
        let encoded = try subjectEncoding.encode(augmented)
        let subjectModel = try GenerativeModel.train(training: encoded, validation: encoded.gatheringRows(Array(0..<40)), settings: settings)
        let encoding = try SequentialSynthesizer.fitEncoding(linked: events, subjects: augmented, link: link, primaryKey: "event_id", seed: 1)
        let model = try SequentialSynthesizer.train(linked: events, subjects: augmented, link: link, subjectEncoding: subjectEncoding,
                                                    encoding: encoding, settings: settings)
        return TrainedPair(subjects: Synthesizer(encoding: subjectEncoding, model: subjectModel), events: model, trainingEvents: events)
    }

    /// Generated events of `subjects`, all in one table.
    func events(of subjects: Table, seed: UInt64 = 9) throws -> Table {
        var chunks: [Table] = []
        try events.generate(subjects: subjects, seed: seed) { chunks.append($0) }
        return try Table.concatenating(chunks)
    }
}

private let trained = Result { try TrainedPair.train() }

/// Events per subject id, and each subject's kind.
private func eventsPerSubject(_ subjects: Table, _ events: Table) throws -> (counts: [String: Int], kinds: [String: String]) {
    let ids = SequenceColumns.keys(try subjects.column(named: "id"))
    let kinds = SequenceColumns.keys(try subjects.column(named: "kind"))
    var kindOf: [String: String] = [:]
    for (id, kind) in zip(ids, kinds) { kindOf[id!] = kind ?? "" }
    var counts: [String: Int] = [:]
    for id in ids { counts[id!] = 0 }
    for key in SequenceColumns.keys(try events.column(named: "subject_id")) { counts[key ?? "", default: 0] += 1 }
    return (counts, kindOf)
}

private func meanLength(_ counts: [String: Int], _ kinds: [String: String], kind: String) -> Double {
    let lengths = counts.filter { kinds[$0.key] == kind }.map(\.value)
    return Double(lengths.reduce(0, +)) / Double(max(lengths.count, 1))
}

@Suite("Sequential model", .serialized)
struct SequentialSynthesizerTests {
    @Test func sequenceLengthsFollowTheLawOfTheSubjectsKind() throws {
        let pair = try trained.get()
        let subjects = try pair.subjects.generateTable(rows: 400, seed: 5)
        let events = try pair.events(of: subjects)
        let (counts, kinds) = try eventsPerSubject(subjects, events)
        let a = meanLength(counts, kinds, kind: "A"), b = meanLength(counts, kinds, kind: "B")
        #expect(abs(a - 2) < 0.4, "kind A: mean length \(a), expected 2")
        #expect(abs(b - 5) < 0.6, "kind B: mean length \(b), expected 5 (4…6)")
        let exactlyTwo = counts.filter { kinds[$0.key] == "A" && $0.value == 2 }.count
        let allA = counts.filter { kinds[$0.key] == "A" }.count
        #expect(Double(exactlyTwo) >= 0.75 * Double(allA), "\(exactlyTwo) of \(allA) A subjects have exactly 2 events")
    }

    @Test func linkedRowsDependOnTheirSubjectAndKeysReferToIt() throws {
        let pair = try trained.get()
        let subjects = try pair.subjects.generateTable(rows: 300, seed: 6)
        let events = try pair.events(of: subjects)
        #expect(events.columnNames == pair.trainingEvents.columnNames)
        let ids = SequenceColumns.keys(try subjects.column(named: "id"))
        #expect(Set(ids).count == ids.count, "generated subject keys are unique")
        let kindOf = Dictionary(uniqueKeysWithValues: zip(ids.map { $0! }, SequenceColumns.keys(try subjects.column(named: "kind")).map { $0 ?? "" }))
        let refs = SequenceColumns.keys(try events.column(named: "subject_id"))
        #expect(refs.allSatisfy { $0.map { kindOf[$0] != nil } ?? false }, "every event refers to a generated subject")
        let labels = SequenceColumns.keys(try events.column(named: "label"))
        let matching = zip(refs, labels).filter { kindOf[$0.0!]?.lowercased() == $0.1 }.count
        #expect(Double(matching) / Double(events.rowCount) > 0.85, "\(matching) of \(events.rowCount) labels match their subject's kind")
        let eventIDs = SequenceColumns.keys(try events.column(named: "event_id"))
        #expect(Set(eventIDs).count == eventIDs.count, "event keys are unique")
    }

    @Test func seededSubjectsGetSequencesThatDependOnThem() throws {
        let pair = try trained.get()
        for (kind, expected) in [("A", 2.0), ("B", 5.0)] {
            let seed = try Table(columns: [Column(name: "id", values: .int64(Array(1000..<1100))),
                                           Column(name: "kind", values: .string(StringArray(Array(repeating: kind, count: 100))))])
            let subjects = try pair.subjects.generate(seed: seed, seed: 3)
            #expect(SequenceColumns.keys(try subjects.column(named: "id")) == (1000..<1100).map { String($0) })
            let events = try pair.events(of: subjects)
            let (counts, kinds) = try eventsPerSubject(subjects, events)
            #expect(counts.count == 100, "no event refers to a subject outside the seed")
            let mean = meanLength(counts, kinds, kind: kind)
            #expect(abs(mean - expected) < 0.6, "seeded kind \(kind): mean length \(mean), expected \(expected)")
            let labels = SequenceColumns.keys(try events.column(named: "label"))
            let own = labels.filter { $0 == kind.lowercased() }.count
            #expect(Double(own) / Double(max(labels.count, 1)) > 0.85, "kind \(kind): \(own) of \(labels.count) labels follow it")
        }
    }

    @Test func datetimeOrderColumnStaysInTheDataRangeAndInOrder() throws {
        let pair = try trained.get()
        let subjects = try pair.subjects.generateTable(rows: 400, seed: 7)
        let events = try pair.events(of: subjects)
        guard case .timestamp(let days, _, _) = try events.column(named: "day").values else {
            Issue.record("the order column is no longer a timestamp")
            return
        }
        let trainingDays = SequenceOrder.numbers(try pair.trainingEvents.column(named: "day")).compactMap { $0 }
        let lower = Int64(trainingDays.min()!), upper = Int64(trainingDays.max()!)
        #expect(days.allSatisfy { $0 >= lower && $0 <= upper }, "every generated time is inside the training range")
        let refs = SequenceColumns.keys(try events.column(named: "subject_id"))
        var oneDayGaps = 0, gaps = 0
        for i in 1..<days.count where refs[i] == refs[i - 1] {
            #expect(days[i] >= days[i - 1], "a subject's events are in order")
            gaps += 1
            if days[i] - days[i - 1] == 86_400 { oneDayGaps += 1 }
        }
        #expect(Double(oneDayGaps) / Double(max(gaps, 1)) > 0.8, "\(oneDayGaps) of \(gaps) gaps are one day, as in training")
    }

    @Test func aSavedModelLoadsAndGeneratesTheSameRows() throws {
        let pair = try trained.get()
        let folder = try Fixtures.temporaryDirectory().appendingPathComponent("events.model")
        try pair.events.save(to: folder)
        #expect(SequentialSynthesizer.isStored(in: folder))
        let loaded = try SequentialSynthesizer.load(from: folder)
        let subjects = try pair.subjects.generateTable(rows: 50, seed: 8)
        var again: [Table] = []
        try loaded.generate(subjects: subjects, seed: 4) { again.append($0) }
        #expect(try Table.concatenating(again) == pair.events(of: subjects, seed: 4))
    }

    /// Many subjects: rows come in pieces of at most `pieceRows`, whatever the total, and
    /// primary keys stay unique across pieces.
    @Test func generationOfManySubjectsIsStreamedInBoundedPieces() throws {
        let pair = try trained.get()
        var subjects: [Table] = []
        try pair.subjects.generate(rows: 30_000, seed: 2) { subjects.append($0) }
        let all = try Table.concatenating(subjects)
        var pieces: [Int] = []
        var lastID: Int64 = .min
        var increasing = true
        let total = try pair.events.generate(subjects: all, seed: 1) { piece in
            pieces.append(piece.rowCount)
            if case .int64(let ids) = try piece.column(named: "event_id").values {
                if let first = ids.first, first <= lastID { increasing = false }
                lastID = ids.last ?? lastID
            }
        }
        #expect(pieces.count >= 2, "\(total) rows in \(pieces.count) pieces")
        #expect(pieces.allSatisfy { $0 <= SequentialSynthesizer.pieceRows })
        #expect(pieces.reduce(0, +) == total)
        #expect(increasing, "event keys continue from piece to piece")
    }

    @Test func differentialPrivacyIsRefusedForLinkedTablesWithAClearError() throws {
        let (subjects, events) = try LinkedFixtures.subjectsAndEvents(subjects: 20)
        var counter = SubjectSequenceCounter(linkedTable: "events", contextColumn: "subject_id", orderColumn: "day")
        try counter.add(events)
        let augmented = try counter.augment(subjects, subjectKey: "id")
        let subjectEncoding = try TableEncoder.fit(table: augmented)
        let encoding = try SequentialSynthesizer.fitEncoding(linked: events, subjects: augmented, link: TrainedPair.link)
        var settings = ModelSettings(maxEpochs: 1)
        settings.differentialPrivacy = DifferentialPrivacySettings(epsilon: 5)
        #expect(throws: SequenceError.self) {
            _ = try SequentialSynthesizer.train(linked: events, subjects: augmented, link: TrainedPair.link,
                                                subjectEncoding: subjectEncoding, encoding: encoding, settings: settings)
        }
    }
}
