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
        var codes = [Int32](repeating: 0, count: table.rowCount * width)
        try codes.withUnsafeMutableBufferPointer { buffer in
            var offset = 0
            for (index, encoding) in columns.enumerated() {
                guard let column = table.columnIndex(named: encoding.name).map({ table.columns[$0] }) else {
                    throw EncodingError.unknownColumn(encoding.name, available: table.columnNames)
                }
                guard column.dataType == encoding.dataType else {
                    throw EncodingError.typeMismatch(column: encoding.name, expected: encoding.dataType, found: column.dataType)
                }
                if !specs[index].isEmpty {
                    try encoding.parameters.codec.encode(column, into: CodeWriter(codes: buffer, stride: width, offset: offset))
                }
                offset += specs[index].count
            }
        }
        return EncodedTable(subColumns: subColumns, rowCount: table.rowCount, codes: codes)
    }

    /// Decodes codes (from `encode` or sampled by a model) into a table with the source's
    /// columns, names and types. Primary keys are regenerated as unique values; binned
    /// numbers and `_RARE_` stand-ins are drawn with a generator seeded by `seed`.
    public func decode(_ encoded: EncodedTable, seed: UInt64) throws -> Table {
        let specs = columns.map(\.subColumns)
        let width = specs.reduce(0) { $0 + $1.count }
        guard encoded.width == width else { throw EncodingError.layoutMismatch(expected: width, found: encoded.width) }
        let root = SeededGenerator(seed: seed)
        var decoded: [Column] = []
        encoded.codes.withUnsafeBufferPointer { buffer in
            var offset = 0
            for (index, encoding) in columns.enumerated() {
                var rng = root.derived(stream: UInt64(index))
                let reader = CodeReader(codes: buffer, stride: width, offset: offset)
                decoded.append(encoding.parameters.codec.decode(reader, rowCount: encoded.rowCount, rng: &rng).column(named: encoding.name))
                offset += specs[index].count
            }
        }
        return try Table(columns: decoded)
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
