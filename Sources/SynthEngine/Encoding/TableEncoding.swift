import Dispatch
import SynthData

/// A fitted encoding of a table: per column its encoding type and parameters. Encodes tables
/// of that schema to integer codes for the model and decodes codes back to tables.
///
/// ```swift
/// let encoding = try TableEncoder.fit(table: table, overrides: ["price": .numericBinned])
/// let encoded = try encoding.encode(table)          // EncodedTable: row-major Int32 codes
/// let back = try encoding.decode(encoded, seed: 7)  // same columns, names and types
/// ```
/// Sub-columns of a column are contiguous and in column order; `SubColumnInfo.columnIndex`
/// is the column's position in `columns` (the source order).
public struct TableEncoding: Codable, Sendable, Hashable {
    public private(set) var columns: [ColumnEncoding]

    public init(columns: [ColumnEncoding]) { self.columns = columns }

    private enum CodingKeys: String, CodingKey { case columns }

    /// Decodes an encoding and checks every column's parameters (see
    /// `ColumnCodecParameters.validate`): a damaged or crafted file is a `DecodingError`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        columns = try container.decode([ColumnEncoding].self, forKey: .columns)
        for column in columns {
            if let layout = column.timestampLayout, !layout.isValid {
                throw DecodingError.dataCorruptedError(forKey: .columns, in: container,
                                                       debugDescription: "column '\(column.name)': invalid timestamp layout")
            }
            do { try column.parameters.validate() } catch {
                throw DecodingError.dataCorruptedError(forKey: .columns, in: container,
                                                       debugDescription: "column '\(column.name)': \(error)")
            }
        }
    }

    /// Every sub-column, in order.
    public var subColumns: [SubColumnInfo] {
        columns.enumerated().flatMap { index, column in
            column.subColumns.map { SubColumnInfo(name: column.name + "/" + $0.suffix, cardinality: $0.cardinality, columnIndex: index) }
        }
    }

    /// The encoding of the column named `name`.
    public func column(named name: String) -> ColumnEncoding? { columns.first { $0.name == name } }

    /// Encodes `table`, which must have every column of this encoding (by name) with the
    /// same types; other columns are ignored.
    public func encode(_ table: Table) throws -> EncodedTable {
        let specs = columns.map(\.subColumns)
        let width = specs.reduce(0) { $0 + $1.count }
        var sources: [Column] = []
        for encoding in columns {
            guard let index = table.columnIndex(named: encoding.name) else {
                throw EncodingError.unknownColumn(encoding.name, available: table.columnNames)
            }
            let column = table.columns[index]
            guard column.dataType == encoding.dataType else {
                throw EncodingError.typeMismatch(column: encoding.name, expected: encoding.dataType, found: column.dataType)
            }
            // A column too small to clip was fitted as all null: its values are never encoded.
            sources.append(encoding.protection.suppressedValues == nil ? column : TableEncoder.allNull(column))
        }
        var offsets: [Int] = []
        var offset = 0
        for spec in specs { offsets.append(offset); offset += spec.count }
        var codes = [Int32](repeating: 0, count: table.rowCount * width)
        var failures = [EncodingFailure?](repeating: nil, count: columns.count)
        let columns = self.columns, inputs = sources, starts = offsets
        codes.withUnsafeMutableBufferPointer { buffer in
            failures.withUnsafeMutableBufferPointer { failed in
                let shared = SharedBuffers(codes: buffer, failures: failed)
                // Columns write disjoint sub-columns, so they can be encoded on all cores.
                let work: @Sendable (Int) -> Void = { index in
                    guard !specs[index].isEmpty else { return }
                    do {
                        try columns[index].parameters.codec.encode(
                            inputs[index], into: CodeWriter(codes: shared.codes, stride: width, offset: starts[index]))
                    } catch {
                        shared.failures[index] = EncodingFailure(error: error)
                    }
                }
                if table.rowCount >= Self.parallelRows {
                    DispatchQueue.concurrentPerform(iterations: columns.count, execute: work)
                } else {
                    for index in columns.indices { work(index) }
                }
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure.error }
        return EncodedTable(subColumns: subColumns, rowCount: table.rowCount, codes: codes)
    }

    /// Tables at least this long are encoded and decoded column-parallel.
    static let parallelRows = 16_384

    /// Decodes codes (from `encode` or sampled by a model) into a table with the source's
    /// columns, names and types. Primary keys are regenerated as unique values; binned
    /// numbers and `_RARE_` stand-ins are drawn with a generator seeded by `seed`.
    public func decode(_ encoded: EncodedTable, seed: UInt64) throws -> Table {
        let specs = columns.map(\.subColumns)
        let width = specs.reduce(0) { $0 + $1.count }
        guard encoded.width == width else { throw EncodingError.layoutMismatch(expected: width, found: encoded.width) }
        let root = SeededGenerator(seed: seed)
        var offsets: [Int] = []
        var offset = 0
        for spec in specs { offsets.append(offset); offset += spec.count }
        var decoded = [Column?](repeating: nil, count: columns.count)
        let columns = self.columns, starts = offsets, rowCount = encoded.rowCount
        encoded.codes.withUnsafeBufferPointer { buffer in
            decoded.withUnsafeMutableBufferPointer { out in
                let shared = DecodeBuffers(codes: buffer, columns: out)
                let work: @Sendable (Int) -> Void = { index in
                    var rng = root.derived(stream: UInt64(index))
                    let reader = CodeReader(codes: shared.codes, stride: width, offset: starts[index])
                    var column = columns[index].parameters.codec
                        .decode(reader, rowCount: rowCount, rng: &rng).column(named: columns[index].name)
                    if column.dataType.isTimestamp { column.timestampLayout = columns[index].timestampLayout }
                    shared.columns[index] = column
                }
                if encoded.rowCount >= Self.parallelRows {
                    DispatchQueue.concurrentPerform(iterations: columns.count, execute: work)
                } else {
                    for index in columns.indices { work(index) }
                }
            }
        }
        return try Table(columns: decoded.compactMap { $0 })
    }

    /// One row per column for the `columns` command.
    public func columnDetails() -> [ColumnDetail] {
        columns.map {
            ColumnDetail(name: $0.name, dataType: $0.dataType, encodingType: $0.type, requestedType: $0.requestedType,
                         isOverride: $0.isOverride, subColumns: $0.subColumns, uniqueCount: $0.uniqueCount,
                         uniqueCountIsExact: $0.uniqueCountIsExact, nullCount: $0.nullCount, protection: $0.protection)
        }
    }
}

/// An error thrown while encoding one column on a worker thread.
private struct EncodingFailure: @unchecked Sendable {
    let error: any Error
}

/// Buffers shared with `concurrentPerform` workers; each worker touches only its own
/// column's sub-columns and failure slot.
private struct SharedBuffers: @unchecked Sendable {
    let codes: UnsafeMutableBufferPointer<Int32>
    let failures: UnsafeMutableBufferPointer<EncodingFailure?>
}

/// Buffers shared with decoding workers; each worker writes only its own column slot.
private struct DecodeBuffers: @unchecked Sendable {
    let codes: UnsafeBufferPointer<Int32>
    let columns: UnsafeMutableBufferPointer<Column?>
}
