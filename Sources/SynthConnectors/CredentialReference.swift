import Foundation

/// Where a secret comes from: an environment variable (`env:PGPASSWORD`), a file
/// (`file:/run/secrets/pg`, its first line), or a value typed at the REPL's no-echo prompt
/// (`session`, held in memory for the session only). Only the reference is ever stored or
/// printed; the secret is read when a connection is opened.
public enum CredentialReference: Sendable, Hashable {
    case environment(String)
    case file(String)
    /// Typed at the REPL prompt; the secret lives in `SessionSecrets` only.
    case session

    /// Parses `env:VAR`, `file:PATH` or `prompt`; `nil` for anything else (a plain secret).
    public init?(_ text: String) {
        if text.hasPrefix("env:"), text.count > 4 {
            self = .environment(String(text.dropFirst(4)))
        } else if text.hasPrefix("file:"), text.count > 5 {
            self = .file(String(text.dropFirst(5)))
        } else if text == "prompt" {
            self = .session
        } else {
            return nil
        }
    }

    /// The reference as written.
    public var text: String {
        switch self {
        case .environment(let name): "env:" + name
        case .file(let path): "file:" + path
        case .session: "prompt"
        }
    }

    /// The secret; the error names the reference, never a value.
    public func resolve(connector: String) throws(ConnectorError) -> String {
        switch self {
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name] else {
                throw .credentialUnavailable("connector '\(connector)': environment variable \(name) is not set")
            }
            return value
        case .file(let path):
            let expanded = (path as NSString).expandingTildeInPath
            guard let data = FileManager.default.contents(atPath: expanded), data.count <= 65_536 else {
                throw .credentialUnavailable("connector '\(connector)': cannot read the credential file \(path)")
            }
            let text = String(decoding: data, as: UTF8.self)
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        case .session:
            guard let value = SessionSecrets.shared.secret(for: connector) else {
                throw .credentialUnavailable("connector '\(connector)': its password was typed in another session; type it again with `connector password \(connector)`")
            }
            return value
        }
    }
}

/// Secrets typed at the REPL's no-echo prompt, per connector, kept in this process's memory
/// only (never in the store, a saved session or a bundle).
public final class SessionSecrets: @unchecked Sendable {
    public static let shared = SessionSecrets()
    private var secrets: [String: String] = [:]
    private let lock = NSLock()

    public func set(_ secret: String, for connector: String) {
        lock.lock(); defer { lock.unlock() }
        secrets[connector] = secret
    }

    public func secret(for connector: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        return secrets[connector]
    }

    public func remove(_ connector: String) {
        lock.lock(); defer { lock.unlock() }
        secrets[connector] = nil
    }
}
