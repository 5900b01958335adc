import Foundation
import SynthJobs

/// What a command needs from a job before it can run: the output of one of its tasks, or
/// the job's end.
enum JobResult: Sendable {
    /// The model (`generate`): the training task has finished.
    case model
    /// The encodings (`encodings`): the transforming task has finished.
    case encodings
    /// The synthetic rows (`download`): the generating tasks (rows, then text) have finished.
    case syntheticData
    /// The QA report (`qa`, `report`): the QA task has finished.
    case qaReport
    /// Everything (`package`, `share`): the job has ended.
    case everything

    /// The task whose end gives the result (`nil`: the whole job).
    var task: TaskKind? {
        switch self {
        case .model: .training
        case .encodings: .transformingData
        case .syntheticData: .generatingText
        case .qaReport: .qaReport
        case .everything: nil
        }
    }

    /// For messages: "job 9 failed before it had a trained model".
    var noun: String {
        switch self {
        case .model: "a trained model"
        case .encodings: "its encodings"
        case .syntheticData: "synthetic data"
        case .qaReport: "a QA report"
        case .everything: "its results"
        }
    }
}

extension JobCommands {
    /// Waits until `job` has produced `result` (for `table`, or every table), so that a
    /// command given right after `train` or `generate` (in a script, a replayed session or
    /// the REPL) uses the job's result instead of failing because the job is still queued.
    ///
    /// Returns at once when the result is there, or when the job has no task that makes it
    /// (an imported job). Meanwhile the running task is shown as progress; Ctrl-C stops
    /// waiting (the job goes on). A job that fails or is canceled before producing the
    /// result is an error that says so (exit code 70 in a script), also when it ended so
    /// earlier. Jobs run by another synth process are followed through the store.
    @discardableResult
    static func waitFor(_ result: JobResult, of job: JobRecord, table: String? = nil, store: JobStore,
                        _ context: CommandContext, at argument: String) throws -> JobRecord {
        var announced = false
        while true {
            try store.recoverOrphanedJobs()  // a job whose process ended is failed, not waited for forever
            let current = try store.job(job.id)
            let tasks = try store.tasks(ofJob: job.id)
            let produced: Bool
            if let kind = result.task {
                // The synthetic rows are final when the rows and their text are generated.
                let kinds: Set<TaskKind> = kind == .generatingText ? [.generating, .generatingText] : [kind]
                let needed = tasks.filter { kinds.contains($0.kind) && (table == nil || $0.tableName == table) }
                if needed.isEmpty { return current }  // no task makes it here (an imported job)
                produced = needed.allSatisfy { $0.status == .finished }
            } else {
                produced = current.status == .finished
            }
            if produced { return current }
            if current.status == .failed || current.status == .canceled {
                throw context.error(failureMessage(current, tasks: tasks, result: result), at: argument,
                                    hint: "`logs \(current.id)` shows the job's log")
            }
            if current.status.isTerminal { return current }  // the command's own check says what is missing
            if !announced {
                announced = true
                context.output.emit(.message("waiting for job \(current.id) (\(current.name)) to have \(result.noun); Ctrl-C stops waiting"))
            }
            if let running = tasks.first(where: { $0.status == .inProgress }) {
                var label = "job \(current.id): \(running.kind.title)"
                if let epoch = running.progress?.epoch { label += " · epoch \(epoch)" }
                context.output.progress(label, fraction: running.progress?.fraction ?? 0)
            }
            try context.checkCancellation()
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// "job 9 (bad) failed before it had a trained model: AI training: loss is not finite".
    static func failureMessage(_ job: JobRecord, tasks: [TaskRecord], result: JobResult, after duration: String? = nil) -> String {
        var text = "job \(job.id) (\(job.name)) \(job.status.title)"
        text += result == .everything ? "" : " before it had \(result.noun)"
        if let duration { text += " after \(duration)" }
        if let failed = tasks.first(where: { $0.status == .failed }) {
            text += ": \(failed.kind.title)" + (failed.message.map { ": \($0)" } ?? "")
        } else if let error = job.error {
            text += ": \(error)"
        }
        return text
    }
}
