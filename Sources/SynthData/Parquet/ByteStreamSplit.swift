/// The BYTE_STREAM_SPLIT encoding: byte k of every value stored together in stream k.
enum ByteStreamSplit {
    /// Reassembles `count` values of `width` bytes; `data` holds exactly `count * width` bytes
    /// (more is corrupt for this encoding, which spans the whole values section).
    static func decode(_ data: UnsafeRawBufferPointer, width: Int, count: Int) throws -> [UInt8] {
        guard width > 0, count >= 0, count <= data.count / width else {
            throw ParquetError.corrupt("BYTE_STREAM_SPLIT: \(count) values of \(width) bytes exceed \(data.count) bytes")
        }
        // The streams are laid out for the number of values actually stored in the section.
        let stored = data.count / width
        var result = [UInt8](repeating: 0, count: count * width)
        result.withUnsafeMutableBufferPointer { out in
            for k in 0..<width {
                let stream = k * stored
                for i in 0..<count { out[i * width + k] = data[stream + i] }
            }
        }
        return result
    }

    static func decode(_ data: UnsafeRawBufferPointer, type: ParquetPhysicalType, typeLength: Int,
                       count: Int) throws -> DenseValues {
        let width: Int
        switch type {
        case .int32, .float: width = 4
        case .int64, .double: width = 8
        case .fixedLenByteArray: width = typeLength
        default: throw ParquetError.corrupt("BYTE_STREAM_SPLIT used for \(type)")
        }
        let bytes = try decode(data, width: width, count: count)
        return try bytes.withUnsafeBytes { try PlainDecoding.decode($0, type: type, typeLength: typeLength, count: count) }
    }
}
