/// The DELTA_BINARY_PACKED encoding (integers as bit-packed deltas in blocks of miniblocks).
enum DeltaBinaryPacked {
    /// Decodes `count` values (or all values in the header when `count` is nil).
    ///
    /// Returns the values and the number of bytes consumed (data may follow, as in
    /// DELTA_LENGTH_BYTE_ARRAY).
    static func decode(_ data: UnsafeRawBufferPointer, count expected: Int? = nil) throws -> (values: [Int64], consumed: Int) {
        var cursor = ByteCursor(data, context: "DELTA_BINARY_PACKED data")
        let blockSize = try cursor.readLength(limit: 1 << 20, what: "block size")
        let miniblocks = try cursor.readLength(limit: 1 << 16, what: "miniblock count")
        let total = try cursor.readLength(limit: Int(Int32.max), what: "value count")
        var value = try cursor.readZigZag()
        guard miniblocks > 0, blockSize > 0, blockSize % 128 == 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0 else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED block of \(blockSize) in \(miniblocks) miniblocks")
        }
        if let expected, expected > total {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED holds \(total) values, \(expected) expected")
        }
        let count = expected ?? total
        // Each block of values needs at least one byte (its min delta); bound the allocation.
        guard total <= 1 + (cursor.remaining + 1) * blockSize else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED claims \(total) values in \(cursor.remaining) bytes")
        }
        let perMiniblock = blockSize / miniblocks
        var result = [Int64]()
        result.reserveCapacity(total)
        if total > 0 { result.append(value) }
        var widths = [Int](repeating: 0, count: miniblocks)
        while result.count < total {
            let minDelta = try cursor.readZigZag()
            for k in 0..<miniblocks {
                let width = Int(try cursor.readByte())
                guard width <= 64 else { throw ParquetError.corrupt("DELTA_BINARY_PACKED bit width \(width)") }
                widths[k] = width
            }
            for k in 0..<miniblocks where result.count < total {
                let bytes = try cursor.readBytes(BitUnpacking.byteCount(values: perMiniblock, bitWidth: widths[k]))
                let take = min(perMiniblock, total - result.count)
                for j in 0..<take {
                    let delta = BitUnpacking.readBits(bytes, bitOffset: j * widths[k], width: widths[k])
                    value = value &+ minDelta &+ Int64(bitPattern: delta)
                    result.append(value)
                }
            }
        }
        if count < result.count { result.removeLast(result.count - count) }
        return (result, cursor.position)
    }
}
