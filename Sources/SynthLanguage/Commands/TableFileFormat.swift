import SynthData

/// File formats `load` reads and `export` writes, chosen by the file extension. A new
/// format plugs in here: one case, its extensions, and a branch in `read`/`write`.
enum TableFileFormat: CaseIterable {
    case csv
    case parquet

    var extensions: [String] {
        switch self {
        case .csv: ["csv", "tsv", "txt"]
        case .parquet: ["parquet"]
        }
    }

    static var allExtensions: [String] { allCases.flatMap(\.extensions) }

    init?(path: String) {
        let ext = FileExtension.of(path)
        guard let format = TableFileFormat.allCases.first(where: { $0.extensions.contains(ext) }) else { return nil }
        self = format
    }

    /// Whether this build can read and write the format.
    var isAvailable: Bool {
        switch self {
        case .csv: true
        case .parquet: false
        }
    }

    struct ReadResult {
        var table: Table
        var notes: [String]
    }

    func read(path: String, csvOptions: CSVReadOptions) throws -> ReadResult {
        switch self {
        case .csv:
            let result = try CSVReader.read(path: path, options: csvOptions)
            var notes: [String] = []
            if result.skippedRows > 0 { notes.append("skipped \(result.skippedRows) malformed rows") }
            return ReadResult(table: result.table, notes: notes)
        case .parquet:
            throw LanguageError("reading Parquet files is not available in this build yet")
        }
    }

    func write(_ table: Table, to path: String, delimiter: UInt8?) throws {
        switch self {
        case .csv:
            var options = CSVWriteOptions()
            if let delimiter { options.delimiter = delimiter } else if FileExtension.of(path) == "tsv" { options.delimiter = 9 }
            try CSVWriter.write(table, to: path, options: options)
        case .parquet:
            throw LanguageError("writing Parquet files is not available in this build yet")
        }
    }
}
