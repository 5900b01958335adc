import Foundation
import SynthEngine

/// Runs jobs' tasks in order on a background queue, recording every transition in the store.
///
/// Jobs run one after another in this process (each job already uses both cores); the
/// REPL stays responsive. A failing task fails its job, with its error in the job's log;
/// the tasks after it are marked canceled. Cancellation, from this or another process, is
/// checked between steps inside tasks and between tasks. A stop (`stop`) only ends training
/// early: the best model so far is kept and the tasks after it run.
public final class JobRunner: @unchecked Sendable {
    public let store: JobStore
    private let executors: [TaskKind: any TaskExecutor]
    private let queue = DispatchQueue(label: "synth.jobs", qos: .userInitiated)
    private let lock = NSLock()
    private var localCancels: Set<Int> = []
    private var running: Set<Int> = []

    public init(store: JobStore, executors: [TaskKind: any TaskExecutor]) {
        self.store = store
        self.executors = executors
    }

    /// Starts a job in the background.
    public func start(_ jobID: Int) {
        lock.withLock { _ = running.insert(jobID) }
        queue.async { [self] in
            run(jobID)
            lock.withLock { _ = running.remove(jobID) }
        }
    }

    /// Jobs this process is running or about to run.
    public var runningJobs: [Int] { lock.withLock { running.sorted() } }

    /// Whether this process is running (or about to run) the job.
    public func isRunning(_ jobID: Int) -> Bool { lock.withLock { running.contains(jobID) } }

    /// Waits until every job started here has ended.
    public func waitUntilIdle() { queue.sync {} }

    /// Asks a job to stop (works for jobs run by other processes too, via the store).
    public func cancel(_ jobID: Int) throws {
        lock.withLock { _ = localCancels.insert(jobID) }
        try store.requestCancel(job: jobID)
    }

    /// Asks a job to end its training at the next step and go on with the best model so far
    /// (generating, packaging, QA). Works for jobs run by other processes too, via the store.
    public func stop(_ jobID: Int) throws {
        try store.requestStop(job: jobID)
    }

    /// Runs a job to its end on the calling thread, holding the job's lock (`JobStore.claim`)
    /// until it has ended, so other processes see its runner alive. A job that another
    /// process runs, or that was deleted meanwhile, is left alone.
    public func run(_ jobID: Int) {
        defer {
            try? store.secureFiles(ofJob: jobID)
            store.release(job: jobID)
            lock.withLock { _ = localCancels.remove(jobID) }
        }
        do { try store.claim(job: jobID) } catch { return }
        do {
            try store.secureFiles(ofJob: jobID)  // the source copy written before the start
            let job = try store.job(jobID)
            let tables = try store.tables(ofJob: jobID)
            var schema: JobSchema?  // read with the first task: a job without tables has none
            try store.log(job: jobID, "job started (\(job.type.title), \(tables.count) table(s))")
            var stop: (status: TaskStatus, reason: String)?
            for task in try store.tasks(ofJob: jobID) where task.status == .queued {
                if let stop {
                    try store.updateTask(task.id, status: .canceled, message: stop.reason)
                    continue
                }
                guard let table = tables.first(where: { $0.name == task.tableName }) else { continue }
                let jobSchema = try schema ?? store.schema(ofJob: jobID)
                schema = jobSchema
                let context = TaskContext(store: store, job: job, schema: jobSchema, table: table, task: task) { [weak self] in
                    self?.lock.withLock { self?.localCancels.contains(jobID) ?? false } ?? false
                }
                if context.isCanceled {
                    stop = (.canceled, "canceled by the user")
                    try store.updateTask(task.id, status: .canceled, message: stop?.reason)
                    try store.log(job: jobID, task: task.kind, "canceled before it started")
                    continue
                }
                try store.updateTask(task.id, status: .inProgress)
                try store.log(job: jobID, task: task.kind, "\(task.kind.title) started (\(table.name))")
                let started = Date()
                do {
                    guard let executor = executors[task.kind] else {
                        throw JobStoreError.invalidState("no executor for task \(task.kind.rawValue)")
                    }
                    try executor.run(context)
                    try context.checkCanceled()
                    try store.secureFiles(ofJob: jobID)
                    try store.updateTask(task.id, status: .finished)
                    try store.log(job: jobID, task: task.kind,
                                  String(format: "%@ finished in %.1f s", task.kind.title, Date().timeIntervalSince(started)))
                } catch where error is JobCanceled || context.isCanceled {
                    // Any error raised while a stop was requested (the model's own `canceled`
                    // included) ends the task as canceled, not failed.
                    stop = (.canceled, "canceled by the user")
                    try store.updateTask(task.id, status: .canceled, message: "canceled by the user")
                    try store.log(job: jobID, task: task.kind, "canceled during \(task.kind.title.lowercased())")
                } catch {
                    stop = (.failed, "not run: an earlier task failed")
                    try store.updateTask(task.id, status: .failed, message: "\(error)")
                    try store.log(job: jobID, task: task.kind, level: "error", "\(task.kind.title) failed: \(error)")
                    try store.setError(job: jobID, "\(task.kind.title) failed: \(error)")
                }
            }
            let final = try store.job(jobID)
            try store.log(job: jobID, "job \(final.status.title)")
        } catch {
            try? store.log(job: jobID, level: "error", "job runner error: \(error)")
            try? store.setError(job: jobID, "\(error)")
        }
    }
}
