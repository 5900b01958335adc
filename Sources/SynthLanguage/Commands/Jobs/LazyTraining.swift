import SynthData
import SynthJobs

/// `train` of a lazy table: the job's own copy of the source is streamed batch by batch into
/// its `source.parquet` (`JobSourceCopy`), never held whole in memory; the organizing step then streams that copy row group by row
/// group, analyzing every row and keeping a seeded sample of at most `rows=` rows
/// (`LazyTable.defaultTrainingRows` unless given), which it splits into training and holdout.
enum LazyTraining {
    static func start(_ context: CommandContext, _ lazy: LazyTable, tableName: String, settings: JobSettings,
                      name: String?, store: JobStore, runner: JobRunner) throws -> LangValue {
        var settings = settings
        if settings.maxTrainingRows == nil {
            settings.maxTrainingRows = LazyTable.defaultTrainingRows
            context.output.emit(.message("\(tableName) is a lazy table of \(lazy.rowCount) rows: the job trains on a seeded sample of at most "
                + "\(LazyTable.defaultTrainingRows) of them (`rows=N` to change it); every row is analyzed"))
        }
        let destination = try ConnectorCommands.checkedDestination(context, argument: "destination")
        if let destination { try ConnectorCommands.checkWritable(destination, tables: [tableName], replace: false, context, at: "destination") }
        let job = try store.createJob(name: name, type: .adHoc, settings: settings,
                                      tables: [JobTableRecord(jobID: 0, name: tableName, sourcePath: "", sourceBytes: 0, sourceSHA256: nil,
                                                              primaryKey: context.session.schema.keys[tableName])],
                                      tasks: TaskKind.allCases + (destination == nil ? [] : [.writingDestination]),
                                      destination: destination)
        do {
            _ = try JobSourceCopy.copy(job: job.id, table: tableName, store: store) { write in
                var rows = 0
                try lazy.scan(context, at: "table") { batch in
                    try write(batch)
                    rows += batch.rowCount
                    context.output.progress("copying \(tableName)", fraction: Double(rows) / Double(max(lazy.rowCount, 1)))
                }
            }
        } catch {
            // No job without its source: the half-made job goes, and the error is the user's.
            _ = try? store.deleteJob(job.id)
            throw error
        }
        context.noteJob(id: job.id, name: job.name)
        context.jobs.start(job.id, on: runner)
        context.output.emit(.message("started job \(job.id) (\(job.name)): \(lazy.rowCount) rows of \(tableName), streamed from \(lazy.shownSource); "
            + "`watch \(job.id)` to follow it"))
        return .string(String(job.id))
    }
}
