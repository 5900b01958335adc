import Foundation
import SynthConnectors
import SynthData

/// The last task of a job with a destination (`train … destination=CONNECTOR[.SCHEMA]`):
/// writes the table's synthetic rows to the connector, all or nothing; an existing table there
/// fails the task and is left as it was (`write JOB to=… replace=true` replaces it).
struct DestinationWriting: TaskExecutor {
    func run(_ context: TaskContext) throws {
        guard let destination = context.job.destination else {
            context.log("no destination: nothing to write")
            return
        }
        let (name, place) = Self.split(destination)
        let record = try context.store.connector(named: name)
        let connector = try ConnectorKinds.open(try ConnectorConfiguration.stored(name: record.name, kind: record.kind,
                                                                                  optionsJSON: record.optionsJSON))
        let table = try TableFiles.read(context.file(.syntheticParquet).path)
        try context.checkCanceled()
        try connector.write([DestinationTable(name: context.table.name, table: table,
                                              primaryKey: context.table.primaryKey.map { [$0] } ?? [])],
                            place: place, replace: false, isCanceled: { context.isCanceled })
        context.log("wrote \(table.rowCount) rows of \(context.table.name) to \(destination)")
    }

    /// `pg` → ("pg", nil); `pg.synthetic` → ("pg", "synthetic").
    static func split(_ destination: String) -> (connector: String, place: String?) {
        guard let dot = destination.firstIndex(of: ".") else { return (destination, nil) }
        return (String(destination[..<dot]), String(destination[destination.index(after: dot)...]))
    }
}
