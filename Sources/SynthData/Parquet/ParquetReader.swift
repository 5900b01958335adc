import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads flat Parquet files into synth tables.
///
/// The file is read into memory once (one `read`); the footer is parsed on `init`, column
/// chunks on demand, the selected columns decoded in parallel (one task per column).
/// Every offset and size is bounds-checked, so a corrupt file gives a `ParquetError`, never a crash.
///
/// Type mapping:
/// - INT8/16/32/64 and UINT8/16/32 → `.int64`; UINT64 → `.int64`, or `.double` for the whole
///   column when a value exceeds `Int64.max`.
/// - FLOAT, DOUBLE and DECIMAL (INT32, INT64, BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY) → `.double`.
/// - STRING / UTF8 / ENUM / JSON → `.string` (invalid UTF-8 is a `ParquetError.corrupt`);
///   un-annotated BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY → `.string`, kept as text when every value
///   is valid UTF-8, otherwise the whole column as lowercase hex.
/// - DATE → `.date`; TIME → `.int64` ticks of its unit (ms, us or ns since midnight).
/// - TIMESTAMP → `.timestamp(unit:timeZone:)`: the zone from `ARROW:schema` when present, else
///   `"UTC"` for UTC-adjusted values and `nil` for local ones. INT96 → nanosecond timestamps.
///   Millisecond values that `ARROW:schema` records as seconds come back as seconds.
/// - BOOLEAN → `.bool`.
/// Nested (group) and repeated columns cannot be read: asking for one throws
/// `ParquetError.unsupported` naming it; other columns remain readable by projection.
public final class ParquetReader: Sendable {
    /// The file path (or a label for in-memory data).
    public let path: String
    /// The top-level columns.
    public let schema: ParquetSchema
    /// Total number of rows.
    public let rowCount: Int
    /// Rows in each row group.
    public let rowGroupRowCounts: [Int]
    /// The writer that made the file (`created_by`), if recorded.
    public let createdBy: String?

    /// The whole file, or (opened with `init(streamingFrom:)`) nothing: then each row group's
    /// byte range is read from `streamedFile` when it is decoded.
    private let bytes: [UInt8]
    /// The path and size of a file read one row group at a time.
    private let streamedFile: (path: String, size: Int)?
    private let metadata: FileMetadata
    private let fields: [TopLevelField]
    /// Source text layouts of timestamp columns, by column name (`TimestampLayoutMetadata`).
    private let timestampLayouts: [String: TimestampTextLayout]

    /// Number of row groups (units of streaming reads).
    public var rowGroupCount: Int { rowGroupRowCounts.count }

    /// Opens and parses the footer of the Parquet file at `path`.
    /// `monitor` sees the bytes read after each 4 MiB and stops the read when it says so.
    public convenience init(path: String, monitor: ReadMonitor = .none) throws {
        try self.init(bytes: try ParquetFile.readAll(path, monitor: monitor), label: path)
    }

    /// Opens the Parquet file at `path` reading only its footer: each row group is read from
    /// the file when decoded (`readRowGroup`, `forEachRowGroup`), so memory holds one row
    /// group's bytes at a time whatever the file's size (for files larger than memory).
    public convenience init(streamingFrom path: String) throws {
        let (fd, size) = try ReadableFile.openForReading(path)
        defer { close(fd) }
        guard size >= 12 else {
            throw ParquetError.notParquet(path: path, reason: "only \(size) bytes (a Parquet file has at least 12)")
        }
        let head = try ParquetFile.readRange(fd, path: path, offset: 0, count: 4)
        let end = try ParquetFile.readRange(fd, path: path, offset: size - 8, count: 8)
        let footerLength = try Self.footerLength(head: head, end: end, fileSize: size, label: path)
        let footer = try ParquetFile.readRange(fd, path: path, offset: size - 8 - footerLength, count: footerLength)
        try self.init(footer: footer, label: path, bytes: [], streamedFile: (path, size))
    }

    /// Parses Parquet data held in memory; `label` names it in errors.
    public convenience init(bytes: [UInt8], label: String = "<memory>") throws {
        guard bytes.count >= 12 else {
            throw ParquetError.notParquet(path: label, reason: "only \(bytes.count) bytes (a Parquet file has at least 12)")
        }
        let footerLength = try Self.footerLength(head: Array(bytes[0..<4]), end: Array(bytes[(bytes.count - 8)...]),
                                                 fileSize: bytes.count, label: label)
        try self.init(footer: Array(bytes[(bytes.count - 8 - footerLength)..<(bytes.count - 8)]), label: label, bytes: bytes,
                      streamedFile: nil)
    }

