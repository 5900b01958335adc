/// The DELTA_BINARY_PACKED encoding (integers as bit-packed deltas in blocks of miniblocks).
enum DeltaBinaryPacked {
    /// Decodes the first `count` values. With `exactCount` the stream must hold exactly `count`
    /// values (DELTA_LENGTH_BYTE_ARRAY lengths, where bytes follow the stream).
    ///
    /// Returns the values and the number of bytes consumed (valid when the stream holds exactly
    /// `count` values). Decoding stops at `count` values, so a corrupt header cannot make it
    /// allocate more than the page needs.
    static func decode(_ data: UnsafeRawBufferPointer, count: Int, exactCount: Bool = false) throws
        -> (values: [Int64], consumed: Int) {
        var cursor = ByteCursor(data, context: "DELTA_BINARY_PACKED data")
        let blockSize = try cursor.readLength(limit: 1 << 16, what: "block size")
        let miniblocks = try cursor.readLength(limit: 1 << 10, what: "miniblock count")
        let total = try cursor.readLength(limit: Int(Int32.max), what: "value count")
        var value = try cursor.readZigZag()
        guard miniblocks > 0, blockSize > 0, blockSize % 128 == 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0 else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED block of \(blockSize) in \(miniblocks) miniblocks")
        }
        guard total >= count, !exactCount || total == count else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED holds \(total) values, \(count) expected")
        }
        let perMiniblock = blockSize / miniblocks
        var result = [Int64]()
        result.reserveCapacity(count)
        if count > 0 { result.append(value) }
        var widths = [Int](repeating: 0, count: miniblocks)
        while result.count < count {
            let minDelta = try cursor.readZigZag()
            for k in 0..<miniblocks {
                let width = Int(try cursor.readByte())
                guard width <= 64 else { throw ParquetError.corrupt("DELTA_BINARY_PACKED bit width \(width)") }
                widths[k] = width
            }
            for k in 0..<miniblocks where result.count < count {
                let bytes = try cursor.readBytes(BitUnpacking.byteCount(values: perMiniblock, bitWidth: widths[k]))
                let take = min(perMiniblock, count - result.count)
                for j in 0..<take {
                    let delta = BitUnpacking.readBits(bytes, bitOffset: j * widths[k], width: widths[k])
                    value = value &+ minDelta &+ Int64(bitPattern: delta)
                    result.append(value)
                }
            }
        }
        return (result, cursor.position)
    }
}
