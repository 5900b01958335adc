/// The PLAIN encoding: fixed-width little-endian values, length-prefixed byte arrays,
/// bit-packed booleans, 12-byte INT96.
enum PlainDecoding {
    /// Decodes `count` PLAIN values of `type` from `data`.
    static func decode(_ data: UnsafeRawBufferPointer, type: ParquetPhysicalType, typeLength: Int,
                       count: Int) throws -> DenseValues {
        switch type {
        case .boolean:
            guard BitUnpacking.byteCount(values: count, bitWidth: 1) <= data.count else {
                throw ParquetError.corrupt("PLAIN booleans: \(count) values need more than \(data.count) bytes")
            }
            var result = [Bool](repeating: false, count: count)
            for i in 0..<count { result[i] = (data[i >> 3] >> UInt8(i & 7)) & 1 == 1 }
            return .bool(result)
        case .int32: return .int32(try fixed(data, count: count, as: Int32.self))
        case .int64: return .int64(try fixed(data, count: count, as: Int64.self))
        case .float: return .float(try fixed(data, count: count, as: Float.self))
        case .double: return .double(try fixed(data, count: count, as: Double.self))
        case .int96: return .int64(try int96(data, count: count))
        case .byteArray: return .bytes(try byteArrays(data, count: count))
        case .fixedLenByteArray: return .bytes(try fixedLengthArrays(data, count: count, width: typeLength))
        }
    }

    private static func fixed<T>(_ data: UnsafeRawBufferPointer, count: Int, as _: T.Type) throws -> [T] {
        let size = MemoryLayout<T>.size
        guard count >= 0, count <= data.count / size else {
            throw ParquetError.corrupt("PLAIN \(T.self): \(count) values need \(count &* size) bytes, page has \(data.count)")
        }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0, let source = data.baseAddress, let target = buffer.baseAddress {
                UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count * size)
            }
            initialized = count
        }
    }

    /// Julian day of 1970-01-01.
    static let julianEpochDay: Int64 = 2_440_588

    private static func int96(_ data: UnsafeRawBufferPointer, count: Int) throws -> [Int64] {
        guard count >= 0, count <= data.count / 12 else {
            throw ParquetError.corrupt("PLAIN INT96: \(count) values need \(count &* 12) bytes, page has \(data.count)")
        }
        var result = [Int64](repeating: 0, count: count)
        for i in 0..<count {
            let nanos = Int64(littleEndian: data.loadUnaligned(fromByteOffset: i * 12, as: Int64.self))
            let day = Int64(UInt32(littleEndian: data.loadUnaligned(fromByteOffset: i * 12 + 8, as: UInt32.self)))
            let (dayNanos, overflow) = (day - julianEpochDay).multipliedReportingOverflow(by: 86_400_000_000_000)
            let (total, overflow2) = dayNanos.addingReportingOverflow(nanos)
            guard !overflow, !overflow2 else { throw ParquetError.corrupt("INT96 timestamp out of the nanosecond range") }
            result[i] = total
        }
        return result
    }

    private static func byteArrays(_ data: UnsafeRawBufferPointer, count: Int) throws -> ByteArrays {
        guard count >= 0, count <= data.count / 4 else {
            throw ParquetError.corrupt("PLAIN BYTE_ARRAY: \(count) values cannot fit in \(data.count) bytes")
        }
        var result = ByteArrays()
        result.reserve(elements: count, bytes: data.count - 4 * count)
        var cursor = ByteCursor(data, context: "PLAIN BYTE_ARRAY values")
        for _ in 0..<count {
            let length = Int(try cursor.readLE(UInt32.self))
            result.append(try cursor.readBytes(length))
        }
        return result
    }

    static func fixedLengthArrays(_ data: UnsafeRawBufferPointer, count: Int, width: Int) throws -> ByteArrays {
        guard width > 0 else { throw ParquetError.corrupt("FIXED_LEN_BYTE_ARRAY without a positive type_length") }
        guard count >= 0, count <= data.count / width else {
            throw ParquetError.corrupt("PLAIN FIXED_LEN_BYTE_ARRAY: \(count) values of \(width) bytes exceed \(data.count)")
        }
        var result = ByteArrays()
        result.bytes = Array(UnsafeRawBufferPointer(rebasing: data[0..<(count * width)]))
        result.offsets = (0...count).map { $0 * width }
        return result
    }
}
