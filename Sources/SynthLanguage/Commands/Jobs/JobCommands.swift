import Foundation
import SynthData
import SynthEngine
import SynthJobs

/// Commands that start, inspect and manage jobs (the pipeline in SynthJobs).
public enum JobCommands {
    public static var all: [CommandSpec] { [train, jobs, job, tasks, logs, stop, cancel, delete, watch, download, package, generate, impute, share, importJob] }

    static func resolve(_ context: CommandContext, _ argument: String = "job") throws -> (JobStore, JobRunner, JobRecord) {
        let (store, runner) = try context.jobs.storeAndRunner()
        guard let reference = context.arguments.string(argument) else { throw context.error("missing job", at: argument) }
        return (store, runner, try record(reference, in: store, context, at: argument))
    }

    /// The job `reference` names (`JobReference`), as an error located at `argument`.
    static func record(_ reference: String, in store: JobStore, _ context: CommandContext, at argument: String) throws -> JobRecord {
        do {
            return try JobReference.resolve(reference, in: store)
        } catch let failure as JobReference.Failure {
            throw context.error(failure.description, at: argument, hint: failure.hint)
        }
    }

    /// The table of a job that the command's `table` argument names, or the job's only
    /// table; a job of several tables needs the argument (the error lists them).
    static func chosenTable(_ context: CommandContext, store: JobStore, job: JobRecord, argument: String = "table",
                            jobArgument: String = "job") throws -> JobTableRecord {
        let name = context.arguments.string(argument)
        do { return try store.table(ofJob: job.id, named: name) } catch let error as JobStoreError {
            throw context.error(error.description, at: name == nil ? jobArgument : argument)
        }
    }

    /// A job's table (`chosenTable`) and the contents of one of its files (`encoding.json`,
    /// `qa.json`...), for commands whose `argument` names a job; `what` names what the file
    /// holds ("QA report"), for the message when the job has not produced it (yet, or ever:
    /// a canceled or failed job never will).
    /// Waits (`after`) until the job has produced the file, or fails if it never will.
    static func jobFile(_ context: CommandContext, _ argument: String, _ name: JobFiles.TableFile, what: String,
                        notAJob: String, after result: JobResult) throws -> (job: JobRecord, table: JobTableRecord, data: Data) {
        let reference: String
        switch context.arguments.value(argument) {
        case .string(let text)?: reference = text
        case .integer(let id)?: reference = String(id)
        default: throw context.error(notAJob, at: argument)
        }
        let (store, _) = try context.jobs.storeAndRunner()
        var job = try record(reference, in: store, context, at: argument)
        let table = try chosenTable(context, store: store, job: job, jobArgument: argument)
        job = try waitFor(result, of: job, table: table.name, store: store, context, at: argument)
        let file = store.files(ofJob: job.id).url(name, table: table.name)
        guard let data = try? Data(contentsOf: file) else {
            throw context.error(missingMessage(job, what), at: argument,
                                hint: job.status.isTerminal ? "`logs \(job.id)` shows what happened" : "`watch \(job.id)` follows it")
        }
        return (job, table, data)
    }

    /// "job 3 has no QA report yet (status: in progress)", or, for a job that ended without
    /// producing it, why it never will.
    static func missingMessage(_ job: JobRecord, _ what: String) -> String {
        switch job.status {
        case .queued, .inProgress: "job \(job.id) has no \(what) yet (status: \(job.status.title))"
        case .canceled: "job \(job.id) has no \(what): it was canceled before making one"
        case .failed: "job \(job.id) has no \(what): it failed" + (job.error.map { " (\($0))" } ?? "")
        case .finished: "job \(job.id) has no \(what) (it finished without one)"
        }
    }

    static func seconds(_ value: Double?) -> String {
        guard let value else { return "" }
        if value < 60 { return String(format: "%.1fs", value) }
        if value < 3600 { return String(format: "%dm %02ds", Int(value) / 60, Int(value) % 60) }
        return String(format: "%dh %02dm", Int(value) / 3600, Int(value) / 60 % 60)
    }

