import SynthConnectors
import SynthData

extension BuiltinCommands {
    /// Rows per batch read from a connector (a server-side cursor's fetch size).
    static let connectorBatchRows = 65_536

    /// `load NAME.TABLE`: streams a connector's table in batches into one table; Ctrl-C
    /// stops between batches.
    static func loadFromConnector(_ connectorName: String, table: String, _ context: CommandContext) throws -> LangValue? {
        let connector = try ConnectorAccess.open(connectorName, context, at: "path")
        var batches: [Table] = []
        var rows = 0
        do {
            try connector.read(table: table, batchRows: connectorBatchRows) { batch in
                try context.checkCancellation()
                rows += batch.rowCount
                batches.append(batch)
            }
        } catch let error as ConnectorError {
            throw context.error("connector \(connectorName): " + error.description, at: "path")
        } catch let error as CSVError {
            throw context.error(error.description, at: "path")
        } catch let error as ParquetError {
            throw context.error(error.description, at: "path")
        }
        let loaded = try Table.concatenating(batches)
        let name = context.statement.binding ?? defaultTableName(for: table)
        context.session.bind(name, to: .table(loaded, name: name))
        context.output.emit(.message("loaded \(name): \(loaded.rowCount) rows × \(loaded.columnCount) columns from \(connectorName).\(table)"))
        return .table(loaded, name: name)
    }
}
