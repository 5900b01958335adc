/// A CSV problem, located in the file: line and column are 1-based (column counts bytes).
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case cannotOpen(reason: String)
        case emptyFile
        case unterminatedQuote
        case wrongFieldCount(expected: Int, found: Int)
        case invalidUTF8
        /// The file is text in another encoding (`UTF-16`, `UTF-32`); synth reads UTF-8.
        case unsupportedEncoding(String)
        case invalidValue(column: String, type: DataType, text: String)
    }

    public var kind: Kind
    public var file: String
    public var line: Int
    public var column: Int

    public init(_ kind: Kind, file: String, line: Int = 0, column: Int = 0) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        switch kind {
        case let .cannotOpen(reason): return "\(place): cannot open: \(reason)"
        case .emptyFile: return "\(place): the file is empty (no header and no rows)"
        case .unterminatedQuote: return "\(place): unterminated quoted field (opened here, never closed)"
        case let .wrongFieldCount(expected, found):
            return "\(place): expected \(expected) fields, found \(found) (use skip_bad_rows=true to skip such rows)"
        case .invalidUTF8: return "\(place): invalid UTF-8 byte sequence (synth reads UTF-8 text)"
        case let .unsupportedEncoding(encoding):
            return "\(file) is \(encoding); synth reads UTF-8: convert it first "
                + "(e.g. iconv -f \(encoding) -t UTF-8 '\(file)' > converted.csv)"
        case let .invalidValue(column, type, text):
            return "\(place): value '\(text)' in column '\(column)' is not a valid \(type)"
        }
    }
}
