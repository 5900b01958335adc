@preconcurrency import CSQLite
import Foundation
import SynthData

/// A SQLite database file: reads its tables by stepping a statement, writes tables in one
/// transaction (created when the file does not exist).
public struct SQLiteConnector: Connector {
    public static let kind = "sqlite"
    public static let options = [ConnectorOption("path", required: true, help: "the database file")]

    let name: String
    let path: String

    public init(configuration: ConnectorConfiguration) throws(ConnectorError) {
        name = configuration.name
        path = (try configuration.required("path") as NSString).expandingTildeInPath
    }

    public func check() throws(ConnectorError) -> ConnectorCheck {
        let file = try SQLiteFile(path: path, create: false)
        let count = try userTables(file).count
        let writable = access(path, W_OK) == 0 && access((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, W_OK) == 0
        return ConnectorCheck(reached: "SQLite \(String(cString: sqlite3_libversion())) database \(path)", readableTables: count,
                              canWrite: writable, writeNote: writable ? nil : "the file or its folder is not writable")
    }

    func userTables(_ file: SQLiteFile) throws(ConnectorError) -> [String] {
        try file.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").compactMap { $0[0] }
    }

    public func tables() throws(ConnectorError) -> [SourceTableInfo] {
        let file = try SQLiteFile(path: path, create: false)
        var result: [SourceTableInfo] = []
        for table in try userTables(file) {
            let quoted = SQLTypeMapping.quoted(table)
            let count = Int(try file.rows("SELECT count(*) FROM \(quoted)").first?[0] ?? "0") ?? 0
            let info = try file.rows("SELECT name, pk FROM pragma_table_info(?) ORDER BY pk", [table])
            let primaryKey = info.filter { (Int($0[1] ?? "0") ?? 0) > 0 }.compactMap { $0[0] }
            var keys: [Int: ForeignKeyInfo] = [:]
            for row in try file.rows("SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq", [table]) {
                let id = Int(row[0] ?? "0") ?? 0
                var key = keys[id] ?? ForeignKeyInfo(columns: [], referencedTable: row[1] ?? "", referencedColumns: [])
                key.columns.append(row[2] ?? "")
                if let to = row[3] { key.referencedColumns.append(to) }
                keys[id] = key
            }
            // A key that names no columns refers to the parent's primary key.
            var foreignKeys: [ForeignKeyInfo] = []
            for id in keys.keys.sorted() {
                var key = keys[id]!
                if key.referencedColumns.isEmpty {
                    key.referencedColumns = try file.rows("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", [key.referencedTable]).compactMap { $0[0] }
                }
                foreignKeys.append(key)
            }
            result.append(SourceTableInfo(name: table, rowCount: count, primaryKey: primaryKey, foreignKeys: foreignKeys))
        }
        return result
    }

    public func read(table: String, batchRows: Int, _ body: (Table) throws -> Void) throws {
        let file = try SQLiteFile(path: path, create: false)
        let available = try userTables(file)
        guard available.contains(table) else { throw ConnectorError.noSuchTable(table, available: available) }
        let info = try file.rows("SELECT name, type FROM pragma_table_info(?) ORDER BY cid", [table])
        let schema = info.map { (name: $0[0] ?? "", type: SQLTypeMapping.sqliteType(declared: $0[1] ?? "")) }
        let columns = schema.map { SQLTypeMapping.quoted($0.name) }.joined(separator: ", ")
        let statement = try file.prepare("SELECT \(columns) FROM \(SQLTypeMapping.quoted(table))")
        defer { sqlite3_finalize(statement) }
        var batch = TableBatchBuilder(schema: schema)
        var row = 0
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw ConnectorError.failed("SQLite \(path): \(file.message)") }
            row += 1
            for index in schema.indices {
                try append(statement, Int32(index), to: &batch.columns[index], table: table, row: row)
            }
            if batch.rowCount >= batchRows { try body(try batch.finish()) }
        }
        if batch.rowCount > 0 || row == 0 { try body(try batch.finish()) }
    }

    /// One value of a result row into its column, converted to the column's declared type;
    /// a value that does not fit that type is an error naming table, column and row.
    private func append(_ statement: OpaquePointer, _ column: Int32, to builder: inout ColumnBatchBuilder, table: String, row: Int) throws {
        let storage = sqlite3_column_type(statement, column)
        if storage == SQLITE_NULL { builder.appendNull(); return }
        func text() -> String { sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "" }
        func mismatch() -> ConnectorError {
            .failed("\(table).\(builder.name), row \(row): '\(text().prefix(40))' is not a \(builder.type.description) value (the column's declared type)")
        }
        switch builder.type {
        case .int64:
            if storage == SQLITE_INTEGER { builder.append(int: sqlite3_column_int64(statement, column)) }
            else if let value = Int64(text()) { builder.append(int: value) }
            else { throw mismatch() }
        case .double:
            if storage == SQLITE_INTEGER || storage == SQLITE_FLOAT { builder.append(double: sqlite3_column_double(statement, column)) }
            else if let value = Double(text()) { builder.append(double: value) }
            else { throw mismatch() }
        case .bool:
            if storage == SQLITE_INTEGER { builder.append(bool: sqlite3_column_int64(statement, column) != 0) }
            else {
                switch text().lowercased() {
                case "true", "t", "1": builder.append(bool: true)
                case "false", "f", "0": builder.append(bool: false)
                default: throw mismatch()
                }
            }
        case .date:
            guard let days = TemporalText.days(Substring(text())) else { throw mismatch() }
            builder.append(date: days)
        case .timestamp:
            guard let micros = TemporalText.microseconds(text()) else { throw mismatch() }
            builder.append(int: micros)
        case .string:
            if storage == SQLITE_TEXT, let bytes = sqlite3_column_text(statement, column) {
                let count = Int(sqlite3_column_bytes(statement, column))
                bytes.withMemoryRebound(to: UInt8.self, capacity: count) { builder.append(bytes: UnsafeBufferPointer(start: $0, count: count)) }
            } else {
                builder.append(string: text())
            }
        }
    }

    public func write(_ tables: [DestinationTable], place: String?, replace: Bool, isCanceled: () -> Bool) throws(ConnectorError) {
        let file = try SQLiteFile(path: path, create: true)
        try file.execute("PRAGMA foreign_keys = ON")
        try file.execute("BEGIN IMMEDIATE")
        do throws(ConnectorError) {
            let existing = Set(try userTables(file))
            let clashes = tables.map(\.name).filter(existing.contains)
            if !clashes.isEmpty, !replace { throw ConnectorError.destinationExists(clashes, place: path) }
            // Children first when dropping, parents first when creating.
            for table in tables.reversed() where existing.contains(table.name) {
                try file.execute("DROP TABLE \(SQLTypeMapping.quoted(table.name))")
            }
            for table in tables {
                try create(table, in: file)
                try insert(table, into: file, isCanceled: isCanceled)
            }
            try file.execute("COMMIT")
        } catch {
            try? file.execute("ROLLBACK")
            throw error
        }
    }

    public func checkWritable(tables names: [String], place: String?, replace: Bool) throws(ConnectorError) {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreachable("cannot create the database \(path): there is no folder \(folder)")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw .failed("cannot write the database \(path): its folder is not writable (\(String(cString: strerror(errno))))")
        }
        guard FileManager.default.fileExists(atPath: path) else { return }  // `write` creates it
        guard access(path, R_OK | W_OK) == 0 else {
            throw .failed("cannot write the database \(path): \(String(cString: strerror(errno)))")
        }
        let existing = Set(try userTables(try SQLiteFile(path: path, create: false)))
        let clashes = names.filter(existing.contains)
        if !clashes.isEmpty, !replace { throw .destinationExists(clashes, place: path) }
    }

    private func create(_ destination: DestinationTable, in file: SQLiteFile) throws(ConnectorError) {
        var parts = destination.table.columns.map { SQLTypeMapping.quoted($0.name) + " " + SQLTypeMapping.declaration($0.dataType, postgres: false) }
        if !destination.primaryKey.isEmpty {
            parts.append("PRIMARY KEY (" + destination.primaryKey.map(SQLTypeMapping.quoted).joined(separator: ", ") + ")")
        }
        for key in destination.foreignKeys {
            parts.append("FOREIGN KEY (" + key.columns.map(SQLTypeMapping.quoted).joined(separator: ", ") + ") REFERENCES "
                         + SQLTypeMapping.quoted(key.referencedTable) + " (" + key.referencedColumns.map(SQLTypeMapping.quoted).joined(separator: ", ") + ")")
        }
        try file.execute("CREATE TABLE \(SQLTypeMapping.quoted(destination.name)) (" + parts.joined(separator: ", ") + ")")
    }

    private func insert(_ destination: DestinationTable, into file: SQLiteFile, isCanceled: () -> Bool) throws(ConnectorError) {
        let table = destination.table
        let marks = Array(repeating: "?", count: table.columnCount).joined(separator: ", ")
        let statement = try file.prepare("INSERT INTO \(SQLTypeMapping.quoted(destination.name)) VALUES (\(marks))")
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for row in 0..<table.rowCount {
            if row % 4096 == 0, isCanceled() { throw .canceled }
            sqlite3_reset(statement)
            for (offset, column) in table.columns.enumerated() {
                let index = Int32(offset + 1)
                if column.isNull(row) { sqlite3_bind_null(statement, index); continue }
                switch column.values {
                case .int64(let v): sqlite3_bind_int64(statement, index, v[row])
                case .double(let v): sqlite3_bind_double(statement, index, v[row])
                case .bool(let v): sqlite3_bind_int64(statement, index, v[row] ? 1 : 0)
                case .string(let v):
                    v.withBytes(at: row) { bytes in
                        if let base = bytes.baseAddress, !bytes.isEmpty {
                            _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                                sqlite3_bind_text(statement, index, $0, Int32(bytes.count), transient)
                            }
                        } else {
                            _ = sqlite3_bind_text(statement, index, "", 0, transient)
                        }
                    }
                case .date(let v): sqlite3_bind_text(statement, index, CivilDate.format(days: v[row]), -1, transient)
                case let .timestamp(v, unit, zone):
                    sqlite3_bind_text(statement, index, TemporalText.text(ticks: v[row], unit: unit, zoned: zone != nil), -1, transient)
                }
            }
            guard sqlite3_step(statement) == SQLITE_DONE else { throw .failed("SQLite \(path): \(file.message)") }
        }
    }
}
