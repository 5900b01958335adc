import Foundation
import SynthData
import SynthEngine
import SynthJobs

/// Commands that start, inspect and manage jobs (the pipeline in SynthJobs).
public enum JobCommands {
    public static var all: [CommandSpec] { [train, jobs, job, tasks, logs, cancel, delete, watch, download, package, generate, impute, share, importJob] }

    static func resolve(_ context: CommandContext, _ argument: String = "job") throws -> (JobStore, JobRunner, JobRecord) {
        let (store, runner) = try JobEnvironment.shared.storeAndRunner()
        guard let reference = context.arguments.string(argument) else { throw context.error("missing job", at: argument) }
        do {
            return (store, runner, try store.resolveJob(reference))
        } catch let error as JobStoreError {
            throw context.error(error.description, at: argument)
        }
    }

    /// A job's first table and the contents of one of its files (`encoding.json`,
    /// `qa.json`...), for commands whose `argument` names a job; `missing` says what the
    /// job has not produced yet.
    static func jobFile(_ context: CommandContext, _ argument: String, _ name: String, missing: String,
                        notAJob: String) throws -> (job: JobRecord, table: JobTableRecord, data: Data) {
        let reference: String
        switch context.arguments.value(argument) {
        case .string(let text)?: reference = text
        case .integer(let id)?: reference = String(id)
        default: throw context.error(notAJob, at: argument)
        }
        let (store, _) = try JobEnvironment.shared.storeAndRunner()
        let job: JobRecord
        do { job = try store.resolveJob(reference) } catch { throw context.error("\(error)", at: argument) }
        guard let table = try store.tables(ofJob: job.id).first else { throw context.error("job \(job.id) has no tables", at: argument) }
        let file = store.folder(ofJob: job.id).appendingPathComponent("\(table.name).\(name)")
        guard let data = try? Data(contentsOf: file) else {
            throw context.error("job \(job.id) \(missing) (status: \(job.status.title))", at: argument)
        }
        return (job, table, data)
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
        data, AI training, generating, packaging (ZIP) and the QA report. `watch JOB` follows it live; \
        `cancel JOB` stops it. Bind it with `as NAME` to refer to it later.
        """,
        arguments: [
            ArgumentSpec("table", .table, positional: true, required: true, help: "The table to learn from."),
            ArgumentSpec("goal", .choice(["accuracy", "speed"]), default: "accuracy", help: "Training goal: a preset of model size, epochs and time."),
            ArgumentSpec("size", .choice(["S", "M", "L"]), help: "Model size (default from the goal)."),
            ArgumentSpec("epochs", .integer, help: "Maximum training epochs."),
            ArgumentSpec("batch", .integer, help: "Batch size (chosen from the data size when absent)."),
            ArgumentSpec("minutes", .number, help: "Maximum training time in minutes."),
            ArgumentSpec("rows", .integer, help: "Maximum training rows (a seeded uniform sample)."),
            ArgumentSpec("generate", .integer, help: "Rows to generate (default: as many as the table has)."),
            ArgumentSpec("seed", .integer, help: "Seed for sampling, splitting, training and generation."),
            ArgumentSpec("protection", .boolean, default: "true", help: "Value protection: rare categories and extremes."),
            ArgumentSpec("flexible", .boolean, default: "false",
                         help: "Train on random column orders, so `generate from=`, `impute`, `rebalance=` and `fair=` condition exactly on any columns (a little less accurate)."),
            ArgumentSpec("name", .string, help: "A name for the job."),
        ],
        changesState: true,
        examples: ["train p as j", "train d goal=speed epochs=20 seed=7 as quick"]
    ) { context in
        let (store, runner) = try JobEnvironment.shared.storeAndRunner()
        let table = try context.arguments.table("table")
        guard table.rowCount > 0 else { throw context.error("the table is empty: nothing to train on", at: "table") }
        let tableName = context.arguments.tableName("table") ?? "table"
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
        settings.encodings = JobEnvironment.shared.overrides(for: tableName)
        let seed: Int64
        if let given = context.arguments.integer("seed") { seed = given } else {
            seed = Int64(truncatingIfNeeded: context.session.nextSeed() & 0x7FFF_FFFF)
            context.recordChoice("seed", .integer(seed))
        }
        settings.seed = UInt64(seed)
        for value in [settings.maxEpochs, settings.batchSize, settings.maxTrainingRows, settings.generatedRows] where (value ?? 1) < 1 {
            throw context.error("epochs, batch, rows and generate must be at least 1")
        }
        let job = try store.createJob(name: context.arguments.string("name") ?? context.statement.binding, type: .adHoc, settings: settings,
                                      tables: [JobTableRecord(jobID: 0, name: tableName, sourcePath: "", sourceBytes: 0, sourceSHA256: nil)],
                                      tasks: TaskKind.allCases)
        // The job reads its own copy of the table, so later changes to the session don't affect it.
        let source = store.folder(ofJob: job.id).appendingPathComponent("\(tableName).source.parquet")
        try ParquetWriter.write(table, to: source.path, replace: true)
        try store.secureFiles(ofJob: job.id)  // owner-only, like every file of the store
        let bytes = (try? FileManager.default.attributesOfItem(atPath: source.path)[.size] as? Int) ?? 0
        try store.setSource(job: job.id, table: tableName, path: source.path, bytes: bytes, sha256: nil)
        runner.start(job.id)
        context.output.emit(.message("started job \(job.id) (\(job.name)): \(table.rowCount) rows of \(tableName); `watch \(job.id)` to follow it"))
        return .string(String(job.id))
    }

    // MARK: listing and details

    static let jobs = CommandSpec(
        name: "jobs", group: "Jobs", summary: "List jobs: id, name, type, status, start, duration, tasks completed.",
        arguments: [], changesState: false, examples: ["jobs"]
    ) { context in
        let (store, _) = try JobEnvironment.shared.storeAndRunner()
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
        changesState: false, examples: ["job 3", "job j"]
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
        }
        let s = record.settings
        lines.append("  settings:")
        lines.append("    training rows: \(s.maxTrainingRows.map(String.init) ?? "all")")
        lines.append("    generated rows: \(s.generatedRows.map(String.init) ?? "as many as the source")")
        lines.append("    goal: \(s.goal.rawValue) · model size: \(s.modelSize.rawValue) · epochs: \(s.maxEpochs.map(String.init) ?? "auto") · batch: \(s.batchSize.map(String.init) ?? "auto") · seed: \(s.seed)")
        lines.append("    value protection: \(s.valueProtection ? "on" : "off")")
        context.output.emit(.text(lines.joined(separator: "\n")))
        return nil
    }

    static let tasks = CommandSpec(
        name: "tasks", group: "Jobs", summary: "List a job's tasks with status and duration.",
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job."),
                    ArgumentSpec("table", .string, positional: true, help: "Only this table's tasks.")],
        changesState: false, examples: ["tasks 3"]
    ) { context in
        let (store, _, record) = try resolve(context)
        var list = try store.tasks(ofJob: record.id)
        if let only = context.arguments.string("table") { list = list.filter { $0.tableName == only } }
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
        changesState: false, examples: ["logs 3"]
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
        if context.arguments.boolean("confirm") != true, let ask = JobEnvironment.shared.confirm {
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
        summary: "Follow a job live until it ends: tasks, and training epoch, loss and ETA (Ctrl-C leaves the view).",
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job.")],
        changesState: false, examples: ["watch 3"]
    ) { context in
        let (store, _, record) = try resolve(context)
        var announced: [Int: TaskStatus] = [:]
        var lastEpoch = -1
        while true {
            try store.recoverOrphanedJobs()  // a job whose process ended is failed, not followed forever
            let tasks = try store.tasks(ofJob: record.id)
            for task in tasks where announced[task.id] != task.status && task.status != .queued {
                announced[task.id] = task.status
                var line = "\(task.kind.title) (\(task.tableName)): \(task.status.title)"
                if task.status.isTerminal, let duration = task.duration() { line += " in \(seconds(duration))" }
                if let message = task.message, task.status == .failed || task.status == .canceled { line += " — \(message)" }
                context.output.emit(.text(line))
            }
            if let running = tasks.first(where: { $0.status == .inProgress }), let progress = running.progress {
                var label = running.kind.title
                if let epoch = progress.epoch {
                    label += " · epoch \(epoch)"
                    if let loss = progress.trainingLoss { label += String(format: " · loss %.3f", loss) }
                    if let eta = progress.etaSeconds { label += " · ETA \(seconds(eta))" }
                    if epoch != lastEpoch, let loss = progress.validationLoss {
                        lastEpoch = epoch
                        context.output.emit(.text(String(format: "  epoch %d: validation loss %.4f", epoch, loss)))
                    }
                } else if let message = progress.message {
                    label += " · " + message
                }
                context.output.progress(label, fraction: progress.fraction ?? 0)
            }
            let job = try store.job(record.id)
            if job.status.isTerminal && !tasks.contains(where: { $0.status == .inProgress || $0.status == .queued }) {
                context.output.emit(.message("job \(job.id) \(job.status.title) after \(seconds(job.duration()))"
                                             + (job.error.map { ": \($0)" } ?? "")))
                return nil
            }
            if context.cancellation.isSet {
                context.output.emit(.message("left the view; job \(record.id) keeps running"))
                return nil
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    // MARK: results

    static let download = CommandSpec(
        name: "download", group: "Jobs", summary: "Save a job's synthetic data as CSV or Parquet.",
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "The job."),
                    ArgumentSpec("to", .outputFile(extensions: ["csv", "parquet"]), required: true,
                                 help: "Where to write (an existing file is kept unless `replace=true`)."),
                    ArgumentSpec("table", .string, help: "Which table (default: the first)."),
                    OutputDestination.replaceArgument],
        changesState: false, examples: ["download 3 to \"synthetic.csv\"", "download j to \"synthetic.parquet\" replace=true"]
    ) { context in
        let (store, _, record) = try resolve(context)
        guard let destinationText = context.arguments.string("to") else { throw context.error("missing destination", at: "to") }
        let tables = try store.tables(ofJob: record.id)
        guard let table = context.arguments.string("table").flatMap({ name in tables.first { $0.name == name } }) ?? tables.first else {
            throw context.error("job \(record.id) has no such table", at: "table")
        }
        let format = destinationText.lowercased().hasSuffix(".parquet") ? "parquet" : "csv"
        let source = store.folder(ofJob: record.id).appendingPathComponent("\(table.name).synthetic.\(format)")
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw context.error("job \(record.id) has no synthetic data yet (status: \(record.status.title))", at: "job")
        }
        let destination = try OutputDestination(context, argument: "to")
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
        changesState: false, examples: ["package 3 to \"job3.zip\"", "package 3 to \"job3.zip\" replace=true"]
    ) { context in
        let (store, _, record) = try resolve(context)
        let destination = try OutputDestination(context, argument: "to")
        try destination.write(context) {
            try JobPackage.write(store: store, jobID: record.id, to: URL(fileURLWithPath: destination.path), replace: destination.replace)
        }
        context.output.emit(.message("wrote \(destination.text)"))
        return nil
    }
}

extension JobCommands {
    static let share = CommandSpec(
        name: "share", group: "Jobs",
        summary: "Write a job's trained model, settings and QA report to a .synthjob bundle (never the training data).",
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "A job whose training finished."),
                    ArgumentSpec("to", .outputFile(extensions: ["synthjob"]), required: true,
                                 help: "The bundle to write (an existing file is kept unless `replace=true`)."),
                    OutputDestination.replaceArgument],
        changesState: false, examples: ["share j to=\"penguins.synthjob\"", "share j to=\"penguins.synthjob\" replace=true"]
    ) { context in
        let (store, _, record) = try resolve(context)
        let destination = try OutputDestination(context, argument: "to")
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
        arguments: [ArgumentSpec("path", .inputFile(extensions: ["synthjob"]), positional: true, required: true, help: "The bundle.")],
        changesState: true, examples: ["import \"penguins.synthjob\" as shared"]
    ) { context in
        let (store, _) = try JobEnvironment.shared.storeAndRunner()
        guard let path = context.arguments.string("path") else { throw context.error("missing path", at: "path") }
        let job: JobRecord
        do {
            job = try ShareBundle.importBundle(store: store, from: URL(fileURLWithPath: context.session.resolve(path: path)))
        } catch let error as JobStoreError { throw context.error(error.description, at: "path") }
        context.output.emit(.message("imported job \(job.id) (\(job.name)); `generate \(job.id) rows=N` to use it"))
        return .string(String(job.id))
    }
}