    /// The footer's length, after checking the magic at both ends (`end`: the last 8 bytes).
    private static func footerLength(head: [UInt8], end: [UInt8], fileSize: Int, label: String) throws -> Int {
        let magic: [UInt8] = Array("PAR1".utf8)
        guard head == magic else { throw ParquetError.notParquet(path: label, reason: "no PAR1 magic at the start") }
        guard Array(end[4...]) == magic else {
            throw ParquetError.notParquet(path: label, reason: "no PAR1 magic at the end (truncated or encrypted file?)")
        }
        let footerLength = Int(UInt32(end[0]) | UInt32(end[1]) << 8 | UInt32(end[2]) << 16 | UInt32(end[3]) << 24)
        guard footerLength <= fileSize - 12 else {
            throw ParquetError.corrupt("footer length \(footerLength) is past the start of the file (\(fileSize) bytes)")
        }
        return footerLength
    }

    private init(footer: [UInt8], label: String, bytes: [UInt8], streamedFile: (path: String, size: Int)?) throws {
        self.path = label
        self.bytes = bytes
        self.streamedFile = streamedFile
        let metadata = try footer.withUnsafeBytes { all in
            var reader = ThriftCompactReader(ByteCursor(all, context: "file footer"))
            return try FileMetadata(thrift: &reader)
        }
        var zones: [String: ArrowSchemaMetadata.TimestampField] = [:]
        if let arrow = metadata.keyValueMetadata.first(where: { $0.key == ArrowSchemaMetadata.key })?.value {
            zones = ArrowSchemaMetadata.timestampFields(base64: arrow)
        }
        let fields = try SchemaResolver.resolve(metadata.schema, zones: zones)
        let leafCount = metadata.schema.filter { $0.numChildren <= 0 }.count
        var rowGroupRows: [Int] = []
        for (index, group) in metadata.rowGroups.enumerated() {
            guard group.numRows >= 0, group.numRows <= Int64(Int32.max) else {
                throw ParquetError.corrupt("row group \(index) claims \(group.numRows) rows")
            }
            guard group.columns.count == leafCount else {
                throw ParquetError.corrupt("row group \(index) has \(group.columns.count) column chunks, the schema \(leafCount) columns")
            }
            rowGroupRows.append(Int(group.numRows))
        }
        let total = rowGroupRows.reduce(0, +)
        guard Int64(total) == metadata.numRows else {
            throw ParquetError.corrupt("row groups hold \(total) rows, the footer says \(metadata.numRows)")
        }
        self.metadata = metadata
        self.fields = fields
        var layouts: [String: TimestampTextLayout] = [:]
        if let text = metadata.keyValueMetadata.first(where: { $0.key == TimestampLayoutMetadata.key })?.value {
            for (index, layout) in TimestampLayoutMetadata.decode(text, columnCount: fields.count) {
                layouts[fields[index].info.name] = layout
            }
        }
        self.timestampLayouts = layouts
        self.schema = ParquetSchema(columns: fields.map(\.info))
        self.rowCount = total
        self.rowGroupRowCounts = rowGroupRows
        self.createdBy = metadata.createdBy
    }

    /// Reads the named columns (all columns when `nil`) of every row group into one table.
    /// `monitor` sees the compressed bytes of the column chunks decoded so far and stops the
    /// decoding (with `ReadCancelled`) after the chunk in hand when it says so.
    public func readTable(columns: [String]? = nil, monitor: ReadMonitor = .none) throws -> Table {
        try read(rowGroups: Array(0..<rowGroupCount), columns: columns, monitor: monitor)
    }

    /// Reads one row group (for streaming large files a group at a time).
    public func readRowGroup(_ index: Int, columns: [String]? = nil) throws -> Table {
        guard index >= 0, index < rowGroupCount else { throw ParquetError.rowGroupOutOfRange(index, count: rowGroupCount) }
        return try read(rowGroups: [index], columns: columns)
    }

    /// Calls `body` with each row group in turn (index, table), for streaming large files:
    /// only one row group's decoded columns are held at a time.
    public func forEachRowGroup(columns: [String]? = nil, _ body: (Int, Table) throws -> Void) throws {
        for index in 0..<rowGroupCount { try body(index, try readRowGroup(index, columns: columns)) }
    }

