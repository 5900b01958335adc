import Foundation
import SynthConnectors
import SynthData
import SynthEngine

/// The last task of a job with a destination (`train … destination=CONNECTOR[.SCHEMA]`,
/// `catalog run`, `generate … to=DEST`): writes every synthetic table of the job to the
/// connector or folder in ONE write (one transaction in SQLite and PostgreSQL, staged files
/// renamed at the end in a folder), parents before the tables that refer to them, with their
/// primary keys and the foreign keys between them declared: all tables appear, or none. An
/// existing table there fails the task and is left as it was, unless the job's settings say
/// to replace it (`catalog set C overwrite=true`; `write JOB to=… replace=true` by hand).
///
/// A shard (`generate … shards=K shard=I to=DEST`) writes its tables under its own names
/// (`JobDestination.shardTableName`) and replaces its own earlier output, so a retried shard
/// replaces what an earlier try of it wrote (complete, or staging files a killed try left in a
/// folder) and nothing else. A table the others only refer to (airlines) is generated whole
/// by every shard, for its keys, but written by shard 0 only: the destination holds one copy.
struct DestinationWriting: TaskExecutor {
    func run(_ context: TaskContext) throws {
        guard let text = context.job.destination else {
            context.log("no destination: nothing to write")
            return
        }
        let destination = JobDestination(text)
        let connector = try destination.open(in: context.store)
        let folder = connector as? FolderConnector
        let shard = context.job.settings.shard
        // Jobs made before the write became one task had one writing task per table.
        let perTable = try context.store.tasks(ofJob: context.job.id).filter { $0.kind == .writingDestination }.count > 1
        let order = perTable ? [context.table.schema] : context.schema.dependencyOrder
        let names = Set(order.map(\.name))
        var tables: [DestinationTable] = []
        for table in order {
            var name = table.name
            if let shard {
                if shard.index > 0, Self.isGeneratedWhole(table.name, context) {
                    context.log("\(table.name): generated whole by every shard for its keys; shard 0 writes it")
                    continue
                }
                name = JobDestination.shardTableName(name, shard: shard, inFolder: folder != nil)
                if let removed = folder?.removeStagingFiles(ofTable: name), removed > 0 {
                    context.log("removed \(removed) staging file\(removed == 1 ? "" : "s") an earlier try of this shard left")
                }
            }
            let rows = try TableFiles.read(context.files.url(.syntheticParquet, table: table.name).path)
            try context.checkCanceled()
            // Keys between the written tables (a shard's tables stand alone: no foreign keys).
            var foreignKeys: [ForeignKeyInfo] = []
            if shard == nil {
                for key in [table.context].compactMap({ $0 }) + table.foreignKeys where names.contains(key.parentTable) {
                    guard let parentKey = context.schema.table(named: key.parentTable)?.primaryKey else { continue }
                    foreignKeys.append(ForeignKeyInfo(columns: [key.column], referencedTable: key.parentTable, referencedColumns: [parentKey]))
                }
            }
            tables.append(DestinationTable(name: name, table: rows, primaryKey: table.primaryKey.map { [$0] } ?? [], foreignKeys: foreignKeys))
        }
        try connector.write(tables, place: destination.place, replace: shard != nil || context.job.settings.replaceAtDestination == true,
                            isCanceled: { context.isCanceled })
        for table in tables {
            context.log("wrote \(table.table.rowCount) rows to \(destination) as \(table.name)")
        }
    }

    /// Whether a generate job makes table `name` whole in every shard: a table the job's
    /// other tables only refer to (its `rows=` counts the referring rows), as the generating
    /// task decides.
    static func isGeneratedWhole(_ name: String, _ context: TaskContext) -> Bool {
        context.job.parentJobID != nil && context.schema.isReferenced(name) && context.schema.linkedTables(of: name).isEmpty
    }
}
