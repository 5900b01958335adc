@preconcurrency import CPostgres
import Foundation
import SynthData

/// A PostgreSQL server through libpq: reads a schema's tables through a server-side cursor
/// in batches, writes tables into a schema in one transaction with `COPY … FROM STDIN`.
public struct PostgresConnector: Connector {
    public static let kind = "postgresql"
    public static let options = [
        ConnectorOption("host", help: "server name or address, or the folder of its unix socket (default localhost)"),
        ConnectorOption("port", help: "server port (default 5432)"),
        ConnectorOption("database", required: true, help: "database name"),
        ConnectorOption("user", help: "user name (default: the login name)"),
        ConnectorOption("password", secret: true, help: "env:VARIABLE, file:PATH, or prompt (typed in the REPL, kept for the session)"),
        ConnectorOption("schema", help: "the schema whose tables are read (default public)"),
    ]

    let configuration: ConnectorConfiguration
    var schema: String { configuration.options["schema"] ?? "public" }

    public init(configuration: ConnectorConfiguration) throws(ConnectorError) {
        self.configuration = configuration
        _ = try configuration.required("database")
    }

    func connect() throws(ConnectorError) -> PostgresConnection {
        let options = configuration.options
        let password = try options["password"].flatMap(CredentialReference.init)?.resolve(connector: configuration.name)
        return try PostgresConnection(host: options["host"] ?? "localhost", port: options["port"] ?? "5432",
                                      database: try configuration.required("database"), user: options["user"], password: password)
    }

    public func check() throws(ConnectorError) -> ConnectorCheck {
        let connection = try connect()
        let count = try tableNames(connection, schema: schema).count
        // A schema that does not exist yet is writable when the user may create schemas.
        let rows = try connection.rows("""
            SELECT has_database_privilege(current_database(), 'CREATE')::text,
                   COALESCE((SELECT has_schema_privilege(oid, 'CREATE') FROM pg_namespace WHERE nspname = $1), false)::text
            """, [schema])
        let canCreateSchema = rows.first?[0] == "true"
        let canWriteSchema = rows.first?[1] == "true"
        return ConnectorCheck(reached: "PostgreSQL \(connection.serverVersion) at \(connection.endpoint), database \(configuration.options["database"] ?? "")",
                              readableTables: count, canWrite: canCreateSchema || canWriteSchema,
                              writeNote: canCreateSchema || canWriteSchema ? nil : "the user may not create schemas or tables")
    }

