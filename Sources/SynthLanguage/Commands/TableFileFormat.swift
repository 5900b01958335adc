import SynthData

/// File formats `load` reads and `export` writes, chosen by the file extension. A new
/// format plugs in here: one case, its extensions, and a branch in `read`/`write`.
enum TableFileFormat: CaseIterable {
    case csv
    case parquet

    var extensions: [String] {
        switch self {
        case .csv: ["csv", "tsv", "txt"]
        case .parquet: ["parquet", "pq"]
        }
    }

    static var allExtensions: [String] { allCases.flatMap(\.extensions) }

    init?(path: String) {
        let ext = FileExtension.of(path)
        guard let format = TableFileFormat.allCases.first(where: { $0.extensions.contains(ext) }) else { return nil }
        self = format
    }

    struct ReadResult {
        var table: Table
        var notes: [String]
    }

    /// Reads the file, reporting to `monitor` and stopping when it says so: a CSV read per
    /// chunk; a Parquet read per 4 MiB read (the first half of the bar) and per column chunk
    /// decoded (the second half);
    /// `columns`, when given, keeps only those columns (Parquet reads only them).
    func read(path: String, csvOptions: CSVReadOptions, columns: [String]?, monitor: ReadMonitor = .none) throws -> ReadResult {
        switch self {
        case .csv:
            let result = try CSVReader.read(path: path, options: csvOptions, monitor: monitor)
            var notes: [String] = []
            if result.skippedRows > 0 { notes.append("skipped \(result.skippedRows) malformed rows") }
            if result.headerLooksLikeData {
                notes.append("the first row, taken as column names, looks like data: use header=false if the file has no header")
            }
            let table = try columns.map { try result.table.selecting($0) } ?? result.table
            return ReadResult(table: table, notes: notes)
        case .parquet:
            let reading = ReadMonitor(progress: { done, total in monitor.progress(done, 2 * total) },
                                      isCancelled: monitor.isCancelled)
            let decoding = ReadMonitor(progress: { done, total in monitor.progress(total + done, 2 * total) },
                                       isCancelled: monitor.isCancelled)
            let reader = try ParquetReader(path: path, monitor: reading)
            return ReadResult(table: try reader.readTable(columns: columns, monitor: decoding), notes: [])
        }
    }

    /// Writer settings a command may pass.
    struct WriteSettings {
        var delimiter: UInt8?
        var compression: ParquetCompression?
    }

    /// Writes `table` atomically; an existing file is replaced only when `replace` is true.
    func write(_ table: Table, to path: String, settings: WriteSettings, replace: Bool) throws {
        switch self {
        case .csv:
            var options = CSVWriteOptions()
            if let delimiter = settings.delimiter {
                options.delimiter = delimiter
            } else if FileExtension.of(path) == "tsv" {
                options.delimiter = UInt8(ascii: "\t")
            }
            try CSVWriter.write(table, to: path, options: options, replace: replace)
        case .parquet:
            var options = ParquetWriteOptions()
            if let compression = settings.compression { options.compression = compression }
            try ParquetWriter.write(table, to: path, options: options, replace: replace)
        }
    }

    /// Compression names `export … compression=` accepts for Parquet.
    static let compressionNames: [String: ParquetCompression] = [
        "snappy": .snappy, "zstd": .zstd, "gzip": .gzip, "none": .uncompressed,
    ]
}
