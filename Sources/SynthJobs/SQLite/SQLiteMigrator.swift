/// Applies numbered schema migrations in order, recording the version in `PRAGMA user_version`.
public struct SQLiteMigrator: Sendable {
    /// Migration `k` (0-based) moves the schema from version `k` to `k + 1`.
    public var migrations: [String]

    public init(migrations: [String]) { self.migrations = migrations }

    /// Brings `database` up to the newest version; refuses a database newer than this synth.
    @discardableResult
    public func migrate(_ database: SQLiteDatabase) throws -> Int {
        try database.transaction {
            let current = Int(try database.query("PRAGMA user_version").first?["user_version"].int ?? 0)
            guard current <= migrations.count else {
                throw SQLiteError(code: 0, message: "the store has schema version \(current), newer than this synth understands (\(migrations.count))",
                                  context: "migrate")
            }
            for version in current..<migrations.count {
                try database.execute(migrations[version])
                try database.execute("PRAGMA user_version = \(version + 1)")
            }
            return migrations.count
        }
    }
}