    static func timestamp(_ date: Date?) -> String {
        guard let date else { return "" }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    // MARK: train

    static let train = CommandSpec(
        name: "train", group: "Jobs",
        summary: "Start a job that trains a generator on a table, generates synthetic rows and scores them.",
        discussion: """
        The job runs in the background through its tasks: organizing data, data analysis, transforming \
        data, AI training (with a language model per `text` column), generating, generating text (each \
        text conditioned on its generated row), packaging (ZIP) and the QA report. `watch JOB` follows it live; \
        `stop JOB` ends training early and keeps the best model so far (the job goes on); \
        `cancel JOB` ends the job. Bind it with `as NAME` to refer to it later. Several tables \
        (`train planes flights`) make one job over all of them, with the keys and links declared \
        with `key` and `link`: each table gets its own tasks (`tasks JOB TABLE`).
        """,
        arguments: [
            ArgumentSpec("table", .table, positional: true, required: true, variadic: true,
                         help: "The table to learn from; several linked tables make one job over all of them."),
            ArgumentSpec("goal", .choice(["accuracy", "speed"]), default: "accuracy", help: "Training goal: a preset of model size, epochs and time."),
            ArgumentSpec("size", .choice(["S", "M", "L"]), help: "Model size (default from the goal)."),
            ArgumentSpec("epochs", .integer, atLeast: 1, help: "Maximum training epochs."),
            ArgumentSpec("batch", .integer, atLeast: 1, help: "Batch size (chosen from the data size when absent)."),
            ArgumentSpec("minutes", .number, above: 0, help: "Maximum training time in minutes."),
            ArgumentSpec("rows", .integer, atLeast: 1, help: "Maximum training rows (a seeded uniform sample)."),
            ArgumentSpec("generate", .integer, atLeast: 1, help: "Rows to generate (default: as many as the table has)."),
            ArgumentSpec("seed", .integer, atLeast: 0, help: "Seed for sampling, splitting, training and generation."),
            ArgumentSpec("protection", .boolean, default: "true", help: "Value protection: rare categories and extremes."),
            ArgumentSpec("dp", .boolean, default: "false", help: "Differential privacy: train with DP-SGD within the budget epsilon."),
            ArgumentSpec("epsilon", .number, help: "With dp=true: the privacy budget epsilon the training may spend (required)."),
            ArgumentSpec("delta", .number, help: "With dp=true: delta (default: the smaller of 1e-5 and 1/rows^1.1)."),
            ArgumentSpec("clip", .number, help: "With dp=true: the per-row gradient clipping norm (default 1)."),
            ArgumentSpec("flexible", .boolean, default: "false",
                         help: "Train on random column orders, so `generate from=`, `impute`, `rebalance=` and `fair=` condition exactly on any columns (a little less accurate)."),
            ArgumentSpec("name", .string, help: "A name for the job."),
            ArgumentSpec("destination", .string,
                         help: "A connector (or CONNECTOR.SCHEMA) the job writes its synthetic table to, as its last task."),
            ArgumentSpec("retrain", .boolean, default: "false",
                         help: "Train anew even when a replayed session finds a finished job with the same data and settings."),
        ],
        changesState: true,
        examples: ["train p as j", "train d goal=speed epochs=5 seed=7 as quick", "train p seed=7 retrain=true as fresh",
                   "train p dp=true epsilon=5 as private", "link weights.chick to=chicks.chick; train chicks weights epochs=1 as linked"]
    ) { context in
        let (store, runner) = try context.jobs.storeAndRunner()
        let tableNames = context.arguments.tableNames("table") ?? []
        if tableNames.count > 1, let lazy = tableNames.first(where: { context.session.value(named: $0)?.lazyTable != nil }) {
            throw context.error("`\(lazy)` is a lazy table: a job over several linked tables needs them in memory (`load … lazy=false`)", at: "table")
        }
        let lazy = context.arguments.lazyTable("table")
        // Several tables: one job over their schema (`LinkedTraining`), checked before any work.
        let schema = tableNames.count > 1 ? try LinkedTraining.schema(context, tableNames) : nil
        let table = try schema == nil ? lazy?.head ?? context.arguments.table("table") : Table()
        guard schema != nil || table.rowCount > 0 else { throw context.error("the table is empty: nothing to train on", at: "table") }
        let tableName = context.arguments.tableName("table") ?? tableNames.first ?? "table"
        var settings = JobSettings()
        settings.goal = context.arguments.string("goal") == "speed" ? .speed : .accuracy
        if let size = context.arguments.string("size") { settings.modelSize = JobSettings.ModelSize(rawValue: size) ?? .medium }
        else { settings.modelSize = settings.goal == .speed ? .small : .medium }
        settings.maxEpochs = context.arguments.integer("epochs").map(Int.init)
        settings.batchSize = context.arguments.integer("batch").map(Int.init)
        settings.maxTrainingMinutes = context.arguments.number("minutes")
        settings.maxTrainingRows = context.arguments.integer("rows").map(Int.init)
        settings.generatedRows = context.arguments.integer("generate").map(Int.init)
        settings.valueProtection = context.arguments.boolean("protection") ?? true
        settings.flexibleOrder = context.arguments.boolean("flexible") ?? false
        settings.encodings = context.jobs.overrides(for: tableName)
        settings.differentialPrivacy = try differentialPrivacy(context)
        let seed: Int64
        if let given = context.arguments.integer("seed") { seed = given } else {
            seed = Int64(truncatingIfNeeded: context.session.nextSeed() & 0x7FFF_FFFF)
            context.recordChoice("seed", .integer(seed))
        }
        settings.seed = UInt64(seed)
        for value in [settings.maxEpochs, settings.batchSize, settings.maxTrainingRows, settings.generatedRows] where (value ?? 1) < 1 {
            throw context.error("epochs, batch, rows and generate must be at least 1")
        }
        let name = context.arguments.string("name") ?? context.statement.binding
        if let lazy {
            return try LazyTraining.start(context, lazy, tableName: tableName, settings: settings, name: name, store: store, runner: runner)
        }
        if let schema {
            return try LinkedTraining.start(context, schema: schema, settings: settings, name: name, store: store, runner: runner)
        }
        // The job reads its own copy of the table, so later changes to the session don't affect it.
        let sourceBytes = try ParquetWriter.encode(table)
        let sourceSHA256 = ContentDigest.sha256Hex(of: sourceBytes)
        if context.session.isReplaying, context.arguments.boolean("retrain") != true,
           let reused = try JobReuse.trainingJob(in: store, tableName: tableName, sourceSHA256: sourceSHA256,
                                                 settings: settings, name: name) {
            context.output.emit(.message("reusing job \(reused.id) (\(reused.name)): it trained on the same \(tableName) data with the same settings; `retrain=true` trains anew"))
            context.noteJob(id: reused.id, name: reused.name)
            return .string(String(reused.id))
        }
        let destination = try ConnectorCommands.checkedDestination(context, argument: "destination")
        if let destination { try ConnectorCommands.checkWritable(destination, tables: [tableName], replace: false, context, at: "destination") }
        let job = try store.createJob(name: name, type: .adHoc, settings: settings,
                                      tables: [JobTableRecord(jobID: 0, name: tableName, sourcePath: "", sourceBytes: 0, sourceSHA256: nil,
                                                              primaryKey: context.session.schema.keys[tableName],
                                                              foreignKeys: context.session.schema.outsideForeignKeys(of: tableName))],
                                      tasks: TaskKind.allCases + (destination == nil ? [] : [.writingDestination]),
                                      destination: destination)
        context.noteJob(id: job.id, name: job.name)
        let source = store.files(ofJob: job.id).url(.source, table: tableName)
        try AtomicFileWriter.write(sourceBytes, to: source.path, replace: true)
        try store.secureFiles(ofJob: job.id)  // owner-only, like every file of the store
        try store.setSource(job: job.id, table: tableName, path: source.path, bytes: sourceBytes.count, sha256: sourceSHA256)
        context.jobs.start(job.id, on: runner)
        context.output.emit(.message("started job \(job.id) (\(job.name)): \(table.rowCount) rows of \(tableName); `watch \(job.id)` to follow it"))
        return .string(String(job.id))
    }

    /// The DP-SGD budget `dp=true epsilon=… delta=… clip=…` asks for; `nil` without `dp=true`.
    static func differentialPrivacy(_ context: CommandContext) throws -> DifferentialPrivacySettings? {
        let epsilon = context.arguments.number("epsilon"), delta = context.arguments.number("delta")
        let clip = context.arguments.number("clip")
        guard context.arguments.boolean("dp") == true else {
            for (name, value) in [("epsilon", epsilon), ("delta", delta), ("clip", clip)] where value != nil {
                throw context.error("\(name) is a differential privacy setting: add dp=true", at: name)
            }
            return nil
        }
        guard let epsilon else {
            throw context.error("dp=true needs a privacy budget: add epsilon=… (e.g. epsilon=5)", at: "dp")
        }
        let settings = DifferentialPrivacySettings(epsilon: epsilon, delta: delta, maxGradientNorm: clip ?? 1)
        do { try settings.validate() } catch ModelError.invalidSetting(let message) {
            let argument = [("epsilon", "epsilon"), ("delta", "delta"), ("clip", "clipping")].first { message.contains($0.1) }?.0
            throw context.error(message, at: argument)
        }
        return settings
    }

    // MARK: listing and details

    static let jobs = CommandSpec(
        name: "jobs", group: "Jobs", summary: "List jobs: id, name, type, status, start, duration, tasks completed.",
        arguments: [], changesState: false, examples: ["jobs"]
    ) { context in
        let (store, _) = try context.jobs.storeAndRunner()
        let records = try store.jobs()
        let table = BuiltinCommands.resultTable([
            ("id", records.map { .integer($0.id) }),
            ("name", records.map { .text($0.name) }),
            ("type", records.map { .text($0.type.title) }),
            ("status", records.map { .text($0.status.title) }),
            ("started", records.map { .text(timestamp($0.startedAt)) }),
            ("duration", records.map { .text(seconds($0.duration())) }),
            ("tasks", records.map { .text("\($0.tasksCompleted)/\($0.taskCount)") }),
        ])
        context.output.emit(.table(table, title: records.isEmpty ? "no jobs yet (`train TABLE` starts one)" : nil, totalRows: nil))
        return .table(table, name: nil)
    }

    static let job = CommandSpec(
        name: "job", group: "Jobs", summary: "Show a job: type, times, tasks completed, tables and settings.",
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job (id or name).")],
        changesState: false, examples: ["job 3", "job j"], labelsResult: false
    ) { context in
        let (store, _, record) = try resolve(context)
        let tasks = try store.tasks(ofJob: record.id)
        var lines = [
            "job \(record.id): \(record.name)",
            "  type:       \(record.type.title)",
            "  status:     \(record.status.title)",
            "  started:    \(timestamp(record.startedAt))",
            "  duration:   \(seconds(record.duration()))",
            "  tasks:      \(record.tasksCompleted)/\(record.taskCount) completed",
            "  catalog:    \(record.catalog ?? "-")",
            "  destination: \(record.destination ?? store.folder(ofJob: record.id).path)",
        ]
        if let error = record.error { lines.append("  error:      \(error)") }
        lines.append("  tables:")
        for table in try store.tables(ofJob: record.id) {
            let own = tasks.filter { $0.tableName == table.name }
            let current = own.first { !$0.status.isTerminal || $0.status == .failed || $0.status == .canceled } ?? own.last
            let total = own.compactMap { $0.duration() }.reduce(0, +)
            lines.append("    \(table.name): \(current?.kind.title ?? "-") · \(current?.status.title ?? "-") · \(seconds(total))")
            if let keys = keysLine(table.schema) { lines.append("      \(keys)") }
        }
        lines += try JobSettingsDisplay.lines(record, store: store)
        let s = record.settings
        if let dp = s.differentialPrivacy {
            var budget = "    differential privacy: budget ε = \(dp.epsilon)"
            budget += dp.delta.map { ", δ = \($0)" } ?? ", δ = auto"
            budget += ", clipping norm \(dp.maxGradientNorm)"
            lines.append(budget)
            for table in try store.tables(ofJob: record.id) {
                let spent = try store.differentialPrivacySpent(ofJob: record.id, table: table.name)
                lines.append("    \(table.name): " + (spent.map { "spent \($0.description)" } ?? "no ε recorded (training not finished here)"))
            }
        } else {
            lines.append("    differential privacy: off")
        }
        context.output.emit(.text(lines.joined(separator: "\n")))
        return nil
    }

    /// `key tailnum; tailnum → planes (context, ordered by time_hour); carrier → airlines.carrier (foreign key)`,
    /// or nil for a table without keys or links.
    static func keysLine(_ table: TableSchema) -> String? {
        var parts: [String] = []
        if let key = table.primaryKey { parts.append("key \(key)") }
        if let link = table.context {
            parts.append("\(link.column) → \(link.parentTable) (context" + (table.orderColumn.map { ", ordered by \($0))" } ?? ")"))
        }
        for key in table.foreignKeys {
            parts.append("\(key.column) → \(key.parentTable)" + (key.parentKey.map { ".\($0)" } ?? "") + " (foreign key)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    static let tasks = CommandSpec(
        name: "tasks", group: "Jobs", summary: "List a job's tasks with status and duration.",
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job."),
                    ArgumentSpec("table", .string, positional: true, help: "Only this table's tasks.")],
        changesState: false, examples: ["tasks 3", "tasks 3 \"p\""]
    ) { context in
        let (store, _, record) = try resolve(context)
        let list: [TaskRecord]
        if context.arguments.has("table") {
            list = try store.tasks(ofJob: record.id, table: chosenTable(context, store: store, job: record).name)
        } else {
            list = try store.tasks(ofJob: record.id)
        }
        let table = BuiltinCommands.resultTable([
            ("table", list.map { .text($0.tableName) }),
            ("task", list.map { .text($0.kind.title) }),
            ("status", list.map { .text($0.status.title) }),
            ("duration", list.map { .text(seconds($0.duration())) }),
            ("detail", list.map { .text($0.message ?? $0.progress?.message ?? "") }),
        ])
        context.output.emit(.table(table, title: nil, totalRows: nil))
        return .table(table, name: nil)
    }

    static let logs = CommandSpec(
        name: "logs", group: "Jobs", summary: "Show a job's log.",
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job.")],
        changesState: false, examples: ["logs 3"], labelsResult: false
    ) { context in
        let (store, _, record) = try resolve(context)
        let lines = try store.logs(ofJob: record.id).map {
            "\(timestamp($0.at)) \($0.level.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0)) \($0.task?.rawValue ?? "job"): \($0.message)"
        }
        context.output.emit(.text(lines.isEmpty ? "(no log lines)" : lines.joined(separator: "\n")))
        return nil
    }

    // MARK: control

    static let cancel = CommandSpec(
        name: "cancel", group: "Jobs", summary: "Cancel a running job (also one run by another synth process).",
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job.")],
        changesState: true, examples: ["cancel 3"]
    ) { context in
        let (_, runner, record) = try resolve(context)
        guard !record.status.isTerminal else {
            context.output.emit(.message("job \(record.id) already \(record.status.title)"))
            return nil
        }
        try runner.cancel(record.id)
        context.output.emit(.message("asked job \(record.id) to stop; it stops within one training step"))
        return nil
    }

    static let delete = CommandSpec(
        name: "delete", group: "Jobs", summary: "Delete a job and its files.",
        discussion: """
        A job that other jobs generate from (`generate`) holds the model they need: deleting it \
        alone would leave them unable to generate, so synth refuses unless `children=true`, which \
        deletes those jobs with it (the REPL asks instead). A running job must be canceled first.
        """,
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job."),
                    ArgumentSpec("children", .boolean, help: "Also delete the jobs that generate from this one's model."),
                    ArgumentSpec("confirm", .boolean, help: "Skip the question (scripts never ask).")],
        changesState: true, examples: ["delete 3", "delete 3 children=true"]
    ) { context in
        let (store, _, record) = try resolve(context)
        let children = try store.descendants(ofJob: record.id)
        let listed = children.map(String.init).joined(separator: ", ")
        let childrenArgument = context.arguments.boolean("children")
        if !children.isEmpty && childrenArgument == false {
            throw context.error(JobStoreError.hasChildren(job: record.id, children: children).description, at: "job")
        }
        var withChildren = childrenArgument == true
        if context.arguments.boolean("confirm") != true, let ask = context.confirm {
            withChildren = !children.isEmpty
            let question = withChildren
                ? "delete job \(record.id) (\(record.name)) and the job\(children.count == 1 ? "" : "s") generating from its model (\(listed)), with all their files?"
                : "delete job \(record.id) (\(record.name)) and all its files?"
            guard ask(question) else {
                context.output.emit(.message("kept job \(record.id)"))
                return nil
            }
        }
        do { try store.deleteJob(record.id, withChildren: withChildren) } catch let error as JobStoreError { throw context.error(error.description, at: "job") }
        context.output.emit(.message(children.isEmpty ? "deleted job \(record.id)"
                                     : "deleted job \(record.id) and the job\(children.count == 1 ? "" : "s") generating from it: \(listed)"))
        return nil
    }

    static let watch = CommandSpec(
        name: "watch", group: "Jobs",
        summary: "Follow a job live until it ends: tasks, training epoch (of the limit), loss and ETA, then the QA summary.",
        discussion: """
        Prints each task as it starts and ends, a progress bar for the running task (on a \
        terminal), and each finished training epoch's validation loss. When the job completes \
        it ends with the QA summary (accuracy against its expected maximum, each privacy \
        verdict); when it fails, with the error and the end of the job's log. Ctrl-C leaves \
        the view only: the job keeps running. A job that failed (now or earlier) is an error, \
        so a script that watches a failing job stops with exit code 70; a canceled job is \
        reported, not an error.
        """,
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job.")],
        changesState: false, examples: ["watch 3"], labelsResult: false
    ) { context in
        let (store, _, record) = try resolve(context)
        var announced: [Int: TaskStatus] = [:]
        var epochsShown: [Int: Int] = [:]
        while true {
            try store.recoverOrphanedJobs()  // a job whose process ended is failed, not followed forever
            let tasks = try store.tasks(ofJob: record.id)
            for task in tasks {
                let changed = announced[task.id] != task.status && task.status != .queued
                if changed { announced[task.id] = task.status }
                // A task's start comes before its epochs, its end after them.
                if changed && !task.status.isTerminal { context.output.emit(.text(statusLine(task))) }
                // Validation losses of epochs not shown yet, each with its own epoch number.
                if let progress = task.progress, let losses = progress.validationLosses {
                    for index in epochsShown[task.id, default: 0]..<losses.count {
                        let limit = progress.epochs.map { "/\($0)" } ?? ""
                        context.output.emit(.text("  epoch \(index + 1)\(limit): validation loss " + String(format: "%.4f", losses[index])))
                    }
                    epochsShown[task.id] = max(epochsShown[task.id, default: 0], losses.count)
                }
                if changed && task.status.isTerminal { context.output.emit(.text(statusLine(task))) }
            }
            if let running = tasks.first(where: { $0.status == .inProgress }), let progress = running.progress {
                context.output.progress(progressLabel(running, progress), fraction: progress.fraction ?? 0)
            }
            let job = try store.job(record.id)
            if job.status.isTerminal && !tasks.contains(where: { $0.status == .inProgress || $0.status == .queued }) {
                context.output.emit(.message("job \(job.id) \(job.status.title) after \(seconds(job.duration()))"
                                             + (job.error.map { ": \($0)" } ?? "")))
                for line in JobOutcomeSummary.lines(store: store, job: job, tasks: tasks) { context.output.emit(.text(line)) }
                if job.status == .failed {
                    // The failing task and the log's end are shown above; the failure is an error
                    // (exit code 70 in a script).
                    throw context.error(failureMessage(job, tasks: tasks, result: .everything, after: seconds(job.duration())),
                                        at: "job", hint: "`logs \(job.id)` shows the job's log")
                }
                return nil
            }
            if context.cancellation.isSet {
                // Leaving the view is not an error: the job goes on.
                context.cancellation.clear()
                context.output.emit(.message("left the view; job \(record.id) keeps running"))
                context.output.emit(.message("`watch \(record.id)` follows it again; `cancel \(record.id)` stops it"))
                return nil
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// `AI training (d): finished in 3.2s`, with the reason when it failed or was canceled.
    static func statusLine(_ task: TaskRecord) -> String {
        var line = "\(task.kind.title) (\(task.tableName)): \(task.status.title)"
        if task.status.isTerminal, let duration = task.duration() { line += " in \(seconds(duration))" }
        if let message = task.message, task.status == .failed || task.status == .canceled { line += " — \(message)" }
        return line
    }

    /// The running task's progress line: `AI training · epoch 2/20 · loss 41.205 · ETA 12.0s`.
    static func progressLabel(_ task: TaskRecord, _ progress: TaskProgress) -> String {
        var label = task.kind.title
        if let epoch = progress.epoch {
            label += " · epoch \(epoch)" + (progress.epochs.map { "/\($0)" } ?? "")
            if let loss = progress.trainingLoss { label += String(format: " · loss %.3f", loss) }
            if let eta = progress.etaSeconds { label += " · ETA \(seconds(eta))" }
        } else if let message = progress.message {
            label += " · " + message
        }
        return label
    }

    // MARK: results

    static let download = CommandSpec(
        name: "download", group: "Jobs", summary: "Save a job's synthetic data as CSV or Parquet.",
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job."),
                    ArgumentSpec("to", .outputFile(extensions: ["csv", "parquet"]), required: true,
                                 help: "Where to write (an existing file is kept unless `replace=true`)."),
                    ArgumentSpec("table", .string, help: "Which table (needed when the job has several)."),
                    OutputDestination.replaceArgument],
        changesState: false, recorded: true,
        examples: ["download 3 to=\"synthetic.csv\"", "download j to=\"synthetic.parquet\" replace=true"]
    ) { context in
        var (store, _, record) = try resolve(context)
        guard let destinationText = context.arguments.string("to") else { throw context.error("missing destination", at: "to") }
        let table = try chosenTable(context, store: store, job: record)
        let destination = try OutputDestination(context, argument: "to")
        record = try waitFor(.syntheticData, of: record, table: table.name, store: store, context, at: "job")
        let format = destinationText.lowercased().hasSuffix(".parquet") ? "parquet" : "csv"
        let source = store.files(ofJob: record.id).url(format == "parquet" ? .syntheticParquet : .syntheticCSV, table: table.name)
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw context.error(missingMessage(record, "synthetic data"), at: "job")
        }
        try destination.write(context) {
            try AtomicFileWriter.copy(from: source.path, to: destination.path, replace: destination.replace)
        }
        context.output.emit(.message("wrote \(destination.text)"))
        return nil
    }

    static let package = CommandSpec(
        name: "package", group: "Jobs", summary: "Write a job's ZIP: synthetic data, settings, logs and QA report.",
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job."),
                    ArgumentSpec("to", .outputFile(extensions: ["zip"]), required: true,
                                 help: "The ZIP file to write (an existing file is kept unless `replace=true`)."),
                    OutputDestination.replaceArgument],
        changesState: false, recorded: true, examples: ["package 3 to=\"job3.zip\"", "package 3 to=\"job3.zip\" replace=true"]
    ) { context in
        let (store, _, record) = try resolve(context)
        let destination = try OutputDestination(context, argument: "to")
        try waitFor(.everything, of: record, store: store, context, at: "job")
        try destination.write(context) {
            try JobPackage.write(store: store, jobID: record.id, to: URL(fileURLWithPath: destination.path), replace: destination.replace)
        }
        context.output.emit(.message("wrote \(destination.text)"))
        return nil
    }
}

extension JobCommands {
    /// A table of a generate job: the parent's table with its keys and links, generated from
    /// its model (a linked table with its subjects).
    static func generatedTable(_ table: JobTableRecord) -> JobTableRecord {
        JobTableRecord(jobID: 0, name: table.name, sourcePath: table.sourcePath, sourceBytes: table.sourceBytes,
                       sourceSHA256: table.sourceSHA256, primaryKey: table.primaryKey, context: table.context,
                       orderColumn: table.orderColumn, foreignKeys: table.foreignKeys)
    }

