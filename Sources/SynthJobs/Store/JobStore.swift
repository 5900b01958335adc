import Foundation
import SynthEngine

/// The persistent record of jobs: one SQLite database in the synth home folder, with each
/// job's files (source copy, model, synthetic data, reports, package) in `jobs/<id>/`.
///
/// Every state change is one transaction, so a second synth process sees jobs live and a
/// crash never leaves a half-written row.
///
/// Safety: the home folder and every job folder are 0700 and their files 0600, whatever the
/// umask. A job folder is created fresh for each job (never reused). The process that will run
/// a job holds an `flock` on the job's lock file (`JobLock`) from the moment the job is created
/// until it ends; a job whose lock nobody holds while it still has queued or running tasks is
/// an orphan of a process that ended, and opening the store marks it failed. `synth.db` is
/// opened only when it is this store's database: an empty database beside existing job folders,
/// a file that is not SQLite and another program's database are errors (`JobStoreError`).
public final class JobStore: @unchecked Sendable {
    public let home: URL
    let database: SQLiteDatabase
    private let lock = NSLock()
    /// The locks of the jobs this store created or claimed and that may still run here.
    private var ownedLocks: [Int: JobLock] = [:]

    /// The synth home: `$SYNTH_HOME`, else `~/.synth`.
    public static func defaultHome() -> URL {
        if let custom = ProcessInfo.processInfo.environment["SYNTH_HOME"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".synth")
    }

    public init(home: URL = JobStore.defaultHome()) throws {
        self.home = home
        let jobsFolder = home.appendingPathComponent("jobs")
        try StorePermissions.makeFolderWithParents(home)
        try StorePermissions.makeFolderWithParents(jobsFolder)
        let path = home.appendingPathComponent("synth.db").path
        let found = try StoreDatabaseFile.prepare(path: path, jobsFolder: jobsFolder)
        do {
            database = try SQLiteDatabase(path: path)
            try StoreDatabaseFile.verify(database, found: found, jobsFolder: jobsFolder)
            try SQLiteMigrator(migrations: JobStoreSchema.migrations).migrate(database)
            try StoreDatabaseFile.mark(database)
        } catch let error as SQLiteError where error.code == 26 || error.code == 11 {  // SQLITE_NOTADB, SQLITE_CORRUPT
            throw JobStoreError.notAStore(database: path, reason: "SQLite cannot read it: \(error.message)")
        }
        for file in [path, path + "-wal", path + "-shm"] { try StorePermissions.setMode(file, StorePermissions.fileMode) }
        try StorePermissions.secureTree(jobsFolder)
        try recoverOrphanedJobs()
    }

    deinit {
        for jobLock in ownedLocks.values { jobLock.release() }
    }

    /// The folder holding job `id`'s files.
    public func folder(ofJob id: Int) -> URL { home.appendingPathComponent("jobs/\(id)") }

    /// The lock file whose holder runs (or will run) job `id`.
    func lockPath(ofJob id: Int) -> String { files(ofJob: id).url(.lock).path }

    /// The names of job `id`'s files (`JobFiles`).
    public func files(ofJob id: Int) -> JobFiles { JobFiles(folder: folder(ofJob: id)) }

    /// Gives job `id`'s folder and everything in it owner-only modes (0700 folders, 0600
    /// files). The runner calls it after each task; code that writes into a job folder
    /// outside a task (an import) calls it when done.
    public func secureFiles(ofJob id: Int) throws {
        try StorePermissions.secureTree(folder(ofJob: id))
    }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: Creating and reading jobs

