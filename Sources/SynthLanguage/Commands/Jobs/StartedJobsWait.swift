import Foundation

/// What every front end does before it ends: wait for the jobs its evaluator started (the
/// cancellation flag, Ctrl-C or a kernel interrupt, cancels them), then report those that
/// failed, so a script that only says `train` still ends with a finished job.
extension Evaluator {
    /// Blocks until the jobs this evaluator started have ended; once the cancellation flag is
    /// set, asks the runner to cancel them (and keeps waiting until they have stopped).
    public func waitForStartedJobs() {
        guard let runner = services.jobs.openedRunner, !runner.runningJobs.isEmpty else { return }
        cancellation.clear()
        output.emit(.message("waiting for job \(runner.runningJobs.map(String.init).joined(separator: ", ")) to finish (Ctrl-C cancels)"))
        var canceled = false
        while !runner.runningJobs.isEmpty {
            if cancellation.isSet, !canceled {
                canceled = true
                for id in runner.runningJobs { try? runner.cancel(id) }
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Asks the runner to cancel every job this evaluator started that is still running.
    public func cancelStartedJobs() {
        guard let runner = services.jobs.openedRunner else { return }
        for id in runner.runningJobs { try? runner.cancel(id) }
    }

    /// How many jobs this evaluator has started so far (a mark for `failedStartedJobsStatus`).
    public var startedJobCount: Int { services.jobs.startedJobCount }

    /// Each job this evaluator started (after `mark`) that ended failed, and that no command
    /// already reported, is reported as an error; returns exit code 70 if there was one.
    public func failedStartedJobsStatus(since mark: Int) -> Int32 {
        let failed = services.jobs.failedJobsStartedHere(since: mark)
        for job in failed {
            output.report(Diagnostic(.error, .runtime, "job \(job.id) (\(job.name)) failed" + (job.error.map { ": \($0)" } ?? ""),
                                     hint: "`logs \(job.id)` shows the job's log"), in: nil)
        }
        return failed.isEmpty ? ExitStatus.ok : ExitStatus.runtimeError
    }
}
