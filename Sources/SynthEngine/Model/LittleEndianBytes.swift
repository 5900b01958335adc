/// Fixed-width integers in the little-endian byte order of synth's model files (`model.bin`,
/// `text.bin`). Reads assume the caller has checked the length (`ModelFileReader` bounds the
/// file; each format checks its sizes before reading).
enum LittleEndianBytes {
    /// Appends `value`'s bytes, least significant first.
    static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Reads a `T` at `cursor` and moves the cursor past it.
    static func read<T: FixedWidthInteger>(_ bytes: [UInt8], _ cursor: inout Int) -> T {
        var v = T.zero
        for i in 0..<MemoryLayout<T>.size { v |= T(bytes[cursor + i]) << (8 * i) }
        cursor += MemoryLayout<T>.size
        return v
    }
}
