import Foundation

/// Errors of the job store that are about the user's request, not SQLite.
public enum JobStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownJob(String)
    case invalidState(String)

    public var description: String {
        switch self {
        case let .unknownJob(reference): "unknown job '\(reference)' (see `jobs`)"
        case let .invalidState(message): message
        }
    }
}

/// The persistent record of jobs: one SQLite database in the synth home folder, with each
/// job's files (source copy, model, synthetic data, reports, package) in `jobs/<id>/`.
///
/// Every state change is one transaction, so a second synth process sees jobs live and a
/// crash never leaves a half-written row. Opening the store marks the jobs of processes
/// that died (e.g. `kill -9`) as failed.
public final class JobStore: @unchecked Sendable {
    public let home: URL
    let database: SQLiteDatabase
    private let lock = NSLock()

    /// The synth home: `$SYNTH_HOME`, else `~/.synth`.
    public static func defaultHome() -> URL {
        if let custom = ProcessInfo.processInfo.environment["SYNTH_HOME"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".synth")
    }

    public init(home: URL = JobStore.defaultHome()) throws {
        self.home = home
        try FileManager.default.createDirectory(at: home.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        database = try SQLiteDatabase(path: home.appendingPathComponent("synth.db").path)
        try SQLiteMigrator(migrations: JobStoreSchema.migrations).migrate(database)
        try recoverOrphanedJobs()
    }

    /// The folder holding job `id`'s files.
    public func folder(ofJob id: Int) -> URL { home.appendingPathComponent("jobs/\(id)") }

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
        let settingsJSON = try String(decoding: JSONEncoder.sorted.encode(settings), as: UTF8.self)
        let id: Int = try locked {
            try database.transaction {
                try database.run("""
                    INSERT INTO jobs (name, type, created_at, settings_json, catalog, destination, parent_job_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, [.text(name ?? ""), .text(type.rawValue), .real(Date().timeIntervalSince1970), .text(settingsJSON),
                          SQLiteValue(catalog), SQLiteValue(destination), SQLiteValue(parentJobID)])
                let id = Int(database.lastInsertRowID)
                if name == nil || name?.isEmpty == true {
                    try database.run("UPDATE jobs SET name = ? WHERE id = ?", [.text("job-\(id)"), .integer(Int64(id))])
                }
                var position = 0
                for table in tables {
                    try database.run("INSERT INTO job_tables (job_id, name, source_path, source_bytes, source_sha256) VALUES (?, ?, ?, ?, ?)",
                                     [.integer(Int64(id)), .text(table.name), .text(table.sourcePath),
                                      .integer(Int64(table.sourceBytes)), SQLiteValue(table.sourceSHA256)])
                    for kind in tasks {
                        try database.run("INSERT INTO tasks (job_id, table_name, kind, position, status) VALUES (?, ?, ?, ?, ?)",
                                         [.integer(Int64(id)), .text(table.name), .text(kind.rawValue),
                                          .integer(Int64(position)), .text(TaskStatus.queued.rawValue)])
                        position += 1
                    }
                }
                return id
            }
        }
        try FileManager.default.createDirectory(at: folder(ofJob: id), withIntermediateDirectories: true)
        return try job(id)
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

    /// Finds a job by id (`3`, `J3`, `job-3`) or exact name.
    public func resolveJob(_ reference: String) throws -> JobRecord {
        var digits = reference
        for prefix in ["job-", "J", "j"] where digits.hasPrefix(prefix) { digits.removeFirst(prefix.count) }
        if let id = Int(digits), let job = try? job(id) { return job }
        let rows = try locked { try database.query("SELECT * FROM jobs WHERE name = ? ORDER BY id DESC", [.text(reference)]) }
        guard let row = rows.first else { throw JobStoreError.unknownJob(reference) }
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
            JobTableRecord(jobID: id, name: row["name"].string ?? "", sourcePath: row["source_path"].string ?? "",
                           sourceBytes: Int(row["source_bytes"].int ?? 0), sourceSHA256: row["source_sha256"].string)
        }
    }

    public func tasks(ofJob id: Int) throws -> [TaskRecord] {
        try locked { try database.query("SELECT * FROM tasks WHERE job_id = ? ORDER BY position", [.integer(Int64(id))]) }.map(makeTask)
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

    /// Marks the job as run by this process (for crash recovery) and started.
    public func claim(job id: Int) throws {
        try locked {
            try database.run("UPDATE jobs SET owner_pid = ?, owner_host = ?, started_at = COALESCE(started_at, ?) WHERE id = ?",
                             [.integer(Int64(getpid())), .text(ProcessInfo.processInfo.hostName),
                              .real(Date().timeIntervalSince1970), .integer(Int64(id))])
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

    /// Deletes the job's rows and files. A running job must be canceled first.
    public func deleteJob(_ id: Int) throws {
        let record = try job(id)
        guard record.status != .inProgress else {
            throw JobStoreError.invalidState("job \(id) is running; cancel it first (`cancel \(id)`)")
        }
        try locked { try database.run("DELETE FROM jobs WHERE id = ?", [.integer(Int64(id))]) }
        try? FileManager.default.removeItem(at: folder(ofJob: id))
    }

    /// Marks the unfinished tasks of jobs whose process is gone as failed, with a log line.
    public func recoverOrphanedJobs() throws {
        let rows = try locked {
            try database.query("""
                SELECT DISTINCT j.id, j.owner_pid, j.owner_host FROM jobs j JOIN tasks t ON t.job_id = j.id
                WHERE t.status IN ('in_progress', 'queued') AND j.owner_pid IS NOT NULL
                """)
        }
        let host = ProcessInfo.processInfo.hostName
        for row in rows {
            guard let id = row["id"].int, let pid = row["owner_pid"].int else { continue }
            let sameHost = row["owner_host"].string == host
            let alive = sameHost && (kill(pid_t(pid), 0) == 0 || errno == EPERM)
            if alive { continue }
            try locked {
                try database.transaction {
                    let now = Date().timeIntervalSince1970
                    try database.run("UPDATE tasks SET status = 'failed', finished_at = ?, message = 'interrupted' WHERE job_id = ? AND status = 'in_progress'",
                                     [.real(now), .integer(id)])
                    try database.run("UPDATE tasks SET status = 'canceled', finished_at = ? WHERE job_id = ? AND status = 'queued'",
                                     [.real(now), .integer(id)])
                    try database.run("UPDATE jobs SET finished_at = ?, owner_pid = NULL, error = COALESCE(error, ?) WHERE id = ?",
                                     [.real(now), .text("the synth process that ran this job (pid \(pid)) ended unexpectedly"), .integer(id)])
                    try database.run("INSERT INTO logs (job_id, at, level, message) VALUES (?, ?, 'error', ?)",
                                     [.integer(id), .real(now), .text("marked failed: the process that ran it (pid \(pid)) is gone (killed or crashed)")])
                }
            }
        }
    }

    // MARK: Row mapping

    private func refreshJobTimes(taskID: Int) throws {
        guard let jobID = try database.query("SELECT job_id FROM tasks WHERE id = ?", [.integer(Int64(taskID))]).first?["job_id"].int else { return }
        let open = try database.query("SELECT COUNT(*) AS n FROM tasks WHERE job_id = ? AND status IN ('queued', 'in_progress')", [.integer(jobID)])
        if open.first?["n"].int == 0 {
            try database.run("UPDATE jobs SET finished_at = ?, owner_pid = NULL WHERE id = ?", [.real(Date().timeIntervalSince1970), .integer(jobID)])
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
