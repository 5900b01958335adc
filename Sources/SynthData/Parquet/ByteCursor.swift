/// A bounds-checked reading position over a span of raw bytes.
///
/// Every read checks the remaining length first and throws `ParquetError.corrupt` instead of
/// reading past the end, so corrupt input can never cause an out-of-bounds access.
struct ByteCursor {
    let base: UnsafeRawBufferPointer
    private(set) var position: Int
    /// What is being parsed, for error messages.
    let context: String

    init(_ base: UnsafeRawBufferPointer, position: Int = 0, context: String) {
        self.base = base
        self.position = position
        self.context = context
    }

    var remaining: Int { base.count - position }
    var isAtEnd: Bool { position >= base.count }

    @inline(__always)
    func truncated(_ need: Int) -> ParquetError {
        .corrupt("\(context): needs \(need) more bytes at offset \(position), only \(max(remaining, 0)) left")
    }

    @inline(__always)
    mutating func readByte() throws -> UInt8 {
        guard position < base.count else { throw truncated(1) }
        let byte = base[position]
        position += 1
        return byte
    }

    /// A little-endian fixed-width integer.
    @inline(__always)
    mutating func readLE<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw truncated(size) }
        let value = T(littleEndian: base.loadUnaligned(fromByteOffset: position, as: T.self))
        position += size
        return value
    }

    /// The next `count` bytes, as a slice of the underlying buffer.
    @inline(__always)
    mutating func readBytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else { throw truncated(count) }
        let slice = UnsafeRawBufferPointer(rebasing: base[position..<(position + count)])
        position += count
        return slice
    }

    mutating func skip(_ count: Int) throws {
        guard count >= 0, count <= remaining else { throw truncated(count) }
        position += count
    }

    /// An unsigned LEB128 varint (at most 10 bytes).
    @inline(__always)
    mutating func readULEB128() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64 else { throw ParquetError.corrupt("\(context): varint longer than 10 bytes") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A zigzag-encoded signed varint.
    @inline(__always)
    mutating func readZigZag() throws -> Int64 {
        let raw = try readULEB128()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A varint that must fit a non-negative `Int` no larger than `limit`.
    mutating func readLength(limit: Int, what: String) throws -> Int {
        let raw = try readULEB128()
        guard raw <= UInt64(limit) else {
            throw ParquetError.corrupt("\(context): \(what) \(raw) exceeds the limit \(limit)")
        }
        return Int(raw)
    }
}
