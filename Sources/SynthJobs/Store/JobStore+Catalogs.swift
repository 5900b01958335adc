import Foundation
import SynthEngine

/// A catalog as the store keeps it (`catalog create`): a connector, the tables to
/// synthesize with their keys, links, encoding overrides and training settings, the job's
/// training settings and an optional destination. Running it (`catalog run`) makes a new job
/// of type "catalog" each time, over the template as it is then.
public struct CatalogRecord: Sendable, Hashable {
    public var name: String
    public var connector: String
    public var tables: [CatalogTable]
    public var destination: String?
    public var settings: JobSettings
    public var createdAt: Date

    public init(name: String, connector: String, tables: [CatalogTable], destination: String?, settings: JobSettings,
                createdAt: Date = Date()) {
        self.name = name
        self.connector = connector
        self.tables = tables
        self.destination = destination
        self.settings = settings
        self.createdAt = createdAt
    }

    /// The tables' names, in the catalog's order.
    public var tableNames: [String] { tables.map(\.name) }

    /// The table called `name`, if the catalog has it.
    public func table(named name: String) -> CatalogTable? { tables.first { $0.name == name } }

    /// The keys and links of the tables as a job's schema, checked (every link into a table
    /// of the catalog refers to its primary key, no cycles…); links into tables the catalog
    /// does not hold are left out, since nothing would be generated for them.
    public func jobSchema() throws -> JobSchema {
        let names = Set(tableNames)
        return try JobSchema(tables: tables.map { table in
            var schema = table.schema
            if let context = schema.context, !names.contains(context.parentTable) {
                schema.context = nil
                schema.orderColumn = nil
            }
            schema.foreignKeys.removeAll { !names.contains($0.parentTable) }
            return schema
        })
    }

    /// The settings of a job run from the catalog: the catalog's, with each table's own.
    public var jobSettings: JobSettings {
        var settings = self.settings
        var own: [String: TableSettings] = [:]
        for table in tables where !table.settings.isEmpty { own[table.name] = table.settings }
        settings.tableSettings = own.isEmpty ? nil : own
        return settings
    }
}

/// One table of a catalog: its keys and links (read from the connector's schema, changeable
/// with `catalog key` / `catalog link`), its columns as the connector listed them (so a
/// change naming a column is checked without connecting), and its own settings.
public struct CatalogTable: Sendable, Codable, Hashable {
    public var schema: TableSchema
    public var columns: [String]
    public var settings: TableSettings

    public init(schema: TableSchema, columns: [String], settings: TableSettings = TableSettings()) {
        self.schema = schema
        self.columns = columns
        self.settings = settings
    }

    public var name: String { schema.name }
}

extension JobStore {
    /// Stores a new catalog; a name already in use is an error unless `replace` (a replayed
    /// session's `catalog create … replace=true`), which replaces that catalog's template.
    public func addCatalog(_ record: CatalogRecord, replace: Bool = false) throws {
        let tables = String(decoding: try JSONEncoder.sorted.encode(record.tables), as: UTF8.self)
        let settings = String(decoding: try JSONEncoder.sorted.encode(record.settings), as: UTF8.self)
        try locked {
            try database.transaction {
                if replace { try database.run("DELETE FROM catalogs WHERE name = ?", [.text(record.name)]) }
                if try !database.query("SELECT name FROM catalogs WHERE name = ?", [.text(record.name)]).isEmpty {
                    throw JobStoreError.invalidState("a catalog named '\(record.name)' exists: delete it first (`catalog delete \(record.name)`)")
                }
                try database.run("INSERT INTO catalogs (name, connector, tables_json, destination, settings_json, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                                 [.text(record.name), .text(record.connector), .text(tables), SQLiteValue(record.destination),
                                  .text(settings), .real(record.createdAt.timeIntervalSince1970)])
            }
        }
    }

    /// Every catalog, by name.
    public func catalogs() throws -> [CatalogRecord] {
        try locked { try database.query("SELECT * FROM catalogs ORDER BY name") }.map(Self.makeCatalog)
    }

    /// The catalog `name`; an unknown name is an error listing the known ones.
    public func catalog(named name: String) throws -> CatalogRecord {
        guard let row = try locked({ try database.query("SELECT * FROM catalogs WHERE name = ?", [.text(name)]) }).first else {
            let known = try catalogs().map(\.name)
            throw JobStoreError.invalidState("no catalog named '\(name)'" + (known.isEmpty ? "; create one with `catalog create`" : "; catalogs: " + known.joined(separator: ", ")))
        }
        return try Self.makeCatalog(row)
    }

    /// Replaces the stored template of catalog `record.name` (its tables with their keys, links
    /// and settings, destination and settings; the connector and creation time stay). Jobs it already made keep theirs.
    public func updateCatalog(_ record: CatalogRecord) throws {
        _ = try catalog(named: record.name)
        let tables = String(decoding: try JSONEncoder.sorted.encode(record.tables), as: UTF8.self)
        let settings = String(decoding: try JSONEncoder.sorted.encode(record.settings), as: UTF8.self)
        try locked {
            try database.run("UPDATE catalogs SET tables_json = ?, destination = ?, settings_json = ? WHERE name = ?",
                             [.text(tables), SQLiteValue(record.destination), .text(settings), .text(record.name)])
        }
    }

    /// Deletes catalog `name` (the jobs it made stay).
    public func removeCatalog(named name: String) throws {
        _ = try catalog(named: name)
        try locked { try database.run("DELETE FROM catalogs WHERE name = ?", [.text(name)]) }
    }

    private static func makeCatalog(_ row: SQLiteRow) throws -> CatalogRecord {
        // Older stores kept only the tables' names: those read as tables without keys or settings.
        let json = Data((row["tables_json"].string ?? "[]").utf8)
        let tables: [CatalogTable]
        if let full = try? JSONDecoder().decode([CatalogTable].self, from: json) {
            tables = full
        } else {
            tables = try JSONDecoder().decode([String].self, from: json).map { CatalogTable(schema: TableSchema(name: $0), columns: []) }
        }
        let settings = try JSONDecoder().decode(JobSettings.self, from: Data((row["settings_json"].string ?? "{}").utf8))
        return CatalogRecord(name: row["name"].string ?? "", connector: row["connector"].string ?? "", tables: tables,
                             destination: row["destination"].string, settings: settings,
                             createdAt: Date(timeIntervalSince1970: row["created_at"].double ?? 0))
    }
}
