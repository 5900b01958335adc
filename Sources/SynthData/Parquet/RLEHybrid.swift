/// The RLE / bit-packed hybrid encoding (definition levels, dictionary indices, booleans).
enum RLEHybrid {
    /// Decodes exactly `count` values of `bitWidth` bits from `data` into `out`.
    ///
    /// Throws when the runs end before `count` values; extra bytes after them are ignored.
    static func decode(_ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int,
                       into out: UnsafeMutablePointer<UInt32>) throws {
        guard (0...32).contains(bitWidth) else { throw ParquetError.corrupt("RLE bit width \(bitWidth) out of range") }
        var cursor = ByteCursor(data, context: "RLE/bit-packed data")
        var produced = 0
        let valueBytes = (bitWidth + 7) / 8
        while produced < count {
            let header = try cursor.readULEB128()
            if header & 1 == 0 {
                guard header >> 1 <= UInt64(Int32.max) else { throw ParquetError.corrupt("RLE run too long") }
                let runLength = Int(header >> 1)
                var value: UInt32 = 0
                for k in 0..<valueBytes { value |= UInt32(try cursor.readByte()) << UInt32(8 * k) }
                if bitWidth < 32, value >> UInt32(bitWidth) != 0 {
                    throw ParquetError.corrupt("RLE value \(value) wider than \(bitWidth) bits")
                }
                let take = min(runLength, count - produced)
                (out + produced).update(repeating: value, count: take)
                produced += take
            } else {
                guard header >> 1 <= UInt64(Int32.max / 8) else { throw ParquetError.corrupt("bit-packed run too long") }
                let values = Int(header >> 1) * 8
                let take = min(values, count - produced)
                let fullBytes = BitUnpacking.byteCount(values: values, bitWidth: bitWidth)
                let neededBytes = BitUnpacking.byteCount(values: take, bitWidth: bitWidth)
                // Writers may leave out the padding of the last group; accept what is there.
                let available = min(fullBytes, cursor.remaining)
                guard available >= neededBytes else {
                    throw ParquetError.corrupt("bit-packed run needs \(neededBytes) bytes, \(cursor.remaining) left")
                }
                let bytes = try cursor.readBytes(available)
                BitUnpacking.unpack32(bytes, bitWidth: bitWidth, count: take, into: out + produced)
                produced += take
            }
        }
    }

    /// Encodes `values` (each < 2^bitWidth) as RLE and bit-packed runs.
    static func encode(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into writer: inout ByteWriter) {
        let n = values.count
        let valueBytes = (bitWidth + 7) / 8
        func runLength(at start: Int) -> Int {
            var end = start + 1
            while end < n, values[end] == values[start] { end += 1 }
            return end - start
        }
        var i = 0
        while i < n {
            let run = runLength(at: i)
            if run >= 8 {
                writer.writeULEB128(UInt64(run) << 1)
                var value = values[i]
                for _ in 0..<valueBytes { writer.writeByte(UInt8(truncatingIfNeeded: value)); value >>= 8 }
                i += run
                continue
            }
            // Bit-pack until a run of 8 or more starts, rounded up to whole groups of 8.
            let start = i
            var j = i
            while j < n {
                let r = runLength(at: j)
                if r >= 8 { break }
                j += r
            }
            let groups = (j - start + 7) / 8
            let packedEnd = min(start + groups * 8, n)
            writer.writeULEB128(UInt64(groups) << 1 | 1)
            var group = [UInt32](repeating: 0, count: groups * 8)
            for k in start..<packedEnd { group[k - start] = values[k] }
            group.withUnsafeBufferPointer { BitUnpacking.pack($0, bitWidth: bitWidth, into: &writer) }
            i = packedEnd
        }
    }

    /// The number of bits needed for values up to `maxValue`.
    static func bitWidth(forMax maxValue: UInt64) -> Int { 64 - maxValue.leadingZeroBitCount }
}
