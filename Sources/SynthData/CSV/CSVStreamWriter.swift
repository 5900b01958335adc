/// Writes a CSV file chunk by chunk (the same text `CSVWriter` writes for the whole table),
/// so memory is bounded by the chunk, not the file. The file is written through an
/// `AtomicFileWriter`: it appears, complete, only on `commit()`; `discard()` (or any error)
/// leaves no file.
public final class CSVStreamWriter {
    private let file: AtomicFileWriter
    private let options: CSVWriteOptions
    private var sink: ByteSink
    private var columns: [String]?

    /// Opens the temporary file for `path` (an existing file is replaced on commit only when
    /// `replace` is true, checked now). Throws `FileWriteError`.
    public init(path: String, options: CSVWriteOptions = .init(), replace: Bool = false) throws {
        self.options = options
        file = try AtomicFileWriter(destination: path, replace: replace)
        sink = ByteSink(file: file)
    }

    /// Appends `table`'s rows. The first table writes the header (an empty table writes only
    /// the header); every later one must have the same column names.
    public func append(_ table: Table) throws {
        guard !file.isFinished else { throw FileWriteError(.failed(reason: "the file was already finished"), path: file.destination) }
        do {
            if let columns {
                guard table.columnNames == columns else {
                    throw FileWriteError(.failed(reason: "a chunk's columns (\(table.columnNames.joined(separator: ", "))) differ from the file's (\(columns.joined(separator: ", ")))"),
                                         path: file.destination)
                }
            } else {
                columns = table.columnNames
                if options.includeHeader { CSVWriter.encodeHeader(table, options: options, into: &sink) }
            }
            try CSVWriter.encodeRows(table, options: options, into: &sink)
        } catch {
            discard()
            throw error
        }
    }

    /// Writes what is buffered and moves the file into place.
    public func commit() throws {
        guard !file.isFinished else { throw FileWriteError(.failed(reason: "the file was already finished"), path: file.destination) }
        try file.commit { try sink.flush() }
    }

    /// Removes the unfinished file.
    public func discard() {
        file.discard()
    }
}
