import Foundation
import Testing
import SynthTestSupport
@testable import SynthJobs

/// A store home with an old job folder `jobs/1` holding a file, and no database.
private func homeWithOldJobFolder() throws -> URL {
    let home = try Fixtures.temporaryDirectory()
    let old = home.appendingPathComponent("jobs/1")
    try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
    try Data("old model".utf8).write(to: old.appendingPathComponent("t.model"))
    return home
}

private func makeJob(_ store: JobStore) throws -> JobRecord {
    try store.createJob(name: nil, type: .adHoc, settings: JobSettings(),
                        tables: [JobTableRecord(jobID: 0, name: "t", sourcePath: "", sourceBytes: 0, sourceSHA256: nil)],
                        tasks: [.organizingData])
}

/// synth opens `synth.db` only when it is this store's database, and never reuses a job folder.
@Suite("Store database file")
struct StoreDatabaseFileTests {
    @Test func anEmptyDatabaseBesideJobFoldersIsAnErrorThatSaysWhatToDo() throws {
        let home = try homeWithOldJobFolder()
        let database = home.appendingPathComponent("synth.db")
        try Data().write(to: database)
        do {
            _ = try JobStore(home: home)
            Issue.record("an empty database beside job folders was accepted")
        } catch let error as JobStoreError {
            #expect(error == .lostDatabase(database: database.path, jobsFolder: home.appendingPathComponent("jobs").path, jobFolders: 1))
            #expect(error.description.contains(database.path) && error.description.contains("mv "))
        }
        #expect(try Data(contentsOf: database).isEmpty, "the file is left as it was")
        // A SQLite database without tables (created, never migrated) is just as empty.
        try FileManager.default.removeItem(at: database)
        _ = try SQLiteDatabase(path: database.path)
        #expect(throws: JobStoreError.lostDatabase(database: database.path, jobsFolder: home.appendingPathComponent("jobs").path, jobFolders: 1)) {
            try JobStore(home: home)
        }
    }

    @Test func anEmptyDatabaseWithoutJobFoldersIsANewStore() throws {
        let home = try Fixtures.temporaryDirectory()
        try Data().write(to: home.appendingPathComponent("synth.db"))
        let store = try JobStore(home: home)
        #expect(try makeJob(store).id == 1)
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftUntouched() throws {
        let home = try Fixtures.temporaryDirectory()
        let database = home.appendingPathComponent("synth.db")
        let text = Data("name,age\nada,36\n".utf8)
        try text.write(to: database)
        #expect(throws: JobStoreError.notAStore(database: database.path, reason: "it is not a SQLite database")) { try JobStore(home: home) }
        #expect(try Data(contentsOf: database) == text)
        // A few bytes that only start like SQLite, and a folder in the database's place.
        try Data("SQLite".utf8).write(to: database)
        #expect(throws: JobStoreError.notAStore(database: database.path, reason: "it is not a SQLite database")) { try JobStore(home: home) }
        // SQLite's header over garbage.
        let damaged = Data(StoreDatabaseFile.sqliteHeader) + Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
        try damaged.write(to: database)
        do {
            _ = try JobStore(home: home)
            Issue.record("a damaged database was accepted")
        } catch let error as JobStoreError {
            guard case .notAStore(let path, let reason) = error else { throw error }
            #expect(path == database.path && reason.contains("SQLite cannot read it"))
        }
        #expect(try Data(contentsOf: database) == damaged)
        try FileManager.default.removeItem(at: database)
        try FileManager.default.createDirectory(at: database, withIntermediateDirectories: false)
        #expect(throws: JobStoreError.notAStore(database: database.path, reason: "it is not a regular file")) { try JobStore(home: home) }
    }

    @Test func anotherProgramsDatabaseIsRefusedAndNeverMigrated() throws {
        let home = try Fixtures.temporaryDirectory()
        let path = home.appendingPathComponent("synth.db").path
        do {
            let foreign = try SQLiteDatabase(path: path)
            try foreign.execute("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ada'); PRAGMA user_version = 7")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            _ = try JobStore(home: home)
            Issue.record("another program's database was accepted")
        } catch let error as JobStoreError {
            guard case .notAStore(let database, let reason) = error else { throw error }
            #expect(database == path && reason.contains("without synth's tables"))
        }
        let after = try SQLiteDatabase(path: path)
        #expect(try after.query("PRAGMA user_version").first?["user_version"].int == 7)
        #expect(try after.query("SELECT name FROM sqlite_master WHERE name = 'jobs'").isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count >= before.count)
        // A database stamped by another application is refused the same way.
        try after.execute("PRAGMA application_id = 42")
        #expect(throws: JobStoreError.notAStore(database: path, reason: "it is another program's SQLite database")) { try JobStore(home: home) }
    }

    @Test func aStoreFromBeforeTheMarkerIsAdoptedAndMarked() throws {
        let home = try Fixtures.temporaryDirectory()
        do {
            let legacy = try SQLiteDatabase(path: home.appendingPathComponent("synth.db").path)
            try SQLiteMigrator(migrations: Array(JobStoreSchema.migrations.prefix(1))).migrate(legacy)
        }
        let store = try JobStore(home: home)
        #expect(try store.database.query("PRAGMA application_id").first?["application_id"].int == JobStoreSchema.applicationID)
        #expect(try store.database.query("PRAGMA user_version").first?["user_version"].int == Int64(JobStoreSchema.migrations.count))
    }

    @Test func newJobsNeverReuseAnExistingFolder() throws {
        let home = try homeWithOldJobFolder()
        try FileManager.default.createDirectory(at: home.appendingPathComponent("jobs/3"), withIntermediateDirectories: true)
        let store = try JobStore(home: home)
        let ids = try (0..<3).map { _ in try makeJob(store).id }
        #expect(ids == [2, 4, 5])
        #expect(try String(contentsOf: home.appendingPathComponent("jobs/1/t.model"), encoding: .utf8) == "old model")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("jobs/3").path).isEmpty)
        // Ids keep growing after a delete: a deleted job's id (and folder name) is not handed out again.
        try store.deleteJob(5)
        #expect(try makeJob(store).id == 6)
    }
}
