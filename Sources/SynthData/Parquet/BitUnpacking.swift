/// Unpacking of little-endian, LSB-first bit-packed integers (Parquet's bit packing).
enum BitUnpacking {
    /// Bytes needed to hold `count` values of `bitWidth` bits.
    @inline(__always)
    static func byteCount(values count: Int, bitWidth: Int) -> Int { (count &* bitWidth &+ 7) >> 3 }

    /// Unpacks `count` values of `bitWidth` (0...32) bits from `source` (which must hold
    /// `byteCount(values: count, bitWidth:)` bytes; checked by the caller) into `out`.
    @inline(__always)
    static func unpack32(_ source: UnsafeRawBufferPointer, bitWidth: Int, count: Int,
                         into out: UnsafeMutablePointer<UInt32>) {
        if bitWidth == 0 {
            out.update(repeating: 0, count: count)
            return
        }
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        let size = source.count
        guard let base = source.baseAddress else { return }
        var bit = 0
        var i = 0
        // Fast path: a full 8-byte load never passes the end of the source.
        while i < count {
            let byte = bit >> 3
            if byte + 8 > size { break }
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
            out[i] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            bit += bitWidth
            i += 1
        }
        while i < count {
            out[i] = UInt32(truncatingIfNeeded: readBits(source, bitOffset: bit, width: bitWidth))
            bit += bitWidth
            i += 1
        }
    }

    /// One value of `width` (0...64) bits at `bitOffset`, reading only bytes inside `source`.
    @inline(__always)
    static func readBits(_ source: UnsafeRawBufferPointer, bitOffset: Int, width: Int) -> UInt64 {
        var result: UInt64 = 0
        var got = 0
        var bit = bitOffset
        while got < width {
            let byteIndex = bit >> 3
            guard byteIndex < source.count else { break }
            let shift = bit & 7
            let take = min(8 - shift, width - got)
            let bits = (UInt64(source[byteIndex]) >> UInt64(shift)) & ((1 << UInt64(take)) - 1)
            result |= bits << UInt64(got)
            got += take
            bit += take
        }
        return result
    }

    /// Packs `values` of `bitWidth` bits (LSB first), padding the last byte with zeros.
    static func pack(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into writer: inout ByteWriter) {
        guard bitWidth > 0 else { return }
        var accumulator: UInt64 = 0
        var bits = 0
        for value in values {
            accumulator |= UInt64(value) << UInt64(bits)
            bits += bitWidth
            while bits >= 8 {
                writer.writeByte(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                bits -= 8
            }
        }
        if bits > 0 { writer.writeByte(UInt8(truncatingIfNeeded: accumulator)) }
    }
}
