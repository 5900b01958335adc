/// What an argument holds: drives validation, help text and tab completion.
public enum ArgumentKind: Sendable, Hashable {
    /// An existing file to read; completion offers paths with these extensions (no dot).
    case inputFile(extensions: [String])
    /// A file to write; completion offers paths with these extensions.
    case outputFile(extensions: [String])
    /// A table in the session.
    case table
    /// A column of the table given by the argument named here.
    case column(of: String)
    /// One or more columns of the table given by the argument named here (a list, or the
    /// remaining positional arguments when the argument is variadic).
    case columns(of: String)
    /// A boolean expression over the columns of the table named here (`price > 300 and cut == "Ideal"`).
    case predicate(of: String)
    /// A job of the session (supplied by later modules).
    case job
    /// A table of the session, or a job (id or name): commands that read either, like `qa`.
    case tableOrJob
    /// One column written `TABLE.COLUMN` (`encode d.price as numeric_binned`).
    case tableColumn
    /// A trained model of the session (supplied by later modules).
    case model
    /// An encoding type name (supplied by the encodings module).
    case encodingType
    case integer
    case number
    case string
    case boolean
    /// A new name to bind.
    case newName
    /// The name of a command.
    case commandName
    /// One of a fixed set of words.
    case choice([String])
    /// Any value.
    case value

    /// How the kind reads in usage lines and help.
    public var placeholder: String {
        switch self {
        case .inputFile(let exts), .outputFile(let exts):
            exts.isEmpty ? "FILE" : "FILE." + exts.joined(separator: "|")
        case .table: "TABLE"
        case .column: "COLUMN"
        case .columns: "COLUMN…"
        case .predicate: "CONDITION"
        case .job: "JOB"
        case .tableOrJob: "TABLE|JOB"
        case .tableColumn: "TABLE.COLUMN"
        case .model: "MODEL"
        case .encodingType: "ENCODING"
        case .integer: "INT"
        case .number: "NUMBER"
        case .string: "TEXT"
        case .boolean: "true|false"
        case .newName: "NAME"
        case .commandName: "COMMAND"
        case .choice(let words): words.joined(separator: "|")
        case .value: "VALUE"
        }
    }
}
