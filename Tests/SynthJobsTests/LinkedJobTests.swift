import Foundation
import Testing
import SynthData
import SynthEngine
import SynthTestSupport
@testable import SynthJobs

/// A job over a subject table and a linked table, run through the real executors: the
/// subject table trains a flat model, the linked table a sequential model conditioned on it.
@Suite("Linked tables in a job", .serialized)
struct LinkedJobTests {
    /// `subjects` and `events` (`LinkedFixtures`) written as CSV files, and their job records.
    static func linkedTables(subjects count: Int, in folder: URL) throws -> [JobTableRecord] {
        let (subjects, events) = try LinkedFixtures.subjectsAndEvents(subjects: count)
        let subjectsPath = folder.appendingPathComponent("subjects.csv").path
        let eventsPath = folder.appendingPathComponent("events.csv").path
        try CSVWriter.write(subjects, to: subjectsPath, replace: true)
        try CSVWriter.write(events, to: eventsPath, replace: true)
        // Listed linked table first: the job orders tables subject first.
        return [JobTableRecord(jobID: 0, name: "events", sourcePath: eventsPath, sourceBytes: 1, sourceSHA256: nil, primaryKey: "event_id",
                               context: ForeignKey(column: "subject_id", parentTable: "subjects"), orderColumn: "day"),
                JobTableRecord(jobID: 0, name: "subjects", sourcePath: subjectsPath, sourceBytes: 1, sourceSHA256: nil, primaryKey: "id")]
    }

    static let settings = JobSettings(goal: .speed, maxEpochs: 40, modelSize: .small, seed: 3)

    /// One trained job shared by the tests (training is the slow part).
    static let trained = Result { () throws -> (JobStore, Int) in
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        let job = try store.createJob(name: "linked", type: .adHoc, settings: settings,
                                      tables: linkedTables(subjects: 400, in: home), tasks: TaskKind.allCases)
        JobRunner(store: store, executors: EngineExecutors.all).run(job.id)
        return (store, job.id)
    }

    static func keys(_ path: URL, _ column: String) throws -> [String?] {
        SequenceColumns.keys(try ParquetReader(path: path.path).readTable(columns: [column]).columns[0])
    }

    @Test func theSubjectTrainsFlatAndTheLinkedTableSequentiallyEachWithItsOwnTasks() throws {
        let (store, id) = try Self.trained.get()
        let job = try store.job(id)
        #expect(job.status == .finished, "\(job.error ?? "")")
        #expect(try store.tables(ofJob: id).map(\.name) == ["subjects", "events"])
        for table in ["subjects", "events"] {
            let tasks = try store.tasks(ofJob: id, table: table)
            #expect(tasks.count == TaskKind.allCases.count && tasks.allSatisfy { $0.status == .finished }, "\(table)")
        }
        let files = store.files(ofJob: id)
        #expect(SequentialSynthesizer.isStored(in: files.url(.model, table: "events")))
        #expect(!SequentialSynthesizer.isStored(in: files.url(.model, table: "subjects")))
        // Users never see the hidden sequence columns.
        let subjects = try ParquetReader(path: files.url(.syntheticParquet, table: "subjects").path).readTable()
        #expect(subjects.columnNames == ["id", "kind", "size"])
        let csvHeader = try String(contentsOf: files.url(.syntheticCSV, table: "subjects"), encoding: .utf8).prefix { $0 != "\n" }
        #expect(csvHeader == "id,kind,size")
        // The package holds every table.
        let zip = try Data(contentsOf: files.url(.package))
        for name in ["synthetic-data/subjects.csv", "synthetic-data/events.parquet", "synthetic-data/events-qa-report.html"] {
            #expect(zip.range(of: Data(name.utf8)) != nil, "package lacks \(name)")
        }
    }

    @Test func linkedRowsFollowTheirSubjectIntoTrainingOrHoldout() throws {
        let (store, id) = try Self.trained.get()
        let files = store.files(ofJob: id)
        let trainingSubjects = Set(try Self.keys(files.url(.training, table: "subjects"), "id"))
        let holdoutSubjects = Set(try Self.keys(files.url(.holdout, table: "subjects"), "id"))
        #expect(!holdoutSubjects.isEmpty && trainingSubjects.isDisjoint(with: holdoutSubjects))
        #expect(Set(try Self.keys(files.url(.training, table: "events"), "subject_id")).isSubset(of: trainingSubjects))
        #expect(Set(try Self.keys(files.url(.holdout, table: "events"), "subject_id")).isSubset(of: holdoutSubjects))
    }