    static let share = CommandSpec(
        name: "share", group: "Jobs",
        summary: "Write a job's trained model, settings and QA report to a .synthjob bundle (never the training data).",
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "A job whose training finished."),
                    ArgumentSpec("to", .outputFile(extensions: ["synthjob"]), required: true,
                                 help: "The bundle to write (an existing file is kept unless `replace=true`)."),
                    OutputDestination.replaceArgument],
        changesState: false, recorded: true,
        examples: ["share j to=\"penguins.synthjob\"", "share j to=\"penguins.synthjob\" replace=true"]
    ) { context in
        let (store, _, record) = try resolve(context)
        let destination = try OutputDestination(context, argument: "to")
        try waitFor(.everything, of: record, store: store, context, at: "job")
        do {
            try destination.write(context) {
                try ShareBundle.write(store: store, jobID: record.id, to: URL(fileURLWithPath: destination.path),
                                      replace: destination.replace)
            }
        } catch let error as JobStoreError { throw context.error(error.description, at: "job") }
        context.output.emit(.message("wrote \(destination.text)"))
        return nil
    }

    static let importJob = CommandSpec(
        name: "import", group: "Jobs",
        summary: "Import a .synthjob bundle as a new job that can generate rows.",
        discussion: """
        A replayed session reuses the job it imported from the same bundle (the same SHA-256) \
        instead of importing it again.
        """,
        arguments: [ArgumentSpec("path", .inputFile(extensions: ["synthjob"]), positional: true, required: true, help: "The bundle.")],
        changesState: true, examples: ["import \"penguins.synthjob\" as shared"]
    ) { context in
        let (store, _) = try context.jobs.storeAndRunner()
        guard let path = context.arguments.string("path") else { throw context.error("missing path", at: "path") }
        let resolved = context.session.resolve(path: path)
        // The bundle's hash identifies it: a replay reuses the job imported from it.
        let bundleSHA256 = try? JobReuse.sha256(ofFile: resolved)
        if context.session.isReplaying, let bundleSHA256, let reused = try JobReuse.importedJob(in: store, bundleSHA256: bundleSHA256) {
            context.noteJob(id: reused.id, name: reused.name)
            context.output.emit(.message("reusing job \(reused.id) (\(reused.name)): imported from the same bundle"))
            return .string(String(reused.id))
        }
        let job: JobRecord
        do {
            job = try ShareBundle.importBundle(store: store, from: URL(fileURLWithPath: resolved), sourceSHA256: bundleSHA256)
        } catch let error as JobStoreError { throw context.error(error.description, at: "path") }
        context.noteJob(id: job.id, name: job.name)
        context.output.emit(.message("imported job \(job.id) (\(job.name)); `generate \(job.id) rows=N` to use it"))
        return .string(String(job.id))
    }
}
