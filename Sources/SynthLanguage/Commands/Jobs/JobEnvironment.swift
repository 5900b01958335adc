import Foundation
import SynthData
import SynthJobs

/// The job store and runner the job commands of one evaluator use (opened on first use, at
/// `$SYNTH_HOME` or `~/.synth`), the jobs it started and the `encode` overrides. Injected
/// through `EvaluatorServices`; there is no process-wide instance.
public final class JobEnvironment: @unchecked Sendable {
    private let lock = NSLock()
    private var opened: (JobStore, JobRunner)?
    /// Encoding overrides set with `encode`, by table name then column.
    private var overrides: [String: [String: String]] = [:]
    /// The synth home whose store this environment opens.
    public let home: URL

    /// An environment on the store at `home` (default `$SYNTH_HOME`, else `~/.synth`).
    public init(home: URL = JobStore.defaultHome()) {
        self.home = home
    }

    /// The store and runner; each call also marks the jobs of synth processes that ended
    /// meanwhile as failed, so a long-lived REPL sees them as other processes do.
    func storeAndRunner() throws -> (JobStore, JobRunner) {
        try lock.withLock {
            if let opened {
                try opened.0.recoverOrphanedJobs()
                return opened
            }
            let store = try JobStore(home: home)
            let runner = JobRunner(store: store, executors: EngineExecutors.all)
            opened = (store, runner)
            return (store, runner)
        }
    }

    /// The runner, if this process has opened the store (nil otherwise: nothing to wait for).
    public var openedRunner: JobRunner? { lock.withLock { opened?.1 } }

    /// Jobs this process started, in order.
    private var started: [Int] = []

    /// Starts a job on this process's runner and remembers it (`failedJobsStartedHere`).
    func start(_ jobID: Int, on runner: JobRunner) {
        lock.withLock { started.append(jobID) }
        runner.start(jobID)
    }

    /// How many jobs this process has started so far (a mark for `failedJobsStartedHere`).
    public var startedJobCount: Int { lock.withLock { started.count } }

    /// The jobs this process started (after the first `since`) that ended failed, so a
    /// script whose job failed can exit with an error even when no command waited for it.
    public func failedJobsStartedHere(since mark: Int = 0) -> [JobRecord] {
        guard let store = lock.withLock({ opened?.0 }) else { return [] }
        try? store.recoverOrphanedJobs()
        return lock.withLock { Array(started.dropFirst(mark)) }.compactMap { try? store.job($0) }.filter { $0.status == .failed }
    }

    func setOverride(table: String, column: String, encoding: String) {
        lock.withLock { overrides[table, default: [:]][column] = encoding }
    }

    /// Drops the overrides of a table the session forgot.
    func clearOverrides(table: String) {
        lock.withLock { overrides[table] = nil }
    }

    func overrides(for table: String) -> [String: String] { lock.withLock { overrides[table] ?? [:] } }
}
