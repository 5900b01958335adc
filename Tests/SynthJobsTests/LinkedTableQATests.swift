import Foundation
import Testing
import SynthData
import SynthEngine
import SynthTestSupport
@testable import SynthJobs

/// The QA task of a linked table in a real job: the report scores it with its subjects
/// (coherence, sequence lengths, privacy per subject), writes `coherence.json`, and the
/// package carries it; no rare training value reaches those files.
@Suite("Linked-table QA in a job", .serialized)
struct LinkedTableQATests {
    /// One trained job over `subjects` and `events` (`LinkedFixtures`).
    static let trained = Result { () throws -> (JobStore, Int) in
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        let job = try store.createJob(name: "linked", type: .adHoc, settings: JobSettings(goal: .speed, maxEpochs: 20, modelSize: .small, seed: 4),
                                      tables: LinkedJobTests.linkedTables(subjects: 200, in: home), tasks: TaskKind.allCases)
        JobRunner(store: store, executors: EngineExecutors.all).run(job.id)
        return (store, job.id)
    }

    @Test func theLinkedTablesReportHasCoherenceLengthsAndPrivacyPerSubject() throws {
        let (store, id) = try Self.trained.get()
        let job = try store.job(id)
        #expect(job.status == .finished, "\(job.error ?? "")")
        let files = store.files(ofJob: id)
        let report = try JSONDecoder().decode(QAReport.self, from: Data(contentsOf: files.url(.qaJSON, table: "events")))
        let sequences = try #require(report.sequences)
        #expect(sequences.subjectTable == "subjects" && sequences.contextColumn == "subject_id" && sequences.orderColumn == "day")
        #expect(sequences.contextColumns == ["subjects.kind", "subjects.size"])
        #expect(report.accuracy.coherence != nil && sequences.coherence?.successiveRows.isEmpty == false)
        #expect(report.columns.map(\.name) == ["day", "label", "amount", "Sequence Length"], "event_id and subject_id are keys")
        #expect(!sequences.lengths.bins.isEmpty)
        // Privacy on subject records: as many records as the smallest side has subjects.
        let privacy = try #require(report.privacy)
        #expect(privacy.sampleSize == sequences.holdoutSubjects)
        #expect(sequences.subjectRecordColumns.starts(with: ["subjects.kind", "subjects.size", "Sequence Length"]))
        // The same figures as a job file of their own, and in the package.
        let stored = try JSONDecoder().decode(QASequenceReport.self, from: Data(contentsOf: files.url(.coherence, table: "events")))
        #expect(stored == sequences)
        #expect(!FileManager.default.fileExists(atPath: files.url(.coherence, table: "subjects").path), "a subject table is flat")
        let zip = try Data(contentsOf: files.url(.package))
        #expect(zip.range(of: Data("synthetic-data/events-coherence.json".utf8)) != nil)
        let html = try String(contentsOf: files.url(.qaHTML, table: "events"), encoding: .utf8)
        #expect(html.contains("<h2>Sequences</h2>") && html.contains("Sequence length") && html.contains("Successive rows"))
    }

    @Test func aPrefixOfTheSyntheticRowsKeepsOnlyWholeSequences() throws {
        let subjects = try Table(columns: [Column(name: "id", values: .int64([1, 2, 3, 4]))])
        let linked = try Table(columns: [Column(name: "sid", values: .int64([1, 1, 3, 3, 4]))])
        let link = SequenceLink(table: "e", subjectTable: "s", subjectKey: "id", contextColumn: "sid")
        let (kept, rows) = try LinkedTableQA.wholeSequences(subjects: subjects, linked: linked, link: link)
        // Subject 4 may go on past the prefix; subject 2 has no rows and stays.
        #expect(SequenceColumns.keys(kept.columns[0]) == ["1", "2", "3"])
        #expect(SequenceColumns.keys(rows.columns[0]) == ["1", "1", "3", "3"])
    }
}
