/// Writes the Thrift compact protocol (Parquet's footer and page headers).
struct ThriftCompactWriter {
    var output = ByteWriter()
    private var lastFieldIDs: [Int16] = []
    private var lastFieldID: Int16 = 0

    mutating func beginStruct() {
        lastFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func endStruct() {
        output.writeByte(0)
        lastFieldID = lastFieldIDs.popLast() ?? 0
    }

    mutating func fieldHeader(_ id: Int16, _ type: ThriftType) {
        let delta = id - lastFieldID
        if delta > 0, delta <= 15 {
            output.writeByte(UInt8(delta) << 4 | type.rawValue)
        } else {
            output.writeByte(type.rawValue)
            output.writeZigZag(Int64(id))
        }
        lastFieldID = id
    }

    mutating func writeI32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        output.writeZigZag(Int64(value))
    }

    mutating func writeI16(_ id: Int16, _ value: Int16) {
        fieldHeader(id, .i16)
        output.writeZigZag(Int64(value))
    }

    mutating func writeByte(_ id: Int16, _ value: Int8) {
        fieldHeader(id, .byte)
        output.writeByte(UInt8(bitPattern: value))
    }

    mutating func writeI64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        output.writeZigZag(value)
    }

    mutating func writeBool(_ id: Int16, _ value: Bool) { fieldHeader(id, value ? .boolTrue : .boolFalse) }

    mutating func writeBinary(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        output.writeULEB128(UInt64(value.count))
        output.write(value)
    }

    mutating func writeString(_ id: Int16, _ value: String) { writeBinary(id, Array(value.utf8)) }

    /// Opens a nested struct field; close it with `endStruct()`.
    mutating func beginStructField(_ id: Int16) {
        fieldHeader(id, .structure)
        beginStruct()
    }

    mutating func listHeader(_ id: Int16, _ elementType: ThriftType, count: Int) {
        fieldHeader(id, .list)
        if count < 15 {
            output.writeByte(UInt8(count) << 4 | elementType.rawValue)
        } else {
            output.writeByte(0xF0 | elementType.rawValue)
            output.writeULEB128(UInt64(count))
        }
    }

    mutating func writeI32List(_ id: Int16, _ values: [Int32]) {
        listHeader(id, .i32, count: values.count)
        for value in values { output.writeZigZag(Int64(value)) }
    }

    mutating func writeStringList(_ id: Int16, _ values: [String]) {
        listHeader(id, .binary, count: values.count)
        for value in values {
            let utf8 = Array(value.utf8)
            output.writeULEB128(UInt64(utf8.count))
            output.write(utf8)
        }
    }
}
