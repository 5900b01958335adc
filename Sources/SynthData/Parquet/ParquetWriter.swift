import Dispatch

/// Writes synth tables as Parquet files (format 2.6, data page v1).
///
/// Column mapping: `.int64` → INT64; `.double` → DOUBLE; `.bool` → BOOLEAN; `.string` →
/// BYTE_ARRAY STRING; `.date` → INT32 DATE; `.timestamp(unit, zone)` → INT64 TIMESTAMP with
/// `isAdjustedToUTC = (zone != nil)` (Parquet has no seconds unit: seconds are stored as
/// milliseconds, and `ARROW:schema` records them as seconds so they read back as seconds). Every column is OPTIONAL. An `ARROW:schema` entry keeps the time zone
/// names for Arrow-based readers (pyarrow) and for `ParquetReader`.
///
/// Each column chunk is dictionary-encoded when its distinct values stay within
/// `options.dictionaryLimit` (and are at most half of its values), otherwise PLAIN.
/// Statistics (min, max, null count) are written for every chunk.
public enum ParquetWriter {
    /// Writes `table` to `path` atomically (see `AtomicFileWriter`): an existing file is
    /// replaced only when `replace` is true, checked before encoding; a failed write leaves
    /// no file. Throws `FileWriteError` when the file cannot be written.
    public static func write(_ table: Table, to path: String, options: ParquetWriteOptions = .init(),
                             replace: Bool = false) throws {
        try AtomicFileWriter.write(to: path, replace: replace) { file in
            try file.write(try encode(table, options: options))
        }
    }

    /// The bytes of a Parquet file holding `table`.
    public static func encode(_ table: Table, options: ParquetWriteOptions = .init()) throws -> [UInt8] {
        try check(options, columnCount: table.columnCount)
        let plans = try table.columns.map(ColumnPlan.init)
        var metadata = fileMetadata(columns: table.columns, plans: plans, options: options)
        var output: [UInt8] = Array(magic)
        metadata.rowGroups = try encodeRowGroups(plans, rowCount: table.rowCount, options: options, fileOffset: 0, into: &output)
        metadata.numRows = Int64(table.rowCount)
        output.append(contentsOf: footer(metadata))
        return output
    }

    /// The first and last four bytes of every Parquet file.
    static let magic = Array("PAR1".utf8)

    /// Throws `ParquetError.invalidWrite` for options or tables this writer cannot write.
    static func check(_ options: ParquetWriteOptions, columnCount: Int) throws {
        guard options.rowGroupSize > 0 else { throw ParquetError.invalidWrite("rowGroupSize must be positive") }
        guard options.pageRowLimit > 0, options.pageRowLimit <= Int(Int32.max) else {
            throw ParquetError.invalidWrite("pageRowLimit must be in 1...\(Int32.max)")
        }
        guard columnCount <= Int(Int32.max) else { throw ParquetError.invalidWrite("too many columns") }
        guard PageCodec.supported.contains(options.compression) else {
            throw ParquetError.invalidWrite("compression \(options.compression) is not supported "
                + "(use \(PageCodec.supported.map(\.description).joined(separator: ", ")))")
        }
    }

    /// The file's metadata without row groups: schema and `ARROW:schema`.
    static func fileMetadata(columns: [Column], plans: [ColumnPlan], options: ParquetWriteOptions) -> FileMetadata {
        var metadata = FileMetadata()
        metadata.version = 2
        metadata.createdBy = "synth parquet writer"
        var root = SchemaElement()
        root.name = "schema"
        root.numChildren = Int32(plans.count)
        metadata.schema = [root] + plans.map(\.element)
        if options.arrowSchema {
            metadata.keyValueMetadata = [(ArrowSchemaMetadata.key,
                                          ArrowSchemaMetadata.encode(columns: columns.map { ($0.name, $0.dataType) }))]
        }
        if let layouts = TimestampLayoutMetadata.encode(columns) {
            metadata.keyValueMetadata.append((key: TimestampLayoutMetadata.key, value: Optional(layouts)))
        }
        return metadata
    }

