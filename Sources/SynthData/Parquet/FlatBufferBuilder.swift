/// A minimal flatbuffer serializer for small, fixed schemas (the `ARROW:schema` message).
///
/// Objects are laid out parent first, children after (so every offset points forward), each
/// table preceded by its vtable; scalars are aligned to their size and objects to 4 bytes.
enum FlatBufferNode {
    case table([FlatBufferField?])
    case string(String)
    case tableVector([FlatBufferNode])
}

enum FlatBufferField {
    case u8(UInt8)
    case bool(Bool)
    case i16(Int16)
    case i32(Int32)
    case offset(FlatBufferNode)
}

struct FlatBufferBuilder {
    private(set) var bytes: [UInt8] = []
    /// Offset slots waiting for their target: (slot position, node).
    private var pending: [(slot: Int, node: FlatBufferNode)] = []

    /// Serializes `root`; the buffer starts with the root table's offset.
    static func build(_ root: FlatBufferNode) -> [UInt8] {
        var builder = FlatBufferBuilder()
        builder.bytes = [0, 0, 0, 0]
        builder.pending.append((0, root))
        while !builder.pending.isEmpty {
            let (slot, node) = builder.pending.removeFirst()
            let position = builder.write(node)
            builder.patch(slot, to: position)
        }
        return builder.bytes
    }

    private mutating func align(_ n: Int) { while bytes.count % n != 0 { bytes.append(0) } }

    private mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func patch(_ slot: Int, to target: Int) {
        let value = UInt32(target - slot)
        for k in 0..<4 { bytes[slot + k] = UInt8(truncatingIfNeeded: value >> UInt32(8 * k)) }
    }

    private static func size(_ field: FlatBufferField) -> Int {
        switch field {
        case .u8, .bool: 1
        case .i16: 2
        case .i32, .offset: 4
        }
    }

    /// Writes `node` at the end; returns its position (children are queued).
    private mutating func write(_ node: FlatBufferNode) -> Int {
        switch node {
        case .string(let text):
            align(4)
            let position = bytes.count
            let utf8 = Array(text.utf8)
            appendLE(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
            bytes.append(0)
            return position
        case .tableVector(let elements):
            align(4)
            let position = bytes.count
            appendLE(UInt32(elements.count))
            for element in elements {
                pending.append((bytes.count, element))
                appendLE(UInt32(0))
            }
            return position
        case .table(let fields):
            // Inline layout: soffset, then fields sorted largest first (keeps natural alignment).
            let present = fields.enumerated().compactMap { index, field in field.map { (index: index, field: $0) } }
            let order = present.sorted { Self.size($0.field) > Self.size($1.field) }
            var fieldOffsets = [Int](repeating: 0, count: fields.count)
            var inline = 4
            for (index, field) in order {
                fieldOffsets[index] = inline
                inline += Self.size(field)
            }
            let tableSize = (inline + 3) & ~3
            // vtable first, then the table at a 4-byte boundary.
            align(2)
            let vtable = bytes.count
            appendLE(UInt16(4 + 2 * fields.count))
            appendLE(UInt16(tableSize))
            for offset in fieldOffsets { appendLE(UInt16(offset)) }
            align(4)
            let table = bytes.count
            appendLE(Int32(table - vtable))
            bytes.append(contentsOf: [UInt8](repeating: 0, count: tableSize - 4))
            for (index, field) in order {
                let at = table + fieldOffsets[index]
                switch field {
                case .u8(let v): bytes[at] = v
                case .bool(let v): bytes[at] = v ? 1 : 0
                case .i16(let v):
                    bytes[at] = UInt8(truncatingIfNeeded: v); bytes[at + 1] = UInt8(truncatingIfNeeded: v >> 8)
                case .i32(let v):
                    for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: v >> Int32(8 * k)) }
                case .offset(let child): pending.append((at, child))
                }
            }
            return table
        }
    }
}
