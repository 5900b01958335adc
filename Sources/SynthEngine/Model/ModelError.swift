/// Why training, generation or model persistence failed.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The training was canceled by the caller; no model was produced.
    case canceled
    /// The encoded table has no sub-columns.
    case noSubColumns
    /// The training table has no rows.
    case noTrainingRows
    /// A sub-column's cardinality is not positive.
    case invalidCardinality(subColumn: String, cardinality: Int)
    /// A code is outside `0 ..< cardinality`.
    case codeOutOfRange(table: String, row: Int, subColumn: String, code: Int32, cardinality: Int)
    /// Training and validation tables (or a model and a table) disagree on the sub-columns.
    case subColumnsMismatch(String)
    /// A setting has a value the model cannot use.
    case invalidSetting(String)
    /// Generation was asked for something impossible (e.g. fixed values of the wrong length).
    case invalidGenerationRequest(String)
    /// Training produced non-finite numbers (e.g. a learning rate far too high).
    case diverged(epoch: Int, step: Int)
    /// A model file could not be read or written.
    case fileIO(path: String, reason: String)
    /// A model file is not a synth model, is damaged, or has an unsupported version.
    case badModelFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .canceled: return "training was canceled"
        case .noSubColumns: return "the encoded table has no sub-columns to model"
        case .noTrainingRows: return "the training table has no rows"
        case let .invalidCardinality(s, c): return "sub-column '\(s)' has cardinality \(c); it must be at least 1"
        case let .codeOutOfRange(t, r, s, code, c):
            return "\(t) row \(r): code \(code) of sub-column '\(s)' is outside 0..<\(c)"
        case let .subColumnsMismatch(m): return "sub-columns do not match: \(m)"
        case let .invalidSetting(m): return "invalid model setting: \(m)"
        case let .invalidGenerationRequest(m): return "invalid generation request: \(m)"
        case let .diverged(e, s): return "training diverged (non-finite loss) at epoch \(e), step \(s); try a lower learning rate"
        case let .fileIO(p, r): return "cannot access model file '\(p)': \(r)"
        case let .badModelFile(p, r): return "'\(p)' is not a valid synth model file: \(r)"
        }
    }
}