    /// Appends the column chunks of `rowCount` rows to `output`, in row groups of at most
    /// `options.rowGroupSize` rows, and returns the groups' metadata. `fileOffset` is the
    /// position in the file of `output`'s first byte.
    static func encodeRowGroups(_ plans: [ColumnPlan], rowCount: Int, options: ParquetWriteOptions, fileOffset: Int,
                                into output: inout [UInt8]) throws -> [RowGroup] {
        var groups: [RowGroup] = []
        var groupStart = 0
        while groupStart < rowCount {
            let rows = groupStart..<min(groupStart + options.rowGroupSize, rowCount)
            let chunks = ConcurrentSlots<Result<EncodedChunk, Error>>(count: plans.count)
            let work: @Sendable (Int) -> Void = { index in
                let writer = ColumnChunkWriter(data: plans[index].data, validity: plans[index].validity, options: options)
                chunks.set(index, Result { try writer.encode(rows: rows) })
            }
            if plans.count > 1 {
                DispatchQueue.concurrentPerform(iterations: plans.count, execute: work)
            } else if plans.count == 1 {
                work(0)
            }
            var group = RowGroup()
            group.numRows = Int64(rows.count)
            for (plan, chunk) in zip(plans, try chunks.results()) {
                let base = fileOffset + output.count
                output.append(contentsOf: chunk.bytes)
                var meta = ColumnMetadata()
                meta.type = plan.element.type ?? .boolean
                meta.encodings = Array(Set(chunk.encodings.map(\.rawValue))).sorted()
                meta.pathInSchema = [plan.element.name]
                meta.codecRaw = options.compression.rawValue
                meta.numValues = Int64(chunk.numValues)
                meta.totalUncompressedSize = Int64(chunk.totalUncompressedSize)
                meta.totalCompressedSize = Int64(chunk.bytes.count)
                meta.dataPageOffset = Int64(base + chunk.dataPageOffset)
                meta.dictionaryPageOffset = chunk.dictionaryPageOffset.map { Int64(base + $0) }
                meta.statistics = chunk.statistics
                group.columns.append(ColumnChunk(filePath: nil, fileOffset: Int64(base), metadata: meta))
                group.totalByteSize += Int64(chunk.totalUncompressedSize)
            }
            groups.append(group)
            groupStart = rows.upperBound
        }
        return groups
    }

    /// The end of the file: the metadata, its length and the magic.
    static func footer(_ metadata: FileMetadata) -> [UInt8] {
        var output = metadata.thriftEncoded()
        withUnsafeBytes(of: UInt32(output.count).littleEndian) { output.append(contentsOf: $0) }
        output.append(contentsOf: magic)
        return output
    }
}

/// How one synth column is stored: its schema element and its values in stored form.
struct ColumnPlan: Sendable {
    let element: SchemaElement
    let data: WriterColumnData
    let validity: ValidityBitmap?

    init(_ column: Column) throws {
        var element = SchemaElement()
        element.name = column.name
        element.repetition = .optional
        validity = column.validity
        switch column.values {
        case .int64(let values):
            element.type = .int64
            data = .int64(values)
        case .double(let values):
            element.type = .double
            data = .double(values)
        case .bool(let values):
            element.type = .boolean
            data = .bool(values)
        case .string(let values):
            element.type = .byteArray
            element.convertedType = .utf8
            element.logicalType = .string
            data = .bytes(values)
        case .date(let values):
            element.type = .int32
            element.convertedType = .date
            element.logicalType = .date
            data = .int32(values)
        case let .timestamp(values, unit, zone):
            element.type = .int64
            let stored: ParquetTimeUnit
            switch unit {
            case .seconds, .milliseconds: stored = .millis
            case .microseconds: stored = .micros
            case .nanoseconds: stored = .nanos
            }
            element.logicalType = .timestamp(isAdjustedToUTC: zone != nil, unit: stored)
            if zone != nil, stored != .nanos { element.convertedType = stored == .millis ? .timestampMillis : .timestampMicros }
            if unit == .seconds {
                var scaled = [Int64](repeating: 0, count: values.count)
                for (i, value) in values.enumerated() {
                    let (product, overflow) = value.multipliedReportingOverflow(by: 1000)
                    guard !overflow else {
                        throw ParquetError.invalidWrite("column '\(column.name)': timestamp \(value) s overflows milliseconds")
                    }
                    scaled[i] = product
                }
                data = .int64(scaled)
            } else {
                data = .int64(values)
            }
        }
        self.element = element
    }
}
