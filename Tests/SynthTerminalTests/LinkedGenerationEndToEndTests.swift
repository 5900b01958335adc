import Foundation
import Testing
import SynthTestSupport
import SynthData
import SynthEngine
import SynthJobs

/// Generating from a trained job over linked tables through the real binary: `generate` makes
/// new subjects with their linked rows, `generate from=` keeps the user's subjects, and every
/// table downloads with keys that match across tables and no hidden column.
@Suite("Linked generation end to end (real binary)", .serialized)
struct LinkedGenerationEndToEndTests {
    /// A store whose job 1 trained `subjects` and `events` (`LinkedFixtures`).
    private func trainedStore() throws -> URL {
        let home = try Fixtures.temporaryDirectory()
        let (subjects, events) = try LinkedFixtures.subjectsAndEvents(subjects: 300)
        try CSVWriter.write(subjects, to: home.appendingPathComponent("subjects.csv").path, replace: true)
        try CSVWriter.write(events, to: home.appendingPathComponent("events.csv").path, replace: true)
        let store = try JobStore(home: home)
        let job = try store.createJob(name: "linked", type: .adHoc, settings: JobSettings(goal: .speed, maxEpochs: 30, modelSize: .small, seed: 5), tables: [
            JobTableRecord(jobID: 0, name: "subjects", sourcePath: home.appendingPathComponent("subjects.csv").path, sourceBytes: 1,
                           sourceSHA256: nil, primaryKey: "id"),
            JobTableRecord(jobID: 0, name: "events", sourcePath: home.appendingPathComponent("events.csv").path, sourceBytes: 1,
                           sourceSHA256: nil, primaryKey: "event_id", context: ForeignKey(column: "subject_id", parentTable: "subjects"),
                           orderColumn: "day"),
        ], tasks: [.organizingData, .dataAnalysis, .transformingData, .training])
        JobRunner(store: store, executors: EngineExecutors.all).run(job.id)
        try #require(try store.job(job.id).status == .finished)
        return home
    }

    private func keys(_ path: String, _ column: String) throws -> [String?] {
        SequenceColumns.keys(try CSVReader.read(path: path).table.column(named: column))
    }

    @Test func generateAndDownloadEveryTableWithConsistentKeys() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try trainedStore()
        let out = try Fixtures.temporaryDirectory()
        let seed = out.appendingPathComponent("seed.csv").path
        try "id,kind\n9001,B\n9002,B\n9003,A\n".write(toFile: seed, atomically: true, encoding: .utf8)
        let script = """
            generate 1 rows=40 seed=2 as g
            download g to="\(out.path)/s.csv" table="subjects"
            download g to="\(out.path)/e.csv" table="events"
            load "\(seed)" as mine
            generate 1 from=mine seed=3 as h
            download h to="\(out.path)/hs.csv" table="subjects"
            download h to="\(out.path)/he.csv" table="events"
            """
        let result = try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(result.status == 0, "\(result.stderr)")
        let subjects = try CSVReader.read(path: "\(out.path)/s.csv").table
        #expect(subjects.columnNames == ["id", "kind", "size"], "no hidden column is downloaded")
        #expect(subjects.rowCount == 40)
        let known = Set(try keys("\(out.path)/s.csv", "id"))
        let references = try keys("\(out.path)/e.csv", "subject_id")
        #expect(!references.isEmpty && references.allSatisfy { known.contains($0) }, "every event's subject was generated")
        // Generate with seed: the user's subjects, and events only for them.
        #expect(try keys("\(out.path)/hs.csv", "id") == ["9001", "9002", "9003"])
        let seeded = try keys("\(out.path)/he.csv", "subject_id")
        #expect(!seeded.isEmpty && seeded.allSatisfy { ["9001", "9002", "9003"].contains($0) })
    }
}