    /// A multi-line description of the schema and row groups, for `describe`.
    public var summary: String {
        var lines = ["Parquet file \(path): \(rowCount) rows, \(schema.columns.count) columns, \(rowGroupCount) row groups"
            + (createdBy.map { " (written by \($0))" } ?? "")]
        for column in schema.columns {
            var line = "  \(column.name): \(column.physicalType)"
            if let annotation = column.annotation { line += " \(annotation)" }
            line += column.isNullable ? " optional" : " required"
            if let type = column.dataType { line += " → \(type)" }
            if let reason = column.unsupportedReason { line += " (unsupported: \(reason))" }
            lines.append(line)
        }
        for (index, group) in metadata.rowGroups.enumerated() {
            let codecs = Set(group.columns.compactMap { $0.metadata.flatMap { ParquetCompression(rawValue: $0.codecRaw)?.description } })
            lines.append("  row group \(index): \(group.numRows) rows, \(group.totalByteSize) bytes, \(codecs.sorted().joined(separator: "/"))")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Decoding

    private func selectedLeaves(_ names: [String]?) throws -> [LeafColumn] {
        let chosen: [TopLevelField]
        if let names {
            chosen = try names.map { name in
                guard let field = fields.first(where: { $0.info.name == name }) else {
                    throw ParquetError.unknownColumn(name, available: schema.columnNames)
                }
                return field
            }
        } else {
            chosen = fields
        }
        return try chosen.map { field in
            guard let leaf = field.leaf else {
                throw ParquetError.unsupported(column: field.info.name, feature: field.info.unsupportedReason ?? "unreadable column")
            }
            return leaf
        }
    }

    private func read(rowGroups: [Int], columns names: [String]?, monitor: ReadMonitor = .none) throws -> Table {
        if let streamedFile {
            // One row group's bytes in memory at a time.
            let leaves = try selectedLeaves(names)
            var tables: [Table] = []
            for group in rowGroups {
                let (groupBytes, offset) = try byteRange(ofGroup: group, leaves: leaves, in: streamedFile)
                tables.append(try read(rowGroups: [group], leaves: leaves, file: groupBytes, fileOffset: offset, monitor: monitor))
            }
            return tables.count == 1 ? tables[0] : try Table.concatenating(tables)
        }
        return try read(rowGroups: rowGroups, leaves: try selectedLeaves(names), file: bytes, fileOffset: 0, monitor: monitor)
    }

    /// The bytes of row group `group`'s chunks of `leaves`, read from the file, and the file
    /// offset of their first byte.
    private func byteRange(ofGroup group: Int, leaves: [LeafColumn], in file: (path: String, size: Int)) throws -> ([UInt8], Int) {
        var low = Int64.max, high = Int64(0)
        for leaf in leaves {
            guard let meta = metadata.rowGroups[group].columns[leaf.leafIndex].metadata else { continue }
            var start = meta.dataPageOffset
            if let dictionaryOffset = meta.dictionaryPageOffset, dictionaryOffset > 0, dictionaryOffset < start { start = dictionaryOffset }
            guard start >= 4, meta.totalCompressedSize >= 0, start <= Int64(file.size), meta.totalCompressedSize <= Int64(file.size) - start else {
                throw ParquetError.corrupt("column '\(leaf.name)': column chunk bytes \(start)..<\(start &+ meta.totalCompressedSize) lie outside the file (\(file.size) bytes)")
            }
            low = min(low, start)
            high = max(high, start + meta.totalCompressedSize)
        }
        guard low < high else { return ([], 0) }
        let (fd, _) = try ReadableFile.openForReading(file.path)
        defer { close(fd) }
        return (try ParquetFile.readRange(fd, path: file.path, offset: Int(low), count: Int(high - low)), Int(low))
    }

    private func read(rowGroups: [Int], leaves: [LeafColumn], file bytes: [UInt8], fileOffset: Int,
                      monitor: ReadMonitor) throws -> Table {
        let expectedRows = rowGroups.reduce(0) { $0 + rowGroupRowCounts[$1] }
        let chunkBytes: @Sendable (Int, Int) -> Int = { [metadata] group, leaf in
            max(0, Int(metadata.rowGroups[group].columns[leaf].metadata?.totalCompressedSize ?? 0))
        }
        let totalBytes = leaves.reduce(0) { sum, leaf in rowGroups.reduce(sum) { $0 + chunkBytes($1, leaf.leafIndex) } }
        let shared = SharedReadMonitor(monitor, total: totalBytes)
        let results = ConcurrentSlots<Result<Column, Error>>(count: leaves.count)
        let work: @Sendable (Int) -> Void = { [self] index in
            let leaf = leaves[index]
            results.set(index, Result {
                var accumulator = ColumnAccumulator(leaf: leaf, expectedRows: expectedRows)
                try bytes.withUnsafeBytes { file in
                    for group in rowGroups {
                        let chunk = metadata.rowGroups[group].columns[leaf.leafIndex]
                        let reader = PageReader(file: file, leaf: leaf, chunk: chunk, rowGroupRows: rowGroupRowCounts[group],
                                                fileOffset: fileOffset)
                        try reader.read(into: &accumulator)
                        try shared.add(chunkBytes(group, leaf.leafIndex))
                    }
                }
                guard accumulator.rowCount == expectedRows else {
                    throw ParquetError.corrupt("column '\(leaf.name)' decoded \(accumulator.rowCount) rows, expected \(expectedRows)")
                }
                return try accumulator.makeColumn()
            })
        }
        if leaves.count > 1 {
            DispatchQueue.concurrentPerform(iterations: leaves.count, execute: work)
        } else if leaves.count == 1 {
            work(0)
        }
        var columns = try results.results()
        for k in columns.indices where columns[k].dataType.isTimestamp {
            columns[k].timestampLayout = timestampLayouts[columns[k].name]
        }
        do {
            return try Table(columns: columns)
        } catch {
            throw ParquetError.corrupt("\(error)")
        }
    }
}

extension ConcurrentSlots {
    /// Every task's value in order, or the first error (for slots of `Result`).
    func results<Success>() throws -> [Success] where Value == Result<Success, Error> {
        try values.map { slot in
            guard let slot else { throw ParquetError.corrupt("a column task produced no result") }
            return try slot.get()
        }
    }
}
