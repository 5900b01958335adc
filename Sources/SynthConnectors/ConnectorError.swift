/// Why a connector could not do what was asked. Messages name hosts, users, tables and
/// credential references, never a secret.
public enum ConnectorError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidOption(String)
    case credentialUnavailable(String)
    case unreachable(String)
    case authenticationFailed(String)
    case noSuchTable(String, available: [String])
    case destinationExists([String], place: String)
    case unsupportedType(table: String, column: String, type: String)
    case canceled
    case failed(String)

    public var description: String {
        switch self {
        case .invalidOption(let message), .credentialUnavailable(let message), .unreachable(let message),
             .authenticationFailed(let message), .failed(let message):
            return message
        case let .noSuchTable(name, available):
            return "no such table '\(name)'" + (available.isEmpty ? " (the connector has no tables)" : "; tables: " + available.prefix(20).joined(separator: ", "))
        case let .destinationExists(names, place):
            return "\(place) already has \(names.count == 1 ? "a table" : "tables") \(names.joined(separator: ", ")): add replace=true to replace \(names.count == 1 ? "it" : "them")"
        case let .unsupportedType(table, column, type):
            return "column \(column) of \(table) has type \(type), which synth cannot read"
        case .canceled:
            return "canceled: the destination was left as it was"
        }
    }
}
