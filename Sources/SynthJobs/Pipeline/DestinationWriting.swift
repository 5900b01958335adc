import Foundation
import SynthConnectors
import SynthData

/// The last task of a job with a destination (`train … destination=CONNECTOR[.SCHEMA]`,
/// `generate … to=DEST`): writes the table's synthetic rows to the connector or folder, all
/// or nothing; an existing table there fails the task and is left as it was (`write JOB to=…
/// replace=true` replaces it).
///
/// A shard (`generate … shards=K shard=I to=DEST`) writes under its own name
/// (`JobDestination.shardTableName`) and replaces its own earlier output, so a retried shard
/// replaces what an earlier try of it wrote (complete, or staging files a killed try left in a
/// folder) and nothing else.
struct DestinationWriting: TaskExecutor {
    func run(_ context: TaskContext) throws {
        guard let text = context.job.destination else {
            context.log("no destination: nothing to write")
            return
        }
        let destination = JobDestination(text)
        let connector = try destination.open(in: context.store)
        let folder = connector as? FolderConnector
        var name = context.table.name
        if let shard = context.settings.shard {
            name = JobDestination.shardTableName(name, shard: shard, inFolder: folder != nil)
            if let removed = folder?.removeStagingFiles(ofTable: name), removed > 0 {
                context.log("removed \(removed) staging file\(removed == 1 ? "" : "s") an earlier try of this shard left")
            }
        }
        let table = try TableFiles.read(context.file(.syntheticParquet).path)
        try context.checkCanceled()
        try connector.write([DestinationTable(name: name, table: table, primaryKey: context.table.primaryKey.map { [$0] } ?? [])],
                            place: destination.place, replace: context.settings.shard != nil, isCanceled: { context.isCanceled })
        context.log("wrote \(table.rowCount) rows of \(context.table.name) to \(destination) as \(name)")
    }
}