    func tableNames(_ connection: PostgresConnection, schema: String) throws(ConnectorError) -> [String] {
        try connection.rows("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') AND has_table_privilege(c.oid, 'SELECT')
            ORDER BY c.relname
            """, [schema]).compactMap { $0[0] }
    }

    public func tables() throws(ConnectorError) -> [SourceTableInfo] {
        let connection = try connect()
        let names = try tableNames(connection, schema: schema)
        var primaryKeys: [String: [String]] = [:]
        for row in try connection.rows("""
            SELECT c.relname, json_agg(a.attname ORDER BY k.ord)::text
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indisprimary AND n.nspname = $1 GROUP BY c.relname
            """, [schema]) {
            primaryKeys[row[0] ?? ""] = Self.names(row[1])
        }
        var foreignKeys: [String: [ForeignKeyInfo]] = [:]
        for row in try connection.rows("""
            SELECT cl.relname, pcl.relname,
              (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)::text,
              (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)::text
            FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_class pcl ON pcl.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = cl.relnamespace
            WHERE con.contype = 'f' AND n.nspname = $1 ORDER BY cl.relname, con.conname
            """, [schema]) {
            foreignKeys[row[0] ?? "", default: []].append(
                ForeignKeyInfo(columns: Self.names(row[2]), referencedTable: row[1] ?? "", referencedColumns: Self.names(row[3])))
        }
        var result: [SourceTableInfo] = []
        for name in names {
            let count = Int(try connection.rows("SELECT count(*) FROM \(qualified(name))").first?[0] ?? "0") ?? 0
            result.append(SourceTableInfo(name: name, rowCount: count, primaryKey: primaryKeys[name] ?? [],
                                          foreignKeys: foreignKeys[name] ?? []))
        }
        return result
    }

    private static func names(_ json: String?) -> [String] {
        guard let json, let names = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else { return [] }
        return names
    }

    func qualified(_ table: String, in place: String? = nil) -> String {
        SQLTypeMapping.quoted(place ?? schema) + "." + SQLTypeMapping.quoted(table)
    }

    public func read(table: String, batchRows: Int, _ body: (Table) throws -> Void) throws {
        let connection = try connect()
        let available = try tableNames(connection, schema: schema)
        guard available.contains(table) else { throw ConnectorError.noSuchTable(table, available: available) }
        try connection.execute("BEGIN READ ONLY")
        defer { try? connection.execute("ROLLBACK") }
        try connection.execute("DECLARE synth_read NO SCROLL CURSOR FOR SELECT * FROM \(qualified(table))")
        var schema: [(name: String, type: DataType)]?
        var batch = TableBatchBuilder(schema: [])
        var sentAny = false
        while true {
            let rows = try connection.withResult("FETCH FORWARD \(max(batchRows, 1)) FROM synth_read") { result -> Int in
                let rowCount = Int(PQntuples(result)), columnCount = Int(PQnfields(result))
                if schema == nil {
                    schema = (0..<columnCount).map { column in
                        (name: String(cString: PQfname(result, Int32(column))), type: SQLTypeMapping.postgresType(oid: PQftype(result, Int32(column))))
                    }
                    batch = TableBatchBuilder(schema: schema!)
                }
                for row in 0..<rowCount {
                    for column in 0..<columnCount {
                        try Self.append(result, Int32(row), Int32(column), to: &batch.columns[column], table: table)
                    }
                }
                return rowCount
            }
            if rows == 0 { break }
            try body(try batch.finish())
            sentAny = true
        }
        if !sentAny { try body(try batch.finish()) }
    }

    private static func append(_ result: OpaquePointer, _ row: Int32, _ column: Int32, to builder: inout ColumnBatchBuilder, table: String) throws {
        if PQgetisnull(result, row, column) != 0 { builder.appendNull(); return }
        let pointer = PQgetvalue(result, row, column)!
        let length = Int(PQgetlength(result, row, column))
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length)
        // Every value is parsed from libpq's bytes in place: no String per cell (the hot path).
        func mismatch() -> ConnectorError {
            .failed("\(table).\(builder.name): cannot read '\(String(decoding: bytes, as: UTF8.self).prefix(40))' as \(builder.type.description)")
        }
        switch builder.type {
        case .string: builder.append(bytes: bytes)
        case .bool: builder.append(bool: length == 1 && bytes[0] == UInt8(ascii: "t"))
        case .int64:
            guard length > 0, let value = TextParsing.parseInt64(bytes.baseAddress!, length) else { throw mismatch() }
            builder.append(int: value)
        case .double:
            // The byte parser refuses numbers beyond a double's range (a `numeric` can hold
            // them); Swift's parser makes those ±infinity, as this reader always has.
            if length > 0, let value = TextParsing.parseDouble(bytes.baseAddress!, length) {
                builder.append(double: value)
            } else if let value = Double(String(decoding: bytes, as: UTF8.self)) {
                builder.append(double: value)
            } else {
                throw mismatch()
            }
        case .date:
            guard let days = TemporalText.days(bytes: bytes) else { throw mismatch() }
            builder.append(date: days)
        case .timestamp:
            guard let micros = TemporalText.microseconds(bytes: bytes) else { throw mismatch() }
            builder.append(int: micros)
        }
    }

    public func checkWritable(tables names: [String], place: String?, replace: Bool) throws(ConnectorError) {
        let connection = try connect()
        let target = place ?? schema
        let rows = try connection.rows("""
            SELECT has_database_privilege(current_database(), 'CREATE')::text,
                   (SELECT has_schema_privilege(oid, 'CREATE') FROM pg_namespace WHERE nspname = $1)::text
            """, [target])
        let schemaExists = rows.first?[1] != nil
        guard schemaExists ? rows.first?[1] == "true" : rows.first?[0] == "true" else {
            throw .failed(schemaExists ? "the user may not create tables in schema \(target)"
                                       : "there is no schema \(target), and the user may not create schemas")
        }
        let existing = Set(try tableNames(connection, schema: target))
        let clashes = names.filter(existing.contains)
        if !clashes.isEmpty, !replace { throw .destinationExists(clashes, place: "schema \(target)") }
    }

    public func write(_ tables: [DestinationTable], place: String?, replace: Bool, isCanceled: () -> Bool) throws(ConnectorError) {
        let connection = try connect()
        let target = place ?? schema
        try connection.execute("BEGIN")
        do throws(ConnectorError) {
            try connection.execute("CREATE SCHEMA IF NOT EXISTS \(SQLTypeMapping.quoted(target))")
            let existing = Set(try tableNames(connection, schema: target))
            let clashes = tables.map(\.name).filter(existing.contains)
            if !clashes.isEmpty, !replace { throw ConnectorError.destinationExists(clashes, place: "schema \(target)") }
            // Children first; no CASCADE: a view or key of another table that depends on a
            // replaced table stops the write (and the transaction leaves everything as it was).
            for table in tables.reversed() where existing.contains(table.name) {
                try connection.execute("DROP TABLE \(qualified(table.name, in: target))")
            }
            for destination in tables {
                var parts = destination.table.columns.map {
                    SQLTypeMapping.quoted($0.name) + " " + SQLTypeMapping.declaration($0.dataType, postgres: true)
                }
                if !destination.primaryKey.isEmpty {
                    parts.append("PRIMARY KEY (" + destination.primaryKey.map(SQLTypeMapping.quoted).joined(separator: ", ") + ")")
                }
                try connection.execute("CREATE TABLE \(qualified(destination.name, in: target)) (" + parts.joined(separator: ", ") + ")")
                var rows = PostgresCopyText.Rows(table: destination.table)
                try connection.copyIn("COPY \(qualified(destination.name, in: target)) FROM STDIN", isCanceled: isCanceled) { () throws(ConnectorError) in
                    rows.next(bytes: 1 << 20)
                }
            }
            // Keys between the written tables, once all rows are in.
            for destination in tables {
                for key in destination.foreignKeys {
                    try connection.execute("ALTER TABLE \(qualified(destination.name, in: target)) ADD FOREIGN KEY ("
                        + key.columns.map(SQLTypeMapping.quoted).joined(separator: ", ") + ") REFERENCES "
                        + qualified(key.referencedTable, in: target) + " (" + key.referencedColumns.map(SQLTypeMapping.quoted).joined(separator: ", ") + ")")
                }
            }
            if isCanceled() { throw .canceled }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
