import SynthData

/// One discrete sub-column of an encoded table: the unit the model predicts.
///
/// A source column encodes into one or more sub-columns (a datetime into year, month, day,
/// ...; a number into digits), each holding codes `0 ..< cardinality`.
public struct SubColumnInfo: Sendable, Hashable, Codable {
    /// E.g. `price/digit_3` or `cut/cat`.
    public var name: String
    /// Number of distinct codes; every code in the column is `< cardinality`.
    public var cardinality: Int
    /// Index of the source column (in the encoded column order) this sub-column belongs to.
    public var columnIndex: Int

    public init(name: String, cardinality: Int, columnIndex: Int) {
        self.name = name
        self.cardinality = cardinality
        self.columnIndex = columnIndex
    }
}

/// A table turned into integer codes, row-major: what the generative model trains on and
/// samples. `codes[row * subColumns.count + j]` is row `row`'s code for sub-column `j`.
public struct EncodedTable: Sendable, Hashable {
    public var subColumns: [SubColumnInfo]
    public var rowCount: Int
    public var codes: [Int32]

    public init(subColumns: [SubColumnInfo], rowCount: Int, codes: [Int32]) {
        precondition(codes.count == rowCount * subColumns.count, "codes must be rows × sub-columns")
        self.subColumns = subColumns
        self.rowCount = rowCount
        self.codes = codes
    }

    public var width: Int { subColumns.count }

    @inline(__always)
    public func code(row: Int, subColumn: Int) -> Int32 { codes[row * subColumns.count + subColumn] }

    /// The rows at `indices`, in that order.
    public func gatheringRows(_ indices: [Int]) -> EncodedTable {
        let w = width
        var out = [Int32]()
        out.reserveCapacity(indices.count * w)
        for r in indices { out.append(contentsOf: codes[(r * w)..<(r * w + w)]) }
        return EncodedTable(subColumns: subColumns, rowCount: indices.count, codes: out)
    }
}
