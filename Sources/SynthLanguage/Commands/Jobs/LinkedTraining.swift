import Foundation
import SynthData
import SynthEngine
import SynthJobs

/// `train planes flights …`: one job over several tables, with the keys and context links the
/// session declared (`key`, `link`) as its `JobSchema`. Every error is found before the job
/// is created, with the caret under the tables.
enum LinkedTraining {
    /// The checked schema of the session tables `names`, in training order (each subject
    /// table before the tables linked to it).
    static func schema(_ context: CommandContext, _ names: [String]) throws -> JobSchema {
        let declared = context.session.schema
        let listed = Set(names)
        // Every table must be linked to another listed one (a context link or a foreign key).
        var connected: Set<String> = []
        for link in declared.links where listed.contains(link.table) && listed.contains(link.parentTable) {
            connected.formUnion([link.table, link.parentTable])
        }
        let loose = names.filter { !connected.contains($0) }
        if !loose.isEmpty {
            let tables = names.compactMap { name in context.session.table(named: name).map { (name: name, table: $0) } }
            let proposals = LinkDetection.propose(tables: tables, declaredKeys: declared.keys.filter { listed.contains($0.key) }).links
            let hint = proposals.isEmpty
                ? "declare them with `link TABLE.COLUMN to=TABLE.KEY` (synth detects none between these tables)"
                : "synth proposes: " + proposals.map { "`link \($0.table).\($0.column) to=\($0.parentTable).\($0.parentKey)"
                    + ($0.isContext ? ($0.orderColumn.map { " order=\($0)" } ?? "") : " context=false") + "`" }.joined(separator: ", ")
                    + "; `links \(names.joined(separator: " ")) accept=true` declares them"
            throw context.error("\(loose.joined(separator: ", ")) \(loose.count == 1 ? "is" : "are") not linked to the other tables of this job",
                                at: "table", hint: hint)
        }
        let schema: JobSchema
        do {
            schema = try declared.jobSchema(of: names)
            for name in names {
                guard let table = context.session.table(named: name) else { throw SchemaError("unknown table '\(name)'") }
                guard table.rowCount > 0 else { throw SchemaError("the table '\(name)' is empty: nothing to train on") }
                try schema.checkColumns(of: name, table.columnNames)
            }
        } catch let error as SchemaError {
            throw context.error(error.message, at: "table")
        }
        return try JobSchema(tables: schema.dependencyOrder)
    }

    /// Creates and starts the job: one `JobTableRecord` per table (its key, context link and
    /// order column) and each table's own copy of its rows.
    static func start(_ context: CommandContext, schema: JobSchema, settings: JobSettings, name: String?,
                      store: JobStore, runner: JobRunner) throws -> LangValue {
        var settings = settings
        // Each table's own overrides (`encode flights.dep_delay as …`), applied by its tasks.
        settings.encodings = [:]
        settings.tableEncodings = Dictionary(uniqueKeysWithValues: schema.tableNames.map { ($0, context.jobs.overrides(for: $0)) })
            .filter { !$0.value.isEmpty }
        var sources: [(name: String, bytes: [UInt8], sha256: String, rows: Int)] = []
        for table in schema.tables {
            guard let data = context.session.table(named: table.name) else { throw context.error("unknown table `\(table.name)`", at: "table") }
            let bytes = try ParquetWriter.encode(data)
            sources.append((table.name, bytes, ContentDigest.sha256Hex(of: bytes), data.rowCount))
        }
        let records = schema.tables.map { JobTableRecord(schema: $0) }
        // `destination=`: every table written there in one go, after the job's other tasks.
        let destination = try ConnectorCommands.checkedDestination(context, argument: "destination")
        if let destination { try ConnectorCommands.checkWritable(destination, tables: schema.tableNames, replace: false, context, at: "destination") }
        let job: JobRecord
        do {
            job = try store.createJob(name: name, type: .adHoc, settings: settings, tables: records,
                                      tasks: TaskKind.allCases + (destination == nil ? [] : [.writingDestination]), destination: destination)
        } catch let error as JobStoreError {
            throw context.error(error.description, at: "table")
        }
        context.noteJob(id: job.id, name: job.name)
        for source in sources {
            let file = store.files(ofJob: job.id).url(.source, table: source.name)
            try AtomicFileWriter.write(source.bytes, to: file.path, replace: true)
            try store.setSource(job: job.id, table: source.name, path: file.path, bytes: source.bytes.count, sha256: source.sha256)
        }
        try store.secureFiles(ofJob: job.id)
        context.jobs.start(job.id, on: runner)
        let described = zip(schema.tables, sources).map { table, source in
            var text = "\(table.name) (\(source.rows) rows"
            if let key = table.primaryKey { text += ", key \(key)" }
            if let link = table.context {
                text += ", linked to \(link.parentTable) by \(link.column)" + (table.orderColumn.map { ", ordered by \($0)" } ?? "")
            }
            for key in table.foreignKeys {
                text += ", \(key.column) → \(key.parentTable)" + (schema.table(named: key.parentTable) == nil ? " (not in the job)" : "")
            }
            return text + ")"
        }
        context.output.emit(.message("started job \(job.id) (\(job.name)) over \(described.joined(separator: ", ")); `watch \(job.id)` to follow it"))
        return .string(String(job.id))
    }
}