    /// Creates a queued job with, for each table, the given tasks in order.
    public func createJob(name: String?, type: JobType, settings: JobSettings, tables: [JobTableRecord],
                          tasks: [TaskKind], parentJobID: Int? = nil, catalog: String? = nil,
                          destination: String? = nil) throws -> JobRecord {
        // Table names become file names in the job folder (`<table>.model`): one plain component.
        for table in tables { try SafeName.validate(table.name) }
        var tables = tables
        if !tables.isEmpty {
            do {
                // Tables (and their tasks) in dependency order: a subject before its linked tables.
                let order = try JobSchema(tables: tables.map(\.schema)).dependencyOrder.map(\.name)
                tables = order.compactMap { name in tables.first { $0.name == name } }
            } catch let error as SchemaError {
                throw JobStoreError.invalidState(error.message)
            }
        }
        let settingsJSON = try String(decoding: JSONEncoder.sorted.encode(settings), as: UTF8.self)
        var made: (id: Int, lock: JobLock)?
        do {
            try locked {
                try database.transaction {
                    // The job's folder and lock come first, inside the write transaction, so no
                    // other process ever sees the job without a live lock holder.
                    made = try makeJobFolder()
                    guard let id = made?.id else { return }
                    try database.run("""
                        INSERT INTO jobs (id, name, type, created_at, settings_json, catalog, destination, parent_job_id, owner_pid, owner_host)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, [.integer(Int64(id)), .text(name?.isEmpty == false ? name ?? "" : "job-\(id)"), .text(type.rawValue),
                              .real(Date().timeIntervalSince1970), .text(settingsJSON), SQLiteValue(catalog), SQLiteValue(destination),
                              SQLiteValue(parentJobID), .integer(Int64(getpid())), .text(ProcessInfo.processInfo.hostName)])
                    var position = 0
                    // Writing to the destination is one task for the whole job, after every
                    // table's tasks, so all tables are written in one go (all or nothing).
                    let perTable = tasks.filter { $0 != .writingDestination }
                    for table in tables {
                        try database.run("""
                            INSERT INTO job_tables (job_id, name, source_path, source_bytes, source_sha256,
                                                    primary_key, context_table, context_foreign_key, order_column, foreign_keys_json)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, [.integer(Int64(id)), .text(table.name), .text(table.sourcePath),
                                  .integer(Int64(table.sourceBytes)), SQLiteValue(table.sourceSHA256), SQLiteValue(table.primaryKey),
                                  SQLiteValue(table.context?.parentTable), SQLiteValue(table.context?.column), SQLiteValue(table.orderColumn),
                                  SQLiteValue(try ForeignKeysColumn.text(table.foreignKeys))])
                        for kind in perTable {
                            try database.run("INSERT INTO tasks (job_id, table_name, kind, position, status) VALUES (?, ?, ?, ?, ?)",
                                             [.integer(Int64(id)), .text(table.name), .text(kind.rawValue),
                                              .integer(Int64(position)), .text(TaskStatus.queued.rawValue)])
                            position += 1
                        }
                    }
                    if tasks.contains(.writingDestination), let last = tables.last {
                        try database.run("INSERT INTO tasks (job_id, table_name, kind, position, status) VALUES (?, ?, ?, ?, ?)",
                                         [.integer(Int64(id)), .text(last.name), .text(TaskKind.writingDestination.rawValue),
                                          .integer(Int64(position)), .text(TaskStatus.queued.rawValue)])
                    }
                }
            }
        } catch {
            if let made {
                made.lock.release()
                try? FileManager.default.removeItem(at: folder(ofJob: made.id))
            }
            throw error
        }
        guard let made else { throw JobStoreError.invalidState("no job folder was created") }
        if tasks.isEmpty || tables.isEmpty {
            made.lock.release()  // nothing will run
        } else {
            locked { ownedLocks[made.id] = made.lock }
        }
        return try job(made.id)
    }

    /// Creates the folder (0700) and takes the lock of the next job id whose folder does not
    /// exist yet: folders left by an earlier store (or anything else) are never reused.
    /// Runs inside the write transaction that inserts the job.
    private func makeJobFolder() throws -> (id: Int, lock: JobLock) {
        let last = try database.query("""
            SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'jobs'), 0), COALESCE((SELECT MAX(id) FROM jobs), 0)) AS last
            """).first?["last"].int ?? 0
        var id = Int(last) + 1
        while true {
            guard try StorePermissions.makeFolder(folder(ofJob: id)) else {
                id += 1
                continue
            }
            switch try JobLock.attempt(at: lockPath(ofJob: id)) {
            case .acquired(let jobLock):
                return (id, jobLock)
            case .heldElsewhere, .noJobFolder:
                throw JobStoreError.fileSystem("cannot lock the new job folder \(folder(ofJob: id).path)")
            }
        }
    }

    /// All jobs, newest first.
    public func jobs() throws -> [JobRecord] {
        try locked { try database.query("SELECT * FROM jobs ORDER BY id DESC") }.map(makeJob)
    }

    /// The job with this id.
    public func job(_ id: Int) throws -> JobRecord {
        guard let row = try locked({ try database.query("SELECT * FROM jobs WHERE id = ?", [.integer(Int64(id))]) }).first else {
            throw JobStoreError.unknownJob(String(id))
        }
        return try makeJob(row)
    }

    /// Points a job's table at its source file (e.g. after copying the source into the job folder).
    public func setSource(job id: Int, table: String, path: String, bytes: Int, sha256: String?) throws {
        try locked {
            try database.run("UPDATE job_tables SET source_path = ?, source_bytes = ?, source_sha256 = ? WHERE job_id = ? AND name = ?",
                             [.text(path), .integer(Int64(bytes)), SQLiteValue(sha256), .integer(Int64(id)), .text(table)])
        }
    }

    public func tables(ofJob id: Int) throws -> [JobTableRecord] {
        try locked { try database.query("SELECT * FROM job_tables WHERE job_id = ? ORDER BY rowid", [.integer(Int64(id))]) }.map { row in
            let context: ForeignKey? = switch (row["context_table"].string, row["context_foreign_key"].string) {
            case let (table?, column?): ForeignKey(column: column, parentTable: table)
            default: nil
            }
            return JobTableRecord(jobID: id, name: row["name"].string ?? "", sourcePath: row["source_path"].string ?? "",
                                  sourceBytes: Int(row["source_bytes"].int ?? 0), sourceSHA256: row["source_sha256"].string,
                                  primaryKey: row["primary_key"].string, context: context, orderColumn: row["order_column"].string,
                                  foreignKeys: try ForeignKeysColumn.foreignKeys(row["foreign_keys_json"].string, job: id))
        }
    }

    /// The schema of job `id`'s tables (checked as when the job was created).
    public func schema(ofJob id: Int) throws -> JobSchema {
        do { return try JobSchema(tables: try tables(ofJob: id).map(\.schema)) } catch let error as SchemaError {
            throw JobStoreError.invalidState("job \(id): \(error.message)")
        }
    }

    /// The table of job `id` that a command names, or its only table when `name` is nil. A
    /// job of several tables never falls back to one of them: the error lists them.
    public func table(ofJob id: Int, named name: String?) throws -> JobTableRecord {
        let tables = try tables(ofJob: id)
        let listed = tables.map(\.name).joined(separator: ", ")
        if let name {
            guard let table = tables.first(where: { $0.name == name }) else {
                throw JobStoreError.invalidState(tables.isEmpty ? "job \(id) has no tables"
                                                 : "job \(id) has no table '\(SafeName.printable(name))' (its tables: \(listed))")
            }
            return table
        }
        guard tables.count == 1, let only = tables.first else {
            throw JobStoreError.invalidState(tables.isEmpty ? "job \(id) has no tables"
                                             : "job \(id) has \(tables.count) tables; name one with `table=\"NAME\"` (\(listed))")
        }
        return only
    }

    public func tasks(ofJob id: Int) throws -> [TaskRecord] {
        try locked { try database.query("SELECT * FROM tasks WHERE job_id = ? ORDER BY position", [.integer(Int64(id))]) }.map(makeTask)
    }

    /// The tasks of one table of job `id`, in order.
    public func tasks(ofJob id: Int, table: String) throws -> [TaskRecord] {
        try locked {
            try database.query("SELECT * FROM tasks WHERE job_id = ? AND table_name = ? ORDER BY position",
                               [.integer(Int64(id)), .text(table)])
        }.map(makeTask)
    }

    public func logs(ofJob id: Int) throws -> [LogRecord] {
        try locked { try database.query("SELECT * FROM logs WHERE job_id = ? ORDER BY id", [.integer(Int64(id))]) }.map { row in
            LogRecord(at: Date(timeIntervalSince1970: row["at"].double ?? 0), level: row["level"].string ?? "info",
                      task: row["task"].string.flatMap(TaskKind.init(rawValue:)), message: row["message"].string ?? "")
        }
    }

    public func artifacts(ofJob id: Int) throws -> [ArtifactRecord] {
        try locked { try database.query("SELECT * FROM artifacts WHERE job_id = ? ORDER BY created_at", [.integer(Int64(id))]) }.map { row in
            ArtifactRecord(jobID: id, kind: row["kind"].string ?? "", path: row["path"].string ?? "", bytes: Int(row["bytes"].int ?? 0))
        }
    }

    /// The artifact of `kind`, if the job produced one.
    public func artifact(ofJob id: Int, kind: String) throws -> ArtifactRecord? {
        try artifacts(ofJob: id).first { $0.kind == kind }
    }

    // MARK: State changes (each one transaction)

    /// Marks the job as run by this process and started, taking its lock unless this store
    /// already holds it (it created the job). Throws when another process holds the lock.
    public func claim(job id: Int) throws {
        try locked {
            if ownedLocks[id] == nil {
                switch try JobLock.attempt(at: lockPath(ofJob: id)) {
                case .acquired(let jobLock): ownedLocks[id] = jobLock
                case .heldElsewhere: throw JobStoreError.invalidState("job \(id) belongs to another synth process")
                case .noJobFolder: throw JobStoreError.invalidState("job \(id)'s folder \(folder(ofJob: id).path) is gone")
                }
            }
            try database.run("UPDATE jobs SET owner_pid = ?, owner_host = ?, started_at = COALESCE(started_at, ?) WHERE id = ?",
                             [.integer(Int64(getpid())), .text(ProcessInfo.processInfo.hostName),
                              .real(Date().timeIntervalSince1970), .integer(Int64(id))])
        }
    }

    /// Lets go of the job's lock (the runner calls it once the job has ended here).
    public func release(job id: Int) {
        locked { ownedLocks.removeValue(forKey: id) }?.release()
    }

    /// Whether a live runner (in this process or another) holds job `id`'s lock.
    public func isRunnerAlive(job id: Int) throws -> Bool {
        if locked({ ownedLocks[id] != nil }) { return true }
        switch try JobLock.attempt(at: lockPath(ofJob: id)) {
        case .acquired(let probe):
            probe.release()
            return false
        case .heldElsewhere: return true
        case .noJobFolder: return false
        }
    }

    public func updateTask(_ id: Int, status: TaskStatus, message: String? = nil) throws {
        let now = Date().timeIntervalSince1970
        try locked {
            try database.transaction {
                switch status {
                case .inProgress:
                    try database.run("UPDATE tasks SET status = ?, started_at = ?, finished_at = NULL, message = ? WHERE id = ?",
                                     [.text(status.rawValue), .real(now), SQLiteValue(message), .integer(Int64(id))])
                case .queued:
                    try database.run("UPDATE tasks SET status = ?, started_at = NULL, finished_at = NULL, message = ? WHERE id = ?",
                                     [.text(status.rawValue), SQLiteValue(message), .integer(Int64(id))])
                default:
                    try database.run("UPDATE tasks SET status = ?, finished_at = ?, message = COALESCE(?, message) WHERE id = ?",
                                     [.text(status.rawValue), .real(now), SQLiteValue(message), .integer(Int64(id))])
                }
                try refreshJobTimes(taskID: id)
            }
        }
    }

    public func updateProgress(task id: Int, _ progress: TaskProgress) throws {
        let json = String(decoding: try JSONEncoder.sorted.encode(progress), as: UTF8.self)
        try locked { try database.run("UPDATE tasks SET progress_json = ? WHERE id = ?", [.text(json), .integer(Int64(id))]) }
    }

    public func log(job id: Int, task: TaskKind? = nil, level: String = "info", _ message: String) throws {
        try locked {
            try database.run("INSERT INTO logs (job_id, at, level, task, message) VALUES (?, ?, ?, ?, ?)",
                             [.integer(Int64(id)), .real(Date().timeIntervalSince1970), .text(level),
                              SQLiteValue(task?.rawValue), .text(message)])
        }
    }

    public func setError(job id: Int, _ message: String) throws {
        try locked { try database.run("UPDATE jobs SET error = ? WHERE id = ?", [.text(message), .integer(Int64(id))]) }
    }

    /// Records (or replaces) a file the job produced.
    public func addArtifact(job id: Int, kind: String, path: String) throws {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        try locked {
            try database.run("INSERT OR REPLACE INTO artifacts (job_id, kind, path, bytes, created_at) VALUES (?, ?, ?, ?, ?)",
                             [.integer(Int64(id)), .text(kind), .text(path), .integer(Int64(bytes)), .real(Date().timeIntervalSince1970)])
        }
    }

    /// Asks whoever runs the job (this process or another) to stop it.
    public func requestCancel(job id: Int) throws {
        _ = try job(id)
        try locked { try database.run("UPDATE jobs SET cancel_requested = 1 WHERE id = ?", [.integer(Int64(id))]) }
    }

    public func isCancelRequested(job id: Int) -> Bool {
        (try? locked { try database.query("SELECT cancel_requested FROM jobs WHERE id = ?", [.integer(Int64(id))]) })?
            .first?["cancel_requested"].int == 1
    }

    /// Asks whoever runs the job (this process or another) to end its training at the next
    /// step, keep the best model so far and go on generating, packaging and scoring it.
    public func requestStop(job id: Int) throws {
        _ = try job(id)
        try locked { try database.run("UPDATE jobs SET stop_requested = 1 WHERE id = ?", [.integer(Int64(id))]) }
    }

    public func isStopRequested(job id: Int) -> Bool {
        (try? locked { try database.query("SELECT stop_requested FROM jobs WHERE id = ?", [.integer(Int64(id))]) })?
            .first?["stop_requested"].int == 1
    }

    /// The jobs that generate from job `id`'s model, and theirs in turn (ascending ids).
    public func descendants(ofJob id: Int) throws -> [Int] {
        var found: [Int] = []
        var frontier = [id]
        while let parent = frontier.popLast() {
            let children = try locked { try database.query("SELECT id FROM jobs WHERE parent_job_id = ?", [.integer(Int64(parent))]) }
                .compactMap { $0["id"].int.map(Int.init) }
            for child in children where !found.contains(child) && child != id {
                found.append(child)
                frontier.append(child)
            }
        }
        return found.sorted()
    }

    /// Deletes the job's rows and files. A job that other jobs generate from is deleted only
    /// with `withChildren` (then they go too); a job that is running, or waiting to run in
    /// another synth process, must be canceled first. Returns the ids of the deleted children.
    @discardableResult
    public func deleteJob(_ id: Int, withChildren: Bool = false) throws -> [Int] {
        try recoverOrphanedJobs()
        _ = try job(id)
        let children = try descendants(ofJob: id)
        guard children.isEmpty || withChildren else { throw JobStoreError.hasChildren(job: id, children: children) }
        for member in [id] + children {
            let record = try job(member)
            let elsewhere = try !record.status.isTerminal && locked({ ownedLocks[member] == nil }) && isRunnerAlive(job: member)
            guard record.status != .inProgress, !elsewhere else {
                throw JobStoreError.invalidState("job \(member) is \(record.status == .inProgress ? "running" : "waiting to run in another synth process"); "
                                                 + "cancel it first (`cancel \(member)`)")
            }
        }
        try locked {
            try database.transaction {
                for member in children.reversed() + [id] {
                    try database.run("DELETE FROM jobs WHERE id = ?", [.integer(Int64(member))])
                }
            }
        }
        for member in children + [id] {
            release(job: member)
            try? FileManager.default.removeItem(at: folder(ofJob: member))
        }
        return children
    }

    /// Marks the unfinished jobs whose runner is gone (nobody holds their lock: the process
    /// that created or ran them ended, `kill -9` included) as failed, with a log line. The
    /// running task fails and the tasks after it are canceled; a job that never started fails
    /// its first task. Safe to call often (each synth command does): live jobs cost one
    /// non-blocking `flock` each.
    public func recoverOrphanedJobs() throws {
        let rows = try locked {
            try database.query("""
                SELECT DISTINCT j.id FROM jobs j JOIN tasks t ON t.job_id = j.id WHERE t.status IN ('in_progress', 'queued')
                """)
        }
        for id in rows.compactMap({ $0["id"].int.map(Int.init) }) where locked({ ownedLocks[id] == nil }) {
            // A lock file this process cannot open (not its owner's store) decides nothing.
            guard let attempt = try? JobLock.attempt(at: lockPath(ofJob: id)) else { continue }
            let probe: JobLock?
            switch attempt {
            case .acquired(let jobLock): probe = jobLock
            case .heldElsewhere: continue
            case .noJobFolder: probe = nil
            }
            defer { probe?.release() }
            try locked { try database.transaction { try markOrphaned(id) } }
        }
    }

    /// Fails orphaned job `id` (inside a transaction; a no-op if another process just did).
    private func markOrphaned(_ id: Int) throws {
        let open = try database.query("SELECT id, status FROM tasks WHERE job_id = ? AND status IN ('in_progress', 'queued') ORDER BY position",
                                      [.integer(Int64(id))])
        guard let next = open.first?["id"].int else { return }
        let running = open.contains { $0["status"].string == TaskStatus.inProgress.rawValue }
        let owner = try database.query("SELECT owner_pid, owner_host, started_at FROM jobs WHERE id = ?", [.integer(Int64(id))]).first
        let started = running || owner?["started_at"].double != nil
        var process = "the synth process that \(started ? "ran" : "queued") it"
        if let pid = owner?["owner_pid"].int {
            process += " (pid \(pid)" + (owner?["owner_host"].string.map { " on \($0)" } ?? "") + ")"
        }
        let when = started ? "before the job finished" : "before the job started"
        let now = Date().timeIntervalSince1970
        // The running task (else the next one) fails; the tasks after it are canceled.
        let failing = running ? "job_id = ? AND status = 'in_progress'" : "id = ?"
        try database.run("UPDATE tasks SET status = 'failed', finished_at = ?, message = ? WHERE \(failing)",
                         [.real(now), .text("interrupted: \(process) ended"), .integer(running ? Int64(id) : next)])
        try database.run("UPDATE tasks SET status = 'canceled', finished_at = ?, message = ? WHERE job_id = ? AND status = 'queued'",
                         [.real(now), .text("not run: \(process) ended"), .integer(Int64(id))])
        try database.run("UPDATE jobs SET finished_at = ?, error = COALESCE(error, ?) WHERE id = ?",
                         [.real(now), .text("\(process) ended (killed or crashed) \(when)"), .integer(Int64(id))])
        try database.run("INSERT INTO logs (job_id, at, level, message) VALUES (?, ?, 'error', ?)",
                         [.integer(Int64(id)), .real(now), .text("marked failed: \(process) is gone (killed or crashed); it ended \(when)")])
    }

    // MARK: Row mapping

    private func refreshJobTimes(taskID: Int) throws {
        guard let jobID = try database.query("SELECT job_id FROM tasks WHERE id = ?", [.integer(Int64(taskID))]).first?["job_id"].int else { return }
        let open = try database.query("SELECT COUNT(*) AS n FROM tasks WHERE job_id = ? AND status IN ('queued', 'in_progress')", [.integer(jobID)])
        if open.first?["n"].int == 0 {
            try database.run("UPDATE jobs SET finished_at = ? WHERE id = ?", [.real(Date().timeIntervalSince1970), .integer(jobID)])
        } else {
            try database.run("UPDATE jobs SET finished_at = NULL WHERE id = ?", [.integer(jobID)])
        }
    }

    private func makeJob(_ row: SQLiteRow) throws -> JobRecord {
        let id = Int(row["id"].int ?? 0)
        let statuses = try locked {
            try database.query("SELECT status FROM tasks WHERE job_id = ?", [.integer(Int64(id))])
        }.compactMap { $0["status"].string.flatMap(TaskStatus.init(rawValue:)) }
        let settings = (row["settings_json"].string).flatMap { try? JSONDecoder().decode(JobSettings.self, from: Data($0.utf8)) } ?? JobSettings()
        return JobRecord(
            id: id, name: row["name"].string ?? "job-\(id)",
            type: row["type"].string.flatMap(JobType.init(rawValue:)) ?? .adHoc,
            status: Self.jobStatus(statuses), createdAt: Date(timeIntervalSince1970: row["created_at"].double ?? 0),
            startedAt: row["started_at"].double.map(Date.init(timeIntervalSince1970:)),
            finishedAt: row["finished_at"].double.map(Date.init(timeIntervalSince1970:)),
            settings: settings, catalog: row["catalog"].string, destination: row["destination"].string,
            parentJobID: row["parent_job_id"].int.map(Int.init), error: row["error"].string,
            tasksCompleted: statuses.filter { $0 == .finished }.count, taskCount: statuses.count)
    }

    /// A job's status from its tasks: failed or canceled if any is; in progress while any
    /// runs or some are done and others wait; finished when all are; else queued.
    public static func jobStatus(_ statuses: [TaskStatus]) -> TaskStatus {
        if statuses.isEmpty { return .finished }  // nothing to run (an imported model)
        if statuses.contains(.failed) { return .failed }
        if statuses.contains(.canceled) { return .canceled }
        if !statuses.isEmpty, statuses.allSatisfy({ $0 == .finished }) { return .finished }
        if statuses.contains(.inProgress) || statuses.contains(.finished) { return .inProgress }
        return .queued
    }

    private func makeTask(_ row: SQLiteRow) -> TaskRecord {
        TaskRecord(
            id: Int(row["id"].int ?? 0), jobID: Int(row["job_id"].int ?? 0), tableName: row["table_name"].string ?? "",
            kind: row["kind"].string.flatMap(TaskKind.init(rawValue:)) ?? .organizingData,
            position: Int(row["position"].int ?? 0),
            status: row["status"].string.flatMap(TaskStatus.init(rawValue:)) ?? .queued,
            startedAt: row["started_at"].double.map(Date.init(timeIntervalSince1970:)),
            finishedAt: row["finished_at"].double.map(Date.init(timeIntervalSince1970:)),
            progress: row["progress_json"].string.flatMap { try? JSONDecoder().decode(TaskProgress.self, from: Data($0.utf8)) },
            message: row["message"].string)
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys (stable files and rows).
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
