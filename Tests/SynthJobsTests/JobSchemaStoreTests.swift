import Foundation
import Testing
import SynthEngine
import SynthTestSupport
@testable import SynthJobs

private func record(_ name: String, primaryKey: String? = nil, context: ForeignKey? = nil, order: String? = nil) -> JobTableRecord {
    JobTableRecord(jobID: 0, name: name, sourcePath: "/tmp/\(name).csv", sourceBytes: 1, sourceSHA256: nil,
                   primaryKey: primaryKey, context: context, orderColumn: order)
}

/// planes (subject) ← flights (linked through `tailnum`, ordered by `time_hour`), airlines (subject).
private let planesAndFlights = [
    record("planes", primaryKey: "tailnum"),
    record("flights", primaryKey: "id", context: ForeignKey(column: "tailnum", parentTable: "planes"), order: "time_hour"),
    record("airlines", primaryKey: "carrier"),
]

/// A job is a schema of tables: keys and context links are stored, checked, and each table
/// has its own task list.
@Suite("Job schema in the store")
struct JobSchemaStoreTests {
    @Test func keysAndContextLinksAreStoredAndReadBack() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let job = try store.createJob(name: nil, type: .adHoc, settings: JobSettings(), tables: planesAndFlights,
                                      tasks: [.organizingData, .training])
        let tables = try store.tables(ofJob: job.id)
        #expect(tables.map(\.name) == ["planes", "flights", "airlines"])
        #expect(tables.map(\.schema) == planesAndFlights.map(\.schema))
        let schema = try store.schema(ofJob: job.id)
        #expect(schema.contextParent(of: "flights")?.name == "planes")
        #expect(schema.linkedTables(of: "planes").map(\.name) == ["flights"])
        #expect(schema.table(named: "flights")?.orderColumn == "time_hour")
        #expect(schema.table(named: "airlines")?.isSubject == true)
    }

    @Test func eachTableHasItsOwnTasks() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let job = try store.createJob(name: nil, type: .adHoc, settings: JobSettings(), tables: planesAndFlights,
                                      tasks: TaskKind.allCases)
        #expect(job.taskCount == 3 * TaskKind.allCases.count)
        for table in ["planes", "flights", "airlines"] {
            let tasks = try store.tasks(ofJob: job.id, table: table)
            #expect(tasks.map(\.kind) == TaskKind.allCases)
            #expect(tasks.allSatisfy { $0.tableName == table })
        }
        #expect(try store.tasks(ofJob: job.id, table: "nope").isEmpty)
    }

    @Test func aJobOfSeveralTablesNeverFallsBackToTheFirst() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let several = try store.createJob(name: nil, type: .adHoc, settings: JobSettings(), tables: planesAndFlights, tasks: [])
        #expect(try store.table(ofJob: several.id, named: "flights").name == "flights")
        #expect(throws: JobStoreError.invalidState("job \(several.id) has 3 tables; name one with `table=\"NAME\"` (planes, flights, airlines)")) {
            try store.table(ofJob: several.id, named: nil)
        }
        #expect(throws: JobStoreError.invalidState("job \(several.id) has no table 'trains' (its tables: planes, flights, airlines)")) {
            try store.table(ofJob: several.id, named: "trains")
        }
        let one = try store.createJob(name: nil, type: .adHoc, settings: JobSettings(), tables: [record("p")], tasks: [])
        #expect(try store.table(ofJob: one.id, named: nil).name == "p")
    }

    @Test func anInvalidSchemaCreatesNoJob() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let invalid: [([JobTableRecord], String)] = [
            ([record("flights", context: ForeignKey(column: "tailnum", parentTable: "planes"))], "'planes' is not one of the job's tables"),
            ([record("planes"), record("flights", context: ForeignKey(column: "tailnum", parentTable: "planes"))], "has no primary key"),
            ([record("a", primaryKey: "id", context: ForeignKey(column: "b_id", parentTable: "b")),
              record("b", primaryKey: "id", context: ForeignKey(column: "a_id", parentTable: "a"))], "cycle"),
            ([record("p", order: "t")], "needs a context foreign key"),
            ([record("p"), record("p")], "listed twice"),
        ]
        for (tables, message) in invalid {
            do {
                _ = try store.createJob(name: nil, type: .adHoc, settings: JobSettings(), tables: tables, tasks: [.training])
                Issue.record("accepted \(tables.map(\.name))")
            } catch let error as JobStoreError {
                #expect(error.description.contains(message), "\(error)")
            }
        }
        #expect(try store.jobs().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.home.appendingPathComponent("jobs").path).isEmpty)
    }

    /// A store written before schemas (migration 1 only) opens: its tables become subject
    /// tables without keys, and new jobs can use keys.
    @Test func aStoreFromBeforeSchemasStillOpens() throws {
        let home = try Fixtures.temporaryDirectory()
        do {
            let database = try SQLiteDatabase(path: home.appendingPathComponent("synth.db").path)
            try SQLiteMigrator(migrations: [JobStoreSchema.migrations[0]]).migrate(database)
            try database.execute("""
                INSERT INTO jobs (id, name, type, created_at, settings_json) VALUES (1, 'old', 'ad_hoc', 0, '{"seed":1,"goal":"accuracy","modelSize":"M","valueProtection":true,"encodings":{},"holdoutShare":0.2}');
                INSERT INTO job_tables (job_id, name, source_path, source_bytes) VALUES (1, 'p', '/tmp/p.csv', 3);
                INSERT INTO tasks (job_id, table_name, kind, position, status) VALUES (1, 'p', 'organizing_data', 0, 'finished');
                """)
        }
        try FileManager.default.createDirectory(at: home.appendingPathComponent("jobs/1"), withIntermediateDirectories: true)
        let store = try JobStore(home: home)
        let old = try store.job(1)
        #expect(old.name == "old" && old.status == .finished)
        #expect(try store.tables(ofJob: 1).map(\.schema) == [TableSchema(name: "p")])
        #expect(try store.schema(ofJob: 1).tables.allSatisfy(\.isSubject))
        #expect(try store.tasks(ofJob: 1, table: "p").map(\.kind) == [.organizingData])
        let new = try store.createJob(name: nil, type: .adHoc, settings: JobSettings(), tables: planesAndFlights, tasks: [])
        #expect(try store.schema(ofJob: new.id).contextParent(of: "flights")?.name == "planes")
        let version = try SQLiteDatabase(path: home.appendingPathComponent("synth.db").path).query("PRAGMA user_version").first?["user_version"].int
        #expect(version == Int64(JobStoreSchema.migrations.count))
    }
}
