/// One sub-column a column codec produces: its name suffix (`digit_3`, `year`, `cat`) and
/// its number of codes.
public struct SubColumnSpec: Codable, Sendable, Hashable {
    public var suffix: String
    public var cardinality: Int

    public init(_ suffix: String, _ cardinality: Int) {
        self.suffix = suffix
        self.cardinality = cardinality
    }
}

/// Reads codes of one row's sub-columns, clamping out-of-range codes into range so a model
/// that emits a bad code can never crash decoding.
struct CodeReader {
    let codes: UnsafeBufferPointer<Int32>
    let stride: Int
    let offset: Int

    @inline(__always)
    func code(row: Int, _ j: Int, cardinality: Int) -> Int {
        let c = Int(codes[row * stride + offset + j])
        return c < 0 ? 0 : (c >= cardinality ? cardinality - 1 : c)
    }
}

/// Writes codes of one row's sub-columns.
struct CodeWriter {
    let codes: UnsafeMutableBufferPointer<Int32>
    let stride: Int
    let offset: Int

    @inline(__always)
    func set(row: Int, _ j: Int, _ code: Int) { codes[row * stride + offset + j] = Int32(truncatingIfNeeded: code) }
}
