/// Type codes of the Thrift compact protocol.
enum ThriftType: UInt8 {
    case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
    case binary = 8, list = 9, set = 10, map = 11, structure = 12
}

/// A field header inside a Thrift struct: its id and type.
struct ThriftFieldHeader {
    let id: Int16
    let type: ThriftType
    /// For boolean fields the value is carried in the header itself.
    var boolValue: Bool { type == .boolTrue }
}

/// Reads the Thrift compact protocol (the encoding of Parquet's footer and page headers).
///
/// Bounds-checked through `ByteCursor`; nesting depth and collection sizes are limited so a
/// corrupt footer fails with `ParquetError.corrupt` instead of exhausting memory or stack.
struct ThriftCompactReader {
    var cursor: ByteCursor
    private var lastFieldIDs: [Int16] = []
    private var lastFieldID: Int16 = 0
    static let maxDepth = 64

    init(_ cursor: ByteCursor) { self.cursor = cursor }

    var position: Int { cursor.position }

    private func corrupt(_ detail: String) -> ParquetError { .corrupt("\(cursor.context): \(detail)") }

    mutating func beginStruct() throws {
        guard lastFieldIDs.count < Self.maxDepth else { throw corrupt("Thrift structs nested too deeply") }
        lastFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func endStruct() {
        lastFieldID = lastFieldIDs.popLast() ?? 0
    }

    /// The next field header, or `nil` at the struct's stop byte.
    mutating func readFieldHeader() throws -> ThriftFieldHeader? {
        let byte = try cursor.readByte()
        if byte == 0 { return nil }
        guard let type = ThriftType(rawValue: byte & 0x0F), type != .stop else {
            throw corrupt("bad Thrift field type \(byte & 0x0F)")
        }
        let delta = Int16(byte >> 4)
        if delta != 0 {
            lastFieldID &+= delta
        } else {
            let raw = try cursor.readZigZag()
            guard let id = Int16(exactly: raw) else { throw corrupt("bad Thrift field id \(raw)") }
            lastFieldID = id
        }
        return ThriftFieldHeader(id: lastFieldID, type: type)
    }

    mutating func readI32() throws -> Int32 {
        let raw = try cursor.readZigZag()
        guard let value = Int32(exactly: raw) else { throw corrupt("Thrift i32 out of range: \(raw)") }
        return value
    }

    mutating func readI64() throws -> Int64 { try cursor.readZigZag() }

    mutating func readByte() throws -> Int8 { Int8(bitPattern: try cursor.readByte()) }

    mutating func readDouble() throws -> Double { Double(bitPattern: try cursor.readLE(UInt64.self)) }

    mutating func readBinary() throws -> [UInt8] {
        let length = try cursor.readLength(limit: cursor.remaining, what: "binary length")
        return Array(try cursor.readBytes(length))
    }

    mutating func readString() throws -> String {
        let length = try cursor.readLength(limit: cursor.remaining, what: "string length")
        return String(decoding: try cursor.readBytes(length), as: UTF8.self)
    }

    /// A list or set header: element type and count (count checked against remaining bytes).
    mutating func readListHeader() throws -> (elementType: ThriftType, count: Int) {
        let byte = try cursor.readByte()
        guard let type = ThriftType(rawValue: byte & 0x0F) else { throw corrupt("bad Thrift list element type") }
        var count = Int(byte >> 4)
        if count == 15 { count = try cursor.readLength(limit: Int(Int32.max), what: "list size") }
        // Every element takes at least one byte except booleans packed in headers (not in lists).
        guard count <= cursor.remaining else { throw corrupt("Thrift list of \(count) elements exceeds the data") }
        return (type, count)
    }

    /// A boolean element of a list (one byte).
    mutating func readListBool() throws -> Bool { try cursor.readByte() == 1 }

    /// Skips a value of the given type (used for unknown fields).
    mutating func skip(_ type: ThriftType, depth: Int = 0) throws {
        guard depth < Self.maxDepth else { throw corrupt("Thrift values nested too deeply") }
        switch type {
        case .stop: throw corrupt("unexpected Thrift stop")
        case .boolTrue, .boolFalse: return
        case .byte: try cursor.skip(1)
        case .i16, .i32, .i64: _ = try cursor.readULEB128()
        case .double: try cursor.skip(8)
        case .binary:
            let length = try cursor.readLength(limit: cursor.remaining, what: "binary length")
            try cursor.skip(length)
        case .list, .set:
            let (elementType, count) = try readListHeader()
            for _ in 0..<count {
                if elementType == .boolTrue || elementType == .boolFalse { try cursor.skip(1) } else {
                    try skip(elementType, depth: depth + 1)
                }
            }
        case .map:
            let count = try cursor.readLength(limit: cursor.remaining, what: "map size")
            guard count > 0 else { return }
            let types = try cursor.readByte()
            guard let keyType = ThriftType(rawValue: types >> 4), let valueType = ThriftType(rawValue: types & 0x0F) else {
                throw corrupt("bad Thrift map types")
            }
            for _ in 0..<count {
                try skip(keyType, depth: depth + 1)
                try skip(valueType, depth: depth + 1)
            }
        case .structure:
            try beginStruct()
            while let field = try readFieldHeader() { try skip(field.type, depth: depth + 1) }
            endStruct()
        }
    }

    /// Reads a struct, calling `body` for each field; `body` must consume or skip the value.
    mutating func readStruct(_ body: (inout ThriftCompactReader, ThriftFieldHeader) throws -> Void) throws {
        try beginStruct()
        while let field = try readFieldHeader() { try body(&self, field) }
        endStruct()
    }

    /// Reads a list whose elements are read by `element`.
    mutating func readList<T>(_ element: (inout ThriftCompactReader, ThriftType) throws -> T) throws -> [T] {
        let (type, count) = try readListHeader()
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(&self, type)) }
        return result
    }

    /// Checks a field's wire type before reading it as `expected`.
    func expect(_ field: ThriftFieldHeader, _ expected: ThriftType, _ name: String) throws {
        let matches = field.type == expected
            || (expected == .boolTrue && (field.type == .boolTrue || field.type == .boolFalse))
        guard matches else { throw corrupt("field \(name) has Thrift type \(field.type), expected \(expected)") }
    }
}
