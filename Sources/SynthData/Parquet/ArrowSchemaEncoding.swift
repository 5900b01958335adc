/// Writing the `ARROW:schema` footer entry for synth's column types.
extension ArrowSchemaMetadata {
    /// Base64 of an Arrow IPC Schema message describing `columns` (all nullable).
    static func encode(columns: [(name: String, type: DataType)]) -> String {
        let fields: [FlatBufferNode] = columns.map { column in
            let (typeID, typeTable) = arrowType(column.type)
            return .table([
                .offset(.string(column.name)),          // name
                .bool(true),                            // nullable
                .u8(typeID.rawValue),                   // type_type
                .offset(typeTable),                     // type
                nil,                                    // dictionary
                .offset(.tableVector([])),              // children
            ])
        }
        let schema: FlatBufferNode = .table([
            .i16(0),                                    // endianness: little
            .offset(.tableVector(fields)),              // fields
        ])
        let message: FlatBufferNode = .table([
            .i16(4),                                    // version: V5
            .u8(1),                                     // header_type: Schema
            .offset(schema),                            // header
        ])
        var flatbuffer = FlatBufferBuilder.build(message)
        while flatbuffer.count % 8 != 0 { flatbuffer.append(0) }
        var framed: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        withUnsafeBytes(of: UInt32(flatbuffer.count).littleEndian) { framed.append(contentsOf: $0) }
        framed.append(contentsOf: flatbuffer)
        return Base64.encode(framed)
    }

    private static func arrowType(_ type: DataType) -> (TypeID, FlatBufferNode) {
        switch type {
        case .int64: return (TypeID.int, FlatBufferNode.table([.i32(64), .bool(true)]))
        case .double: return (TypeID.floatingPoint, FlatBufferNode.table([.i16(2)]))
        case .bool: return (TypeID.bool, FlatBufferNode.table([]))
        case .string: return (TypeID.utf8, FlatBufferNode.table([]))
        case .date: return (TypeID.date, FlatBufferNode.table([.i16(0)]))
        case let .timestamp(unit, zone):
            // Parquet has no seconds unit: the writer stores seconds as milliseconds.
            let code: Int16 = switch unit {
            case .seconds, .milliseconds: 1
            case .microseconds: 2
            case .nanoseconds: 3
            }
            let zoneField: FlatBufferField? = zone.map { .offset(.string($0)) }
            return (TypeID.timestamp, FlatBufferNode.table([.i16(code), zoneField]))
        }
    }
}
