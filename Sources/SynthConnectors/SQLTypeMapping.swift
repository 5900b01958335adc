import SynthData

/// How synth's column types map to and from database column types.
enum SQLTypeMapping {
    /// The column type a destination declares for `type`.
    static func declaration(_ type: DataType, postgres: Bool) -> String {
        switch type {
        case .int64: return postgres ? "BIGINT" : "INTEGER"
        case .double: return postgres ? "DOUBLE PRECISION" : "REAL"
        case .bool: return "BOOLEAN"
        case .string: return "TEXT"
        case .date: return "DATE"
        case .timestamp(_, let zone): return zone == nil ? "TIMESTAMP" : "TIMESTAMPTZ"
        }
    }

    /// synth's type for a SQLite declared column type (`INTEGER`, `NUMERIC(10,2)`,
    /// `VARCHAR(20)`, `DATE`, `TIMESTAMPTZ`…), following SQLite's affinity rules with
    /// booleans, dates and timestamps told apart by name.
    static func sqliteType(declared: String) -> DataType {
        let upper = declared.uppercased()
        if upper.contains("BOOL") { return .bool }
        if upper.contains("TIMESTAMPTZ") || upper.contains("WITH TIME ZONE") { return .timestamp(unit: .microseconds, timeZone: "UTC") }
        if upper.contains("TIMESTAMP") || upper.contains("DATETIME") { return .timestamp(unit: .microseconds, timeZone: nil) }
        if upper == "DATE" { return .date }
        if upper.contains("INT") { return .int64 }
        if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") { return .string }
        if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") || upper.contains("NUMERIC")
            || upper.contains("DECIMAL") { return .double }
        return .string
    }

    /// synth's type for a PostgreSQL type oid (`pg_type.oid`); everything else is read as
    /// its text form.
    static func postgresType(oid: UInt32) -> DataType {
        switch oid {
        case 16: return .bool
        case 20, 21, 23, 26: return .int64
        case 700, 701, 1700: return .double
        case 1082: return .date
        case 1114: return .timestamp(unit: .microseconds, timeZone: nil)
        case 1184: return .timestamp(unit: .microseconds, timeZone: "UTC")
        default: return .string
        }
    }

    /// `"name"` with embedded quotes doubled: any table or column name is safe in SQL.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