    @Test func generatedKeysAreConsistentAcrossTables() throws {
        let (store, id) = try Self.trained.get()
        let files = store.files(ofJob: id)
        let subjectIDs = try Self.keys(files.url(.syntheticParquet, table: "subjects"), "id")
        #expect(subjectIDs.count == 400 && Set(subjectIDs).count == 400)
        let references = try Self.keys(files.url(.syntheticParquet, table: "events"), "subject_id")
        let known = Set(subjectIDs)
        #expect(!references.isEmpty)
        #expect(references.allSatisfy { known.contains($0) }, "referential integrity: every event's subject exists")
        let eventIDs = try Self.keys(files.url(.syntheticParquet, table: "events"), "event_id")
        #expect(Set(eventIDs).count == eventIDs.count)
    }

    /// Generate with seed: the user's subjects are kept, and their linked rows depend on them.
    @Test func generateWithSeedMakesLinkedRowsForTheGivenSubjects() throws {
        let (store, parent) = try Self.trained.get()
        let seed = try Table(columns: [Column(name: "id", values: .int64(Array(5000..<5060))),
                                       Column(name: "kind", values: .string(StringArray(Array(repeating: "B", count: 60))))])
        var settings = Self.settings
        settings.seed = 8
        let tables = try store.tables(ofJob: parent)
        let job = try store.createJob(name: nil, type: .generateWithSeed, settings: settings, tables: tables,
                                      tasks: [.generating, .packaging, .qaReport], parentJobID: parent)
        try ParquetWriter.write(seed, to: store.files(ofJob: job.id).url(.seed, table: "subjects").path, replace: true)
        JobRunner(store: store, executors: EngineExecutors.all).run(job.id)
        let done = try store.job(job.id)
        #expect(done.status == .finished, "\(done.error ?? "")")
        let files = store.files(ofJob: job.id)
        let subjects = try ParquetReader(path: files.url(.syntheticParquet, table: "subjects").path).readTable()
        #expect(SequenceColumns.keys(try subjects.column(named: "id")) == (5000..<5060).map { String($0) })
        let references = try Self.keys(files.url(.syntheticParquet, table: "events"), "subject_id")
        let seedIDs = Set((5000..<5060).map { String($0) })
        #expect(references.allSatisfy { $0.map(seedIDs.contains) ?? false })
        let mean = Double(references.count) / 60
        #expect(abs(mean - 5) < 0.7, "kind B subjects have 4 to 6 events; generated \(mean) on average")
        let labels = try Self.keys(files.url(.syntheticParquet, table: "events"), "label")
        #expect(Double(labels.filter { $0 == "b" }.count) / Double(labels.count) > 0.85)
    }

    /// Canceled while the linked table generates: neither of its files is left behind (no
    /// half-written table, no temporary file), and generating again gives complete tables.
    @Test func cancelDuringLinkedGenerationLeavesNoHalfWrittenTable() throws {
        let (store, parent) = try Self.trained.get()
        var settings = Self.settings
        settings.generatedRows = 150_000
        let tables = try store.tables(ofJob: parent)
        let job = try store.createJob(name: nil, type: .generateWithSubjectCount, settings: settings, tables: tables,
                                      tasks: [.generating], parentJobID: parent)
        let runner = JobRunner(store: store, executors: EngineExecutors.all)
        runner.start(job.id)
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let events = try store.tasks(ofJob: job.id, table: "events").first
            let jobEnded = try store.job(job.id).status.isTerminal
            if events?.status == .inProgress || events?.status == .finished || jobEnded { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        try runner.cancel(job.id)
        runner.waitUntilIdle()
        let files = store.files(ofJob: job.id)
        let status = try store.tasks(ofJob: job.id, table: "events").first?.status
        if status == .canceled {
            #expect(!FileManager.default.fileExists(atPath: files.url(.syntheticParquet, table: "events").path))
            #expect(!FileManager.default.fileExists(atPath: files.url(.syntheticCSV, table: "events").path))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: files.folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // Again, to the end: complete tables with consistent keys.
        settings.generatedRows = 200
        let again = try store.createJob(name: nil, type: .generateWithSubjectCount, settings: settings, tables: tables,
                                        tasks: [.generating], parentJobID: parent)
        JobRunner(store: store, executors: EngineExecutors.all).run(again.id)
        #expect(try store.job(again.id).status == .finished)
        let againFiles = store.files(ofJob: again.id)
        let known = Set(try Self.keys(againFiles.url(.syntheticParquet, table: "subjects"), "id"))
        #expect(known.count == 200)
        #expect(try Self.keys(againFiles.url(.syntheticParquet, table: "events"), "subject_id").allSatisfy { known.contains($0) })
    }
}
