import Foundation
import Testing
import SynthTestSupport
import SynthEngine
import SynthJobs

/// A job over several tables, through the real binary: commands that read a table's files
/// name the table (never falling back to the first one), and `tasks JOB TABLE` lists one
/// table's tasks.
@Suite("Job tables end to end (real binary)", .serialized)
struct JobTablesEndToEndTests {
    private func run(_ script: String, home: URL) throws -> BinaryHarness.Result {
        try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
    }

    /// A store with job 1 over planes (subject) and flights (linked to planes), not started.
    private func storeWithTwoTables() throws -> URL {
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        _ = try store.createJob(name: "fleet", type: .adHoc, settings: JobSettings(), tables: [
            JobTableRecord(jobID: 0, name: "planes", sourcePath: "", sourceBytes: 0, sourceSHA256: nil, primaryKey: "tailnum"),
            JobTableRecord(jobID: 0, name: "flights", sourcePath: "", sourceBytes: 0, sourceSHA256: nil,
                           context: ForeignKey(column: "tailnum", parentTable: "planes")),
        ], tasks: [])
        return home
    }

    @Test func commandsThatReadATablesFilesNameTheTable() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try storeWithTwoTables()
        let out = try Fixtures.temporaryDirectory().appendingPathComponent("x.csv").path
        let listing = "job 1 has 2 tables; name one with `table=\"NAME\"` (planes, flights)"
        for command in ["download 1 to=\"\(out)\"", "qa 1", "columns 1", "report 1 to=\"\(out).html\""] {
            let result = try run(command, home: home)
            #expect(result.status != 0, "\(command): \(result.stdout)")
            #expect(result.stderr.contains(listing), "\(command): \(result.stderr)")
        }
        // `generate` of a job with linked tables generates its subject table (with its linked
        // tables); it never falls back to the first table of a job without links.
        let generate = try run("generate 1 rows=5", home: home)
        #expect(generate.status != 0 && generate.stderr.contains("job 1 has no trained model"), "\(generate.stderr)")
        let unknown = try run("download 1 to=\"\(out)\" table=\"trains\"", home: home)
        #expect(unknown.stderr.contains("job 1 has no table 'trains' (its tables: planes, flights)"), "\(unknown.stderr)")
        // Naming the table reaches that table's files.
        let named = try run("download 1 to=\"\(out)\" table=\"flights\"", home: home)
        #expect(named.stderr.contains("job 1 has no synthetic data"), "\(named.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func tasksOfOneTable() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        let job = try store.createJob(name: nil, type: .adHoc, settings: JobSettings(), tables: [
            JobTableRecord(jobID: 0, name: "planes", sourcePath: "", sourceBytes: 0, sourceSHA256: nil, primaryKey: "tailnum"),
            JobTableRecord(jobID: 0, name: "flights", sourcePath: "", sourceBytes: 0, sourceSHA256: nil,
                           context: ForeignKey(column: "tailnum", parentTable: "planes")),
        ], tasks: [.organizingData, .training])
        let all = try run("tasks \(job.id)", home: home)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("planes") && all.stdout.contains("flights"))
        let flights = try run("tasks \(job.id) \"flights\"", home: home)
        #expect(flights.status == 0, "\(flights.stderr)")
        #expect(flights.stdout.contains("flights") && !flights.stdout.contains("planes"), "\(flights.stdout)")
        let unknown = try run("tasks \(job.id) \"trains\"", home: home)
        #expect(unknown.status != 0 && unknown.stderr.contains("has no table 'trains' (its tables: planes, flights)"), "\(unknown.stderr)")
    }
}
