/// DELTA_LENGTH_BYTE_ARRAY (delta-packed lengths, then the bytes) and DELTA_BYTE_ARRAY
/// (incremental encoding: shared-prefix lengths, then suffixes as DELTA_LENGTH_BYTE_ARRAY).
enum DeltaByteArrays {
    static func decodeDeltaLength(_ data: UnsafeRawBufferPointer, count: Int) throws -> (values: ByteArrays, consumed: Int) {
        let (lengths, consumed) = try DeltaBinaryPacked.decode(data, count: nil)
        guard lengths.count >= count else {
            throw ParquetError.corrupt("DELTA_LENGTH_BYTE_ARRAY holds \(lengths.count) lengths, \(count) expected")
        }
        var cursor = ByteCursor(data, position: consumed, context: "DELTA_LENGTH_BYTE_ARRAY bytes")
        var result = ByteArrays()
        result.offsets.reserveCapacity(count + 1)
        for i in 0..<count {
            let length = lengths[i]
            guard length >= 0, length <= Int64(cursor.remaining) else {
                throw ParquetError.corrupt("DELTA_LENGTH_BYTE_ARRAY length \(length) past the page")
            }
            result.append(try cursor.readBytes(Int(length)))
        }
        // Skip lengths of values not asked for so `consumed` ends after all bytes.
        for i in count..<lengths.count {
            guard lengths[i] >= 0, lengths[i] <= Int64(cursor.remaining) else {
                throw ParquetError.corrupt("DELTA_LENGTH_BYTE_ARRAY length \(lengths[i]) past the page")
            }
            try cursor.skip(Int(lengths[i]))
        }
        return (result, cursor.position)
    }

    static func decodeDeltaByteArray(_ data: UnsafeRawBufferPointer, count: Int) throws -> ByteArrays {
        let (prefixes, consumed) = try DeltaBinaryPacked.decode(data, count: nil)
        guard prefixes.count >= count else {
            throw ParquetError.corrupt("DELTA_BYTE_ARRAY holds \(prefixes.count) prefixes, \(count) expected")
        }
        let rest = UnsafeRawBufferPointer(rebasing: data[consumed...])
        let (suffixes, _) = try decodeDeltaLength(rest, count: count)
        var result = ByteArrays()
        result.offsets.reserveCapacity(count + 1)
        var previous: Range<Int> = 0..<0
        for i in 0..<count {
            let prefix = prefixes[i]
            guard prefix >= 0, prefix <= Int64(previous.count) else {
                throw ParquetError.corrupt("DELTA_BYTE_ARRAY prefix \(prefix) longer than the previous value")
            }
            let start = result.bytes.count
            result.bytes.append(contentsOf: result.bytes[previous.lowerBound..<(previous.lowerBound + Int(prefix))])
            suffixes.bytes.withUnsafeBytes { all in
                result.bytes.append(contentsOf: UnsafeRawBufferPointer(
                    rebasing: all[suffixes.offsets[i]..<suffixes.offsets[i + 1]]))
            }
            result.offsets.append(result.bytes.count)
            previous = start..<result.bytes.count
        }
        return result
    }
}
