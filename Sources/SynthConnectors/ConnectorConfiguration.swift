import Foundation

/// A named connector as stored: its kind and options. Secret options hold only a
/// `CredentialReference` (`env:VAR` or `file:PATH`), never the secret itself.
public struct ConnectorConfiguration: Sendable, Hashable, Codable {
    public var name: String
    public var kind: String
    public var options: [String: String]

    /// Checks the options against the kind: known names, required ones present, secrets
    /// given as references. A plain-text secret is refused (its value is never echoed).
    public init(name: String, kind: String, options: [String: String]) throws(ConnectorError) {
        guard let type = ConnectorKinds.type(named: kind) else {
            throw .invalidOption("unknown connector kind '\(kind)': one of \(ConnectorKinds.names.joined(separator: ", "))")
        }
        for key in options.keys.sorted() where !type.options.contains(where: { $0.name == key }) {
            throw .invalidOption("a \(kind) connector has no option '\(key)': its options are \(type.options.map(\.name).joined(separator: ", "))")
        }
        for option in type.options {
            guard let value = options[option.name] else {
                if option.isRequired { throw .invalidOption("a \(kind) connector needs \(option.name)=… (\(option.help))") }
                continue
            }
            if option.isSecret, CredentialReference(value) == nil {
                throw .invalidOption("\(option.name) must be a reference, never the secret itself: \(option.name)=env:VARIABLE or \(option.name)=file:PATH")
            }
        }
        self.name = name
        self.kind = kind
        self.options = options
    }

    /// The options as `connector show` prints them: secrets show only their reference.
    public var shownOptions: [(name: String, value: String)] {
        options.keys.sorted().map { ($0, options[$0] ?? "") }
    }

    /// The JSON stored in the job store.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(options)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A stored connector read back.
    public static func stored(name: String, kind: String, optionsJSON: String) throws(ConnectorError) -> ConnectorConfiguration {
        guard let options = try? JSONDecoder().decode([String: String].self, from: Data(optionsJSON.utf8)) else {
            throw .invalidOption("the stored options of connector '\(name)' are unreadable")
        }
        return try ConnectorConfiguration(name: name, kind: kind, options: options)
    }

    /// A required option's value.
    func required(_ key: String) throws(ConnectorError) -> String {
        guard let value = options[key], !value.isEmpty else { throw .invalidOption("connector '\(name)' needs \(key)=…") }
        return value
    }
}
