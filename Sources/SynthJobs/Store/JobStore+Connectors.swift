import Foundation

/// A connector as the store keeps it (`connector add`): the options hold references to
/// secrets, never secrets (SynthConnectors checks that before a connector is stored).
public struct ConnectorRecord: Sendable, Hashable {
    public var name: String
    public var kind: String
    public var optionsJSON: String
    public var createdAt: Date

    public init(name: String, kind: String, optionsJSON: String, createdAt: Date = Date()) {
        self.name = name
        self.kind = kind
        self.optionsJSON = optionsJSON
        self.createdAt = createdAt
    }
}

extension JobStore {
    /// Stores a new connector; a name already in use is an error.
    public func addConnector(_ record: ConnectorRecord) throws {
        try locked {
            if try !database.query("SELECT name FROM connectors WHERE name = ?", [.text(record.name)]).isEmpty {
                throw JobStoreError.invalidState("a connector named '\(record.name)' exists: remove it first (`connector remove \(record.name)`)")
            }
            try database.run("INSERT INTO connectors (name, kind, options_json, created_at) VALUES (?, ?, ?, ?)",
                             [.text(record.name), .text(record.kind), .text(record.optionsJSON), .real(record.createdAt.timeIntervalSince1970)])
        }
    }

    /// Every connector, by name.
    public func connectors() throws -> [ConnectorRecord] {
        try locked { try database.query("SELECT * FROM connectors ORDER BY name") }.map(Self.makeConnector)
    }

    /// The connector `name`; an unknown name is an error listing the known ones.
    public func connector(named name: String) throws -> ConnectorRecord {
        guard let row = try locked({ try database.query("SELECT * FROM connectors WHERE name = ?", [.text(name)]) }).first else {
            let known = try connectors().map(\.name)
            throw JobStoreError.invalidState("no connector named '\(name)'" + (known.isEmpty ? "; add one with `connector add`" : "; connectors: " + known.joined(separator: ", ")))
        }
        return Self.makeConnector(row)
    }

    /// Removes connector `name`.
    public func removeConnector(named name: String) throws {
        _ = try connector(named: name)
        try locked { try database.run("DELETE FROM connectors WHERE name = ?", [.text(name)]) }
    }

    private static func makeConnector(_ row: SQLiteRow) -> ConnectorRecord {
        ConnectorRecord(name: row["name"].string ?? "", kind: row["kind"].string ?? "", optionsJSON: row["options_json"].string ?? "{}",
                        createdAt: Date(timeIntervalSince1970: row["created_at"].double ?? 0))
    }
}
