@preconcurrency import CSQLite
import Foundation

/// A small connection to a SQLite database file for the SQLite connector (the job store's
/// own connection lives in SynthJobs, above this layer).
final class SQLiteFile {
    private(set) var handle: OpaquePointer?
    let path: String

    init(path: String, create: Bool) throws(ConnectorError) {
        self.path = path
        if !create, !FileManager.default.fileExists(atPath: path) {
            throw .unreachable("no SQLite database at \(path)")
        }
        var db: OpaquePointer?
        let flags = create ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READWRITE
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw .unreachable("cannot open the SQLite database \(path): \(message)")
        }
        handle = db
        sqlite3_busy_timeout(db, 10_000)
        // A file that is not a database fails here, with SQLite's own words.
        try execute("SELECT count(*) FROM sqlite_master")
    }

    deinit { sqlite3_close_v2(handle) }

    var message: String { String(cString: sqlite3_errmsg(handle)) }

    func execute(_ sql: String) throws(ConnectorError) {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let text = error.map { String(cString: $0) } ?? message
            sqlite3_free(error)
            throw .failed("SQLite \(path): \(text)")
        }
    }

    func prepare(_ sql: String) throws(ConnectorError) -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw .failed("SQLite \(path): \(message)")
        }
        return statement
    }

    /// Rows of a query as texts (nil for null).
    func rows(_ sql: String, _ parameters: [String] = []) throws(ConnectorError) -> [[String?]] {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, parameter) in parameters.enumerated() {
            sqlite3_bind_text(statement, Int32(index + 1), parameter, -1, transient)
        }
        var result: [[String?]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw .failed("SQLite \(path): \(message)") }
            result.append((0..<sqlite3_column_count(statement)).map { column in
                sqlite3_column_text(statement, column).map { String(cString: $0) }
            })
        }
        return result
    }
}
