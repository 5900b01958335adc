/// A growable little-endian output buffer used by the Thrift writer, encoders and compressors.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    @inline(__always)
    mutating func writeByte(_ byte: UInt8) { bytes.append(byte) }

    @inline(__always)
    mutating func writeLE<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ source: UnsafeRawBufferPointer) { bytes.append(contentsOf: source) }
    mutating func write(_ source: [UInt8]) { bytes.append(contentsOf: source) }

    @inline(__always)
    mutating func writeULEB128(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    @inline(__always)
    mutating func writeZigZag(_ value: Int64) {
        writeULEB128(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }
}
