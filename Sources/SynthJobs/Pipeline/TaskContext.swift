import Foundation
import SynthEngine

/// Raised inside a task when the job was asked to stop.
public struct JobCanceled: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "canceled" }
}

/// What a running task sees: its job and the job's schema, its table, the job's files (and
/// those of the job it generates from), and ways to report and to stop.
public final class TaskContext: @unchecked Sendable {
    public let store: JobStore
    public let job: JobRecord
    /// Every table of the job and how they link.
    public let schema: JobSchema
    public let table: JobTableRecord
    public let task: TaskRecord
    /// The job's folder; tasks hand results to later tasks as files here.
    public let folder: URL
    private var lastProgressWrite = Date.distantPast
    private var lastCancelCheck = Date.distantPast
    private var canceled = false
    private var lastStopCheck = Date.distantPast
    private var stopRequested = false
    private let localCancel: @Sendable () -> Bool

    init(store: JobStore, job: JobRecord, schema: JobSchema, table: JobTableRecord, task: TaskRecord,
         localCancel: @escaping @Sendable () -> Bool) {
        self.store = store
        self.job = job
        self.schema = schema
        self.table = table
        self.task = task
        folder = store.folder(ofJob: job.id)
        self.localCancel = localCancel
    }

    /// The settings this task's table trains and generates with: the job's, with the table's
    /// own (`JobSettings.tableSettings`) over them.
    public var settings: JobSettings { job.settings.forTable(table.name) }

    /// The names of this job's files.
    public var files: JobFiles { JobFiles(folder: folder) }

    /// The files of the job this one generates from (`generate`), if any.
    public var parentFiles: JobFiles? { job.parentJobID.map { store.files(ofJob: $0) } }

    /// This table's file in the job folder.
    public func file(_ file: JobFiles.TableFile) -> URL { files.url(file, table: table.name) }

    /// The subject table this table is linked to (its context parent), if it is a linked table.
    public var contextParent: TableSchema? { schema.contextParent(of: table.name) }

    /// A file of another table of this job (a linked table reads its subject's files).
    public func file(_ file: JobFiles.TableFile, of table: String) throws -> URL {
        guard schema.table(named: table) != nil else {
            throw JobStoreError.invalidState("job \(job.id) has no table '\(table)' (its tables: \(schema.tableNames.joined(separator: ", ")))")
        }
        return files.url(file, table: table)
    }

    /// An input file: this job's own, else its parent's (a generate job reuses the trained
    /// model, training and holdout rows of the job it generates from).
    public func input(_ file: JobFiles.TableFile) -> URL {
        let own = self.file(file)
        guard !FileManager.default.fileExists(atPath: own.path), let parentFiles else { return own }
        return parentFiles.url(file, table: table.name)
    }

    /// An input file of another table of this job: this job's own, else its parent's (a
    /// generate job's linked table reads its subject's training and holdout rows there).
    public func input(_ file: JobFiles.TableFile, of table: String) throws -> URL {
        let own = try self.file(file, of: table)
        guard !FileManager.default.fileExists(atPath: own.path), let parentFiles else { return own }
        return parentFiles.url(file, table: table)
    }

    /// Whether this job's model came from an imported `.synthjob` bundle (the job itself or
    /// the job it generates from is `imported`): such a store holds the model but, by design,
    /// none of the rows it was trained on.
    public var usesImportedModel: Bool {
        if job.type == .imported { return true }
        guard let parent = job.parentJobID else { return false }
        return (try? store.job(parent).type) == .imported
    }

    /// Whether the job was asked to stop, by this process or another one through the store
    /// (the store is polled at most a few times per second).
    public var isCanceled: Bool {
        if canceled { return true }
        if localCancel() { canceled = true; return true }
        let now = Date()
        if now.timeIntervalSince(lastCancelCheck) > 0.25 {
            lastCancelCheck = now
            canceled = store.isCancelRequested(job: job.id)
        }
        return canceled
    }

    /// Whether the job was asked to stop training early and keep its model (`stop J`, from
    /// this process or another one through the store; polled at most a few times per second).
    /// Unlike a cancel, the job goes on: only training ends early.
    public var isStopRequested: Bool {
        if stopRequested { return true }
        let now = Date()
        if now.timeIntervalSince(lastStopCheck) > 0.25 {
            lastStopCheck = now
            stopRequested = store.isStopRequested(job: job.id)
        }
        return stopRequested
    }

    /// Throws `JobCanceled` when the job was asked to stop.
    public func checkCanceled() throws {
        if isCanceled { throw JobCanceled() }
    }

    /// Publishes progress (rate-limited to a few writes per second unless `force`).
    public func report(_ progress: TaskProgress, force: Bool = false) {
        let now = Date()
        guard force || now.timeIntervalSince(lastProgressWrite) > 0.2 else { return }
        lastProgressWrite = now
        try? store.updateProgress(task: task.id, progress)
    }

    public func log(_ message: String, level: String = "info") {
        try? store.log(job: job.id, task: task.kind, level: level, message)
    }

    /// Records a produced file.
    public func addArtifact(kind: String, url: URL) throws {
        try store.addArtifact(job: job.id, kind: kind, path: url.path)
    }

    /// Records one of this table's files as produced (its kind is the file's name).
    public func addArtifact(_ file: JobFiles.TableFile) throws {
        try addArtifact(kind: file.rawValue, url: self.file(file))
    }
}

/// Runs one kind of task. Implementations live with the pipeline (engine-backed) and in
/// tests (scripted doubles).
public protocol TaskExecutor: Sendable {
    func run(_ context: TaskContext) throws
}
