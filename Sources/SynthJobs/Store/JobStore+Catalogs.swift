import Foundation

/// A catalog as the store keeps it (`catalog create`): a connector, the tables to
/// synthesize, the training settings and an optional destination. Running it
/// (`catalog run`) makes a new job of type "catalog" each time.
public struct CatalogRecord: Sendable, Hashable {
    public var name: String
    public var connector: String
    public var tables: [String]
    public var destination: String?
    public var settings: JobSettings
    public var createdAt: Date

    public init(name: String, connector: String, tables: [String], destination: String?, settings: JobSettings,
                createdAt: Date = Date()) {
        self.name = name
        self.connector = connector
        self.tables = tables
        self.destination = destination
        self.settings = settings
        self.createdAt = createdAt
    }
}

extension JobStore {
    /// Stores a new catalog; a name already in use is an error.
    public func addCatalog(_ record: CatalogRecord) throws {
        let tables = String(decoding: try JSONEncoder.sorted.encode(record.tables), as: UTF8.self)
        let settings = String(decoding: try JSONEncoder.sorted.encode(record.settings), as: UTF8.self)
        try locked {
            if try !database.query("SELECT name FROM catalogs WHERE name = ?", [.text(record.name)]).isEmpty {
                throw JobStoreError.invalidState("a catalog named '\(record.name)' exists: delete it first (`catalog delete \(record.name)`)")
            }
            try database.run("INSERT INTO catalogs (name, connector, tables_json, destination, settings_json, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                             [.text(record.name), .text(record.connector), .text(tables), SQLiteValue(record.destination),
                              .text(settings), .real(record.createdAt.timeIntervalSince1970)])
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

    /// Replaces the stored template of catalog `record.name` (its tables, destination and
    /// settings; the connector and creation time stay). Jobs it already made keep theirs.
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
        let tables = try JSONDecoder().decode([String].self, from: Data((row["tables_json"].string ?? "[]").utf8))
        let settings = try JSONDecoder().decode(JobSettings.self, from: Data((row["settings_json"].string ?? "{}").utf8))
        return CatalogRecord(name: row["name"].string ?? "", connector: row["connector"].string ?? "", tables: tables,
                             destination: row["destination"].string, settings: settings,
                             createdAt: Date(timeIntervalSince1970: row["created_at"].double ?? 0))
    }
}
