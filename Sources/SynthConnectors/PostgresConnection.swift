@preconcurrency import CPostgres
import Foundation

/// One libpq connection (text protocol) with errors that say what went wrong without ever
/// showing the password.
final class PostgresConnection {
    private let connection: OpaquePointer
    private let password: String?
    let endpoint: String

    /// Connects; `host` is a name, an address, or a folder holding the server's unix socket.
    init(host: String, port: String, database: String, user: String?, password: String?, connectTimeout: Int = 10) throws(ConnectorError) {
        endpoint = host.hasPrefix("/") ? "socket \(host)/.s.PGSQL.\(port)" : "\(host):\(port)"
        self.password = password
        var pairs: [(String, String)] = [("host", host), ("port", port), ("dbname", database),
                                         ("connect_timeout", String(connectTimeout)), ("application_name", "synth"),
                                         ("client_encoding", "UTF8")]
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password)) }
        let keywords = pairs.map { strdup($0.0) }, values = pairs.map { strdup($0.1) }
        defer { (keywords + values).forEach { free($0) } }
        var keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        var valuePointers = values.map { UnsafePointer($0) } + [nil]
        guard let connection = PQconnectdbParams(&keywordPointers, &valuePointers, 0) else {
            throw .failed("PostgreSQL: out of memory while connecting")
        }
        // Assigned only once connected: a throwing init with every property set would run
        // deinit, finishing the connection a second time.
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.redacted(String(cString: PQerrorMessage(connection)), password)
            PQfinish(connection)
            let who = user.map { "user \($0)" } ?? "the current user"
            let lower = message.lowercased()
            if lower.contains("password authentication failed") || lower.contains("authentication failed")
                || lower.contains("no password supplied") || lower.contains("no pg_hba.conf entry") {
                throw .authenticationFailed("authentication failed for \(who) on PostgreSQL at \(endpoint) (check the password reference and the user)")
            }
            if lower.contains("database") && lower.contains("does not exist") {
                throw .unreachable("PostgreSQL at \(endpoint) has no database \(database)")
            }
            if lower.contains("role") && lower.contains("does not exist") {
                throw .authenticationFailed("authentication failed on PostgreSQL at \(endpoint): \(who) does not exist")
            }
            throw .unreachable("cannot reach PostgreSQL at \(endpoint): " + Self.firstLine(message))
        }
        self.connection = connection
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        try execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3")
    }

    deinit { PQfinish(connection) }

    var serverVersion: String {
        let version = Int(PQserverVersion(connection))
        return "\(version / 10000).\(version % 10000)"
    }

    static func firstLine(_ text: String) -> String {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    static func redacted(_ text: String, _ password: String?) -> String {
        guard let password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }

    private var lastError: String { Self.firstLine(Self.redacted(String(cString: PQerrorMessage(connection)), password)) }

    /// Runs statements that return no rows.
    func execute(_ sql: String) throws(ConnectorError) {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw .failed("PostgreSQL at \(endpoint): \(lastError)") }
    }

    /// A query's rows as texts (`nil` for null), with `$1…` parameters.
    func rows(_ sql: String, _ parameters: [String] = []) throws(ConnectorError) -> [[String?]] {
        try withResult(sql, parameters) { result in
            let rowCount = Int(PQntuples(result)), columnCount = Int(PQnfields(result))
            return (0..<rowCount).map { row in
                (0..<columnCount).map { column in
                    PQgetisnull(result, Int32(row), Int32(column)) != 0 ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
                }
            }
        }
    }

    /// Runs a query and hands its result to `body`.
    func withResult<T>(_ sql: String, _ parameters: [String] = [], _ body: (OpaquePointer) throws -> T) throws(ConnectorError) -> T {
        let copies = parameters.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers = copies.map { UnsafePointer($0) }
        guard let result = PQexecParams(connection, sql, Int32(parameters.count), nil, &pointers, nil, nil, 0) else {
            throw .failed("PostgreSQL at \(endpoint): \(lastError)")
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK || PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw .failed("PostgreSQL at \(endpoint): \(lastError)")
        }
        do { return try body(result) } catch let error as ConnectorError { throw error } catch {
            throw .failed(String(describing: error))
        }
    }

    /// `COPY … FROM STDIN`: sends the text chunks `produce` yields (nil: done) in one copy;
    /// a cancel ends the copy with an error so nothing of it stays.
    func copyIn(_ sql: String, isCanceled: () -> Bool, produce: () throws(ConnectorError) -> [UInt8]?) throws(ConnectorError) {
        let start = PQexec(connection, sql)
        let status = PQresultStatus(start)
        PQclear(start)
        guard status == PGRES_COPY_IN else { throw .failed("PostgreSQL at \(endpoint): \(lastError)") }
        var failure: ConnectorError?
        do throws(ConnectorError) {
            while let chunk = try produce() {
                if isCanceled() { throw .canceled }
                let sent = chunk.withUnsafeBufferPointer { buffer in
                    buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { PQputCopyData(connection, $0, Int32(buffer.count)) }
                }
                guard sent == 1 else { throw .failed("PostgreSQL at \(endpoint): \(lastError)") }
            }
        } catch {
            failure = error
        }
        _ = PQputCopyEnd(connection, failure == nil ? nil : "canceled by synth")
        var serverError: String?
        while let result = PQgetResult(connection) {
            if PQresultStatus(result) != PGRES_COMMAND_OK { serverError = lastError }
            PQclear(result)
        }
        if let failure { throw failure }
        if let serverError { throw .failed("PostgreSQL at \(endpoint): \(serverError)") }
    }
}
