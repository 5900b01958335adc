import Foundation
import SynthJobs

extension JobCommands {
    /// `stop J`: end training early, keep the best model so far, and let the job go on.
    static let stop = CommandSpec(
        name: "stop", group: "Jobs",
        summary: "Stop a job's training early and keep the best model so far; the job goes on to generate, package and score.",
        discussion: """
        Unlike `cancel`, which ends the job and throws its model away, `stop` ends only the AI training \
        task, at its next step, as if its time limit was reached: the model of the best epoch so far is \
        kept, and generating, packaging and the QA report run as usual. Works on a job run by another \
        synth process too. A job whose training has already ended is not affected.
        """,
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job.")],
        changesState: true, examples: ["stop 3", "stop j"]
    ) { context in
        let (store, runner, record) = try resolve(context)
        guard !record.status.isTerminal else {
            context.output.emit(.message("job \(record.id) already \(record.status.title)"))
            return nil
        }
        let tasks = try store.tasks(ofJob: record.id)
        let training = tasks.filter { $0.kind == .training }
        guard !training.isEmpty else {
            context.output.emit(.message("job \(record.id) has no training to stop (a \(record.type.title) job); `cancel \(record.id)` ends it"))
            return nil
        }
        if training.allSatisfy({ $0.status.isTerminal }) {
            context.output.emit(.message("job \(record.id) has finished training; it goes on (`cancel \(record.id)` ends it)"))
            return nil
        }
        try runner.stop(record.id)
        let running = training.contains { $0.status == .inProgress }
        context.output.emit(.message(running
            ? "asked job \(record.id) to stop training; it keeps the best model so far and goes on to generate"
            : "job \(record.id) will train for one step only, keep that model and go on to generate"))
        return nil
    }
}
