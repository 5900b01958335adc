import Foundation
import Testing
import SynthEngine
import SynthTestSupport
@testable import SynthJobs

/// Non-context foreign keys in `job_tables` (migration 6): stored, read back, checked, and
/// absent (none) in stores written before them.
@Suite("Foreign keys in the store")
struct ForeignKeyStoreTests {
    static func tables() -> [JobTableRecord] {
        [JobTableRecord(schema: TableSchema(name: "flights", primaryKey: "id", foreignKeys: [
            ForeignKey(column: "carrier", parentTable: "airlines", parentKey: "carrier"),
            ForeignKey(column: "origin", parentTable: "airports", parentKey: "faa")])),
         JobTableRecord(schema: TableSchema(name: "airlines", primaryKey: "carrier"))]
    }

    @Test func foreignKeysAreStoredAndReadBackInDependencyOrder() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let job = try store.createJob(name: nil, type: .adHoc, settings: JobSettings(), tables: Self.tables(), tasks: [.training])
        let tables = try store.tables(ofJob: job.id)
        #expect(tables.map(\.name) == ["airlines", "flights"], "the referenced table comes first")
        #expect(tables.first { $0.name == "flights" }?.foreignKeys == Self.tables()[0].foreignKeys)
        #expect(tables.first { $0.name == "airlines" }?.foreignKeys == [])
        #expect(try store.schema(ofJob: job.id).foreignKeysInJob(of: "flights").map(\.column) == ["carrier"])
    }

    @Test func anInvalidForeignKeyCreatesNoJob() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let bad = [JobTableRecord(schema: TableSchema(name: "flights", foreignKeys: [ForeignKey(column: "carrier", parentTable: "airlines")])),
                   JobTableRecord(schema: TableSchema(name: "airlines"))]
        #expect(throws: JobStoreError.invalidState("foreign key flights.carrier: the referenced table 'airlines' has no primary key; declare it with `key airlines.COLUMN`")) {
            try store.createJob(name: nil, type: .adHoc, settings: JobSettings(), tables: bad, tasks: [.training])
        }
        #expect(try store.jobs().isEmpty)
    }

    /// A store at migration 5 (before foreign keys) opens: its tables have none, and new jobs
    /// store theirs.
    @Test func aStoreFromBeforeForeignKeysStillOpens() throws {
        let home = try Fixtures.temporaryDirectory()
        do {
            let database = try SQLiteDatabase(path: home.appendingPathComponent("synth.db").path)
            try SQLiteMigrator(migrations: Array(JobStoreSchema.migrations.prefix(5))).migrate(database)
            try database.execute("""
                INSERT INTO jobs (id, name, type, created_at, settings_json) VALUES (1, 'old', 'ad_hoc', 0, '{"seed":1,"goal":"accuracy","modelSize":"M","valueProtection":true,"encodings":{},"holdoutShare":0.2}');
                INSERT INTO job_tables (job_id, name, source_path, source_bytes, primary_key, context_table, context_foreign_key, order_column)
                    VALUES (1, 'planes', '/tmp/p.csv', 3, 'tailnum', NULL, NULL, NULL),
                           (1, 'flights', '/tmp/f.csv', 3, NULL, 'planes', 'tailnum', 'time_hour');
                """)
        }
        try FileManager.default.createDirectory(at: home.appendingPathComponent("jobs/1"), withIntermediateDirectories: true)
        let store = try JobStore(home: home)
        let old = try store.tables(ofJob: 1)
        #expect(old.map(\.name) == ["planes", "flights"] && old.allSatisfy { $0.foreignKeys.isEmpty })
        #expect(try store.schema(ofJob: 1).contextParent(of: "flights")?.name == "planes")
        let new = try store.createJob(name: nil, type: .adHoc, settings: JobSettings(), tables: Self.tables(), tasks: [])
        #expect(try store.tables(ofJob: new.id).first { $0.name == "flights" }?.foreignKeys.count == 2)
        let version = try SQLiteDatabase(path: home.appendingPathComponent("synth.db").path).query("PRAGMA user_version").first?["user_version"].int
        #expect(version == Int64(JobStoreSchema.migrations.count))
    }
}
