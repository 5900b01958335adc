import Foundation
import SynthConnectors
import SynthData
import SynthEngine
import SynthJobs

/// A catalog's tables as the connector's schema describes them: each table's columns, its
/// primary key (a single-column one), and its foreign keys as links. A table's foreign key into
/// the catalog's table with the most rows is its context link (that table is its subject, its
/// rows are sequences ordered by their first date or time column); its other foreign keys
/// stay plain foreign keys (a lookup table such as airlines keeps its few keys).
enum CatalogTemplate {
    /// The tables `names` of `connector` (listed in `available`), with their keys and links.
    static func tables(_ names: [String], of connector: any Connector, available: [SourceTableInfo],
                       _ context: CommandContext, at argument: String) throws -> [CatalogTable] {
        let infos = Dictionary(available.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var tables: [CatalogTable] = []
        for name in names {
            let sample = try firstRows(of: name, connector, context, at: argument)
            let info = infos[name] ?? SourceTableInfo(name: name, rowCount: 0)
            var schema = TableSchema(name: name, primaryKey: info.primaryKey.count == 1 ? info.primaryKey[0] : nil)
            for key in info.foreignKeys where key.columns.count == 1 && key.referencedColumns.count == 1 {
                let column = key.columns[0], parent = key.referencedTable
                guard parent != name, column != schema.primaryKey, !schema.keyColumns.contains(column),
                      let parentInfo = infos[parent], parentInfo.primaryKey == key.referencedColumns else { continue }
                schema.foreignKeys.append(ForeignKey(column: column, parentTable: parent, parentKey: key.referencedColumns[0]))
            }
            // The context: the key into the catalog's table with the most rows (planes rather
            // than a lookup table like airlines, whose few rows are each referred to by many).
            let contexts = schema.foreignKeys.indices.filter { names.contains(schema.foreignKeys[$0].parentTable) }
            if let chosen = contexts.max(by: { (infos[schema.foreignKeys[$0].parentTable]?.rowCount ?? 0, -$0)
                                                < (infos[schema.foreignKeys[$1].parentTable]?.rowCount ?? 0, -$1) }) {
                let link = schema.foreignKeys.remove(at: chosen)
                schema.context = link
                schema.orderColumn = LinkDetection.orderColumn(of: sample, excluding: [link.column, schema.primaryKey].compactMap { $0 })
            }
            tables.append(CatalogTable(schema: schema, columns: sample.columnNames))
        }
        return plausible(tables)
    }

    /// The tables with links a job can take: where the links read from the database do not
    /// form a valid job schema (a chain or cycle of context links), contexts become plain
    /// foreign keys, and where even those do not, the links are left for the user to declare.
    static func plausible(_ tables: [CatalogTable]) -> [CatalogTable] {
        func valid(_ candidate: [CatalogTable]) -> Bool {
            (try? CatalogRecord(name: "", connector: "", tables: candidate, destination: nil, settings: JobSettings()).jobSchema()) != nil
        }
        if valid(tables) { return tables }
        var plain = tables
        for index in plain.indices {
            if let context = plain[index].schema.context { plain[index].schema.foreignKeys.insert(context, at: 0) }
            plain[index].schema.context = nil
            plain[index].schema.orderColumn = nil
        }
        if valid(plain) { return plain }
        for index in plain.indices { plain[index].schema.foreignKeys = [] }
        return plain
    }

    /// The first rows of `table` (its columns and types, and a sample for the order column).
    static func firstRows(of table: String, _ connector: any Connector, _ context: CommandContext, at argument: String) throws -> Table {
        struct Enough: Error {}
        var first: Table?
        do {
            try ConnectorAccess.run(context, at: argument) {
                try connector.read(table: table, batchRows: 1_000) { batch in
                    first = batch
                    throw Enough()
                }
            }
        } catch is Enough {}
        guard let first else { throw context.error("table \(table) has no columns to read", at: argument) }
        return first
    }

    /// The catalog's tables with their columns filled in (catalogs from older stores kept only
    /// the table names): read from the connector when missing.
    static func withColumns(_ record: CatalogRecord, _ context: CommandContext, at argument: String) throws -> CatalogRecord {
        guard record.tables.contains(where: { $0.columns.isEmpty }) else { return record }
        var record = record
        let connector = try ConnectorAccess.open(record.connector, context, at: argument)
        for index in record.tables.indices where record.tables[index].columns.isEmpty {
            record.tables[index].columns = try firstRows(of: record.tables[index].name, connector, context, at: argument).columnNames
        }
        return record
    }

    /// The lines `catalog show` gives a table: `flights (key id; tailnum → planes.tailnum,
    /// context, ordered by time_hour; carrier → airlines.carrier)` and its own settings.
    static func describe(_ table: CatalogTable, in record: CatalogRecord) -> [String] {
        let names = Set(record.tableNames)
        var parts: [String] = []
        parts.append(table.schema.primaryKey.map { "key \($0)" } ?? "no key")
        func link(_ key: ForeignKey) -> String {
            "\(key.column) → \(key.parentTable)" + (key.parentKey.map { ".\($0)" } ?? "")
                + (names.contains(key.parentTable) ? "" : " (not in the catalog: left out)")
        }
        if let context = table.schema.context {
            parts.append(link(context) + ", context" + (table.schema.orderColumn.map { ", ordered by \($0)" } ?? ""))
        }
        parts.append(contentsOf: table.schema.foreignKeys.map(link))
        var lines = ["    \(table.name): " + parts.joined(separator: "; ")]
        if !table.settings.isEmpty { lines.append("      settings: " + table.settings.summary) }
        return lines
    }
}
