import Foundation
import SynthConnectors
import SynthData

extension LazyTable {
    /// Rows per batch read from a connector for a lazy table.
    static let connectorBatchRows = 65_536

    /// Streams every row of the table in batches (a CSV chunk of about 1 MiB, a Parquet row
    /// group, or a connector batch), each with the table's columns; Ctrl-C stops between
    /// batches. A file whose size changed since `load` is refused: its rows would no longer
    /// be the ones counted. Errors are language errors at `argument`.
    func scan(_ context: CommandContext, at argument: String, _ body: (Table) throws -> Void) throws {
        func each(_ batch: Table) throws {
            try context.checkCancellation()
            try body(try columns.map { try batch.selecting($0) } ?? batch)
        }
        do {
            switch source {
            case let .csv(path, options, schema):
                try checkUnchanged(path, context, at: argument)
                try CSVReader.scan(path: path, options: options, schema: schema, body: each)
            case .parquet(let path):
                try checkUnchanged(path, context, at: argument)
                let reader = try ParquetReader(streamingFrom: path)
                for group in 0..<reader.rowGroupCount { try each(try reader.readRowGroup(group, columns: columns)) }
            case let .connector(name, table):
                let connector = try ConnectorAccess.open(name, context, at: argument)
                try connector.read(table: table, batchRows: Self.connectorBatchRows) { batch in try each(batch) }
            }
        } catch let error as CSVError {
            var shown = error
            shown.file = shownSource
            throw context.error(shown.description, at: argument)
        } catch let error as ParquetError {
            throw context.error(error.description, at: argument)
        } catch let error as ConnectorError {
            throw context.error("\(shownSource): " + error.description, at: argument)
        } catch let error as FileAccessError {
            throw context.error(error.description, at: argument)
        } catch let error as TableError {
            throw context.error(error.description, at: argument)
        }
    }

    /// The first `rows` rows (the kept head when it has enough; otherwise read from the source, stopping there).
    func firstRows(_ rows: Int, _ context: CommandContext, at argument: String) throws -> Table {
        if rows <= head.rowCount || head.rowCount == rowCount { return head.head(rows) }
        struct Enough: Error {}
        var batches: [Table] = [], count = 0
        do {
            try scan(context, at: argument) { batch in
                batches.append(batch.head(rows - count))
                count += batches[batches.count - 1].rowCount
                if count >= rows { throw Enough() }
            }
        } catch is Enough {}
        return batches.isEmpty ? head.head(0) : try Table.concatenating(batches)
    }

    private func checkUnchanged(_ path: String, _ context: CommandContext, at argument: String) throws {
        guard let fileSize else { return }
        let now = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        guard now == fileSize else {
            throw context.error("\(shownSource) changed since it was loaded (\(fileSize) bytes then, \(now.map { "\($0) bytes" } ?? "gone") now): load it again")
        }
    }

    /// Makes a lazy table of what `scan` reads: one pass counts the rows and keeps the first
    /// `headRowCount`. `nil` when the source has no rows (an empty table is read into memory).
    static func measuring(source: Source, shownSource: String, columns: [String]?, fileSize: Int?,
                          _ context: CommandContext, at argument: String) throws -> LazyTable? {
        var table = LazyTable(source: source, shownSource: shownSource, columns: columns, schema: Table(), rowCount: 0,
                              head: Table(), fileSize: fileSize)
        var heads: [Table] = [], rows = 0
        try table.scan(context, at: argument) { batch in
            if rows < headRowCount { heads.append(batch.head(headRowCount - rows)) }
            rows += batch.rowCount
        }
        guard rows > 0, let first = heads.first else { return nil }
        table.schema = first.head(0)
        table.head = try Table.concatenating(heads)
        table.rowCount = rows
        return table
    }
}
