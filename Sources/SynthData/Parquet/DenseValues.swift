/// Variable- or fixed-length byte strings, back to back, with `count + 1` offsets.
struct ByteArrays {
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]

    var count: Int { offsets.count - 1 }

    @inline(__always)
    mutating func append(_ source: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: source)
        offsets.append(bytes.count)
    }

    mutating func reserve(elements: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(elements + 1)
        bytes.reserveCapacity(byteCount)
    }
}

/// The non-null values of one page (or a dictionary), decoded to their physical type.
///
/// INT96 values are converted to nanoseconds since the epoch on decode.
enum DenseValues {
    case bool([Bool])
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case bytes(ByteArrays)

    var count: Int {
        switch self {
        case .bool(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .float(let v): v.count
        case .double(let v): v.count
        case .bytes(let v): v.count
        }
    }
}
