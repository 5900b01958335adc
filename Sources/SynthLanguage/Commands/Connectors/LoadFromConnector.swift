import SynthConnectors
import SynthData

extension BuiltinCommands {
    /// Rows per batch read from a connector (a server-side cursor's fetch size).
    static let connectorBatchRows = 65_536

    /// `load NAME.TABLE`: streams a connector's table in batches into one table; Ctrl-C
    /// stops between batches.
    static func loadFromConnector(_ connectorName: String, table: String, lazy: Bool?, _ context: CommandContext) throws -> LangValue? {
        let connector = try ConnectorAccess.open(connectorName, context, at: "path")
        let listedRows = lazy == nil ? (try? connector.tables().first { $0.name == table }?.rowCount) ?? nil : nil
        if lazy ?? ((listedRows ?? 0) * LazyLoadThreshold.bytesPerConnectorRow > LazyLoadThreshold.bytes),
           let loaded = try LazyTable.measuring(source: .connector(name: connectorName, table: table),
                                                shownSource: "\(connectorName).\(table)", columns: nil, fileSize: nil, context, at: "path") {
            let name = context.statement.binding ?? defaultTableName(for: table)
            context.session.bind(name, to: .lazyTable(loaded, name: name))
            context.output.emit(.message("loaded \(name): \(loaded.rowCount) rows × \(loaded.columnCount) columns, left in \(connectorName).\(table) "
                + "(a lazy table: describe, show, count, columns and train read it in batches)"))
            return .lazyTable(loaded, name: name)
        }
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
