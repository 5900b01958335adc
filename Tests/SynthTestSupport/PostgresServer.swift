import Foundation

/// A throwaway PostgreSQL server (`scripts/lib/pg-throwaway.sh`): its own temporary folder,
/// a random port on 127.0.0.1 (password needed) and a unix socket in the folder (trusted);
/// stopped and removed by `stop()` or when released. No mock: the real server.
public final class PostgresServer: @unchecked Sendable {
    public let directory: String
    public let port: Int
    /// The folder holding the unix socket.
    public let socket: String
    public let user: String
    public let password: String
    private var stopped = false

    static let script = Fixtures.packageRoot.appendingPathComponent("scripts/lib/pg-throwaway.sh").path

    public struct StartFailed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts a server (initdb + pg_ctl start; a few seconds).
    public init() throws {
        let result = try Subprocess.run("/bin/bash", [Self.script, "start"], timeout: 120)
        var fields: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard result.status == 0, let directory = fields["dir"], let port = fields["port"].flatMap(Int.init),
              let socket = fields["socket"], let user = fields["user"], let password = fields["password"] else {
            throw StartFailed(description: "pg-throwaway.sh start failed (\(result.status)): \(result.stderr)")
        }
        self.directory = directory
        self.port = port
        self.socket = socket
        self.user = user
        self.password = password
    }

    deinit { stop() }

    /// Stops the server and removes its folder.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? Subprocess.run("/bin/bash", [Self.script, "stop", directory], timeout: 60)
    }

    /// Runs SQL with psql over the socket (stops at the first error); returns its output.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let psql = Self.tool("psql")
        let result = try Subprocess.run(psql, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socket, "-p", String(port),
                                              "-U", user, "-d", database, "-f", "-"], input: sql, timeout: 120)
        guard result.status == 0 else { throw StartFailed(description: "psql failed: \(result.stderr)") }
        return result.stdout
    }

    /// A PostgreSQL client tool, from PATH or Debian's versioned folder.
    static func tool(_ name: String) -> String {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: >) {
            let path = "/usr/lib/postgresql/\(version)/bin/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return "/usr/bin/\(name)"
    }
}
