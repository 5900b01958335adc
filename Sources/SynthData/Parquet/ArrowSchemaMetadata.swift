/// The `ARROW:schema` footer entry written by Arrow-based writers (pyarrow, arrow-rs, …):
/// a base64 Arrow IPC `Schema` message (a flatbuffer).
///
/// The reader takes only what Parquet cannot say itself: the time zone of each timestamp
/// field. The writer emits a schema for synth's types so time zones survive pyarrow.
enum ArrowSchemaMetadata {
    static let key = "ARROW:schema"

    /// Arrow type ids in the `Type` union.
    enum TypeID: UInt8 {
        case int = 2, floatingPoint = 3, utf8 = 5, bool = 6, date = 8, timestamp = 10
    }

    /// Time zones of the top-level timestamp fields, by field name (`nil` value: no zone).
    /// Returns an empty map when the metadata cannot be parsed (it is optional).
    static func timestampZones(base64 text: String) -> [String: String?] {
        guard let bytes = Base64.decode(text) else { return [:] }
        return (try? bytes.withUnsafeBytes { try parseZones($0) }) ?? [:]
    }

    private static func parseZones(_ data: UnsafeRawBufferPointer) throws -> [String: String?] {
        var start = 0
        // IPC framing: optional 0xFFFFFFFF continuation marker, then an int32 length.
        let reader = FlatBufferReader(data)
        if try reader.u32(0) == 0xFFFF_FFFF { start = 8 } else { start = 4 }
        let message = FlatBufferReader(UnsafeRawBufferPointer(rebasing: data[start...]))
        let root = try message.rootTable()
        guard try message.scalar(root, field: 1, as: UInt8.self) == 1,  // MessageHeader.Schema
              let schema = try message.table(root, field: 2),
              let fields = try message.vector(schema, field: 1) else { return [:] }
        var zones: [String: String?] = [:]
        for index in 0..<fields.count {
            let field = try message.vectorTable(fields, index)
            guard let name = try message.string(field, field: 0),
                  try message.scalar(field, field: 2, as: UInt8.self) == TypeID.timestamp.rawValue,
                  let type = try message.table(field, field: 3) else { continue }
            zones[name] = .some(try message.string(type, field: 1))
        }
        return zones
    }
}

/// A bounds-checked reader of flatbuffer tables, vectors and strings.
struct FlatBufferReader {
    let data: UnsafeRawBufferPointer

    init(_ data: UnsafeRawBufferPointer) { self.data = data }

    private func check(_ offset: Int, _ size: Int) throws {
        guard offset >= 0, size >= 0, offset <= data.count - size else {
            throw ParquetError.corrupt("ARROW:schema flatbuffer offset \(offset) out of range")
        }
    }

    func u32(_ offset: Int) throws -> UInt32 {
        try check(offset, 4)
        return UInt32(littleEndian: data.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    func rootTable() throws -> Int { Int(try u32(0)) }

    /// Position of `field`'s value inside `table`, or nil when absent.
    private func fieldPosition(_ table: Int, _ field: Int) throws -> Int? {
        try check(table, 4)
        let vtable = table - Int(Int32(littleEndian: data.loadUnaligned(fromByteOffset: table, as: Int32.self)))
        try check(vtable, 4)
        let vtableSize = Int(UInt16(littleEndian: data.loadUnaligned(fromByteOffset: vtable, as: UInt16.self)))
        let entry = 4 + 2 * field
        guard entry + 2 <= vtableSize else { return nil }
        try check(vtable + entry, 2)
        let offset = Int(UInt16(littleEndian: data.loadUnaligned(fromByteOffset: vtable + entry, as: UInt16.self)))
        return offset == 0 ? nil : table + offset
    }

    func scalar<T: FixedWidthInteger>(_ table: Int, field: Int, as _: T.Type) throws -> T? {
        guard let position = try fieldPosition(table, field) else { return nil }
        try check(position, MemoryLayout<T>.size)
        return T(littleEndian: data.loadUnaligned(fromByteOffset: position, as: T.self))
    }

    private func indirect(_ table: Int, _ field: Int) throws -> Int? {
        guard let position = try fieldPosition(table, field) else { return nil }
        return position + Int(try u32(position))
    }

    func table(_ table: Int, field: Int) throws -> Int? { try indirect(table, field) }

    func string(_ table: Int, field: Int) throws -> String? {
        guard let position = try indirect(table, field) else { return nil }
        let length = Int(try u32(position))
        try check(position + 4, length)
        return String(decoding: UnsafeRawBufferPointer(rebasing: data[(position + 4)..<(position + 4 + length)]), as: UTF8.self)
    }

    func vector(_ table: Int, field: Int) throws -> (start: Int, count: Int)? {
        guard let position = try indirect(table, field) else { return nil }
        let count = Int(try u32(position))
        try check(position + 4, count * 4)
        return (position + 4, count)
    }

    func vectorTable(_ vector: (start: Int, count: Int), _ index: Int) throws -> Int {
        let slot = vector.start + 4 * index
        return slot + Int(try u32(slot))
    }
}
