/// Writes a Parquet file chunk by chunk: each appended table becomes one or more row groups
/// written at once, so memory is bounded by the chunk, not the file. The file is written
/// through an `AtomicFileWriter`: it appears, complete, only on `commit()`; `discard()` (or
/// any error) leaves no file.
///
/// ```swift
/// let writer = try ParquetStreamWriter(path: "out.parquet", replace: true)
/// for chunk in chunks { try writer.append(chunk) }   // every chunk with the same columns
/// try writer.commit()
/// ```
public final class ParquetStreamWriter {
    private let file: AtomicFileWriter
    private let options: ParquetWriteOptions
    private var metadata: FileMetadata?
    private var columns: [(name: String, type: DataType)] = []
    private var bytesWritten = 0
    private var rows = 0

    /// Opens the temporary file for `path` (an existing file is replaced on commit only when
    /// `replace` is true, checked now). Throws `FileWriteError` or `ParquetError`.
    public init(path: String, options: ParquetWriteOptions = .init(), replace: Bool = false) throws {
        try ParquetWriter.check(options, columnCount: 0)
        self.options = options
        file = try AtomicFileWriter(destination: path, replace: replace)
        do { try write(ParquetWriter.magic) } catch {
            file.discard()
            throw error
        }
    }

    /// Rows appended so far.
    public var rowCount: Int { rows }

    /// Appends `table`'s rows. The first table fixes the file's columns (an empty table fixes
    /// them without rows); every later one must have the same names and types.
    public func append(_ table: Table) throws {
        guard !file.isFinished else { throw ParquetError.invalidWrite("the file was already committed or discarded") }
        let shape = table.columns.map { (name: $0.name, type: $0.dataType) }
        let plans = try table.columns.map(ColumnPlan.init)
        if metadata == nil {
            try ParquetWriter.check(options, columnCount: table.columnCount)
            metadata = ParquetWriter.fileMetadata(columns: table.columns, plans: plans, options: options)
            columns = shape
        } else if !shape.elementsEqual(columns, by: { $0.name == $1.name && $0.type == $1.type }) {
            throw ParquetError.invalidWrite("a chunk's columns (\(shape.map(\.name).joined(separator: ", "))) differ from the file's "
                + "(\(columns.map(\.name).joined(separator: ", ")))")
        }
        var output: [UInt8] = []
        let groups = try ParquetWriter.encodeRowGroups(plans, rowCount: table.rowCount, options: options,
                                                       fileOffset: bytesWritten, into: &output)
        try write(output)
        metadata?.rowGroups.append(contentsOf: groups)
        rows += table.rowCount
    }

    /// Writes the footer and moves the file into place. At least one table (possibly empty)
    /// must have been appended, so the file has columns.
    public func commit() throws {
        guard !file.isFinished else { throw ParquetError.invalidWrite("the file was already committed or discarded") }
        guard var metadata else {
            discard()
            throw ParquetError.invalidWrite("no table was appended, so the file has no columns")
        }
        metadata.numRows = Int64(rows)
        try file.commit { try file.write(ParquetWriter.footer(metadata)) }
    }

    /// Removes the unfinished file.
    public func discard() {
        file.discard()
    }

    private func write(_ bytes: [UInt8]) throws {
        try file.write(bytes)
        bytesWritten += bytes.count
    }
}
