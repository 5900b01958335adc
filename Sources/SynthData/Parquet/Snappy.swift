/// The Snappy block format (raw, unframed), as Parquet's SNAPPY codec uses it.
///
/// `decompress` checks every length and offset against both buffers, so corrupt input throws
/// instead of reading or writing out of bounds. `compress` is a simple greedy LZ77 with a
/// 4-byte hash, good enough to stay close to the reference compressor's ratio.
enum Snappy {
    /// Decompresses `input`, whose decoded length must be `expectedSize` when given.
    static func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int? = nil) throws -> [UInt8] {
        var cursor = ByteCursor(input, context: "snappy block")
        let length = try cursor.readLength(limit: Int(Int32.max), what: "snappy length")
        if let expectedSize, expectedSize != length {
            throw ParquetError.corrupt("snappy block decodes to \(length) bytes, the page header says \(expectedSize)")
        }
        // A compressed byte expands to at most ~64 bytes (a 3-byte copy of 64): reject absurd claims early.
        guard length <= max(input.count, 1) &* 64 else {
            throw ParquetError.corrupt("snappy length \(length) is impossible for \(input.count) input bytes")
        }
        var start = cursor.position
        let output = try [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            initialized = 0
            guard let out = buffer.baseAddress, let inBase = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                guard length == 0 else { throw ParquetError.corrupt("empty snappy block claims \(length) bytes") }
                return
            }
            let end = input.count
            var op = 0
            while start < end {
                let tag = inBase[start]
                start += 1
                switch tag & 3 {
                case 0:
                    var literal = Int(tag >> 2)
                    if literal >= 60 {
                        let extra = literal - 59
                        guard start + extra <= end else { throw ParquetError.corrupt("snappy literal length truncated") }
                        literal = 0
                        for k in 0..<extra { literal |= Int(inBase[start + k]) << (8 * k) }
                        start += extra
                    }
                    literal += 1
                    guard literal <= end - start, literal <= length - op else {
                        throw ParquetError.corrupt("snappy literal of \(literal) bytes runs past the block")
                    }
                    (out + op).update(from: inBase + start, count: literal)
                    start += literal
                    op += literal
                    initialized = op
                    continue
                case 1:
                    guard start < end else { throw ParquetError.corrupt("snappy copy truncated") }
                    let copyLength = 4 + Int((tag >> 2) & 7)
                    let offset = Int(tag >> 5) << 8 | Int(inBase[start])
                    start += 1
                    try copy(out, &op, offset: offset, length: copyLength, capacity: length)
                case 2:
                    guard start + 2 <= end else { throw ParquetError.corrupt("snappy copy truncated") }
                    let offset = Int(inBase[start]) | Int(inBase[start + 1]) << 8
                    start += 2
                    try copy(out, &op, offset: offset, length: Int(tag >> 2) + 1, capacity: length)
                default:
                    guard start + 4 <= end else { throw ParquetError.corrupt("snappy copy truncated") }
                    var offset = 0
                    for k in 0..<4 { offset |= Int(inBase[start + k]) << (8 * k) }
                    start += 4
                    try copy(out, &op, offset: offset, length: Int(tag >> 2) + 1, capacity: length)
                }
                initialized = op
            }
            guard op == length else {
                throw ParquetError.corrupt("snappy block decoded to \(op) bytes, expected \(length)")
            }
        }
        return output
    }

    @inline(__always)
    private static func copy(_ out: UnsafeMutablePointer<UInt8>, _ op: inout Int, offset: Int, length: Int,
                             capacity: Int) throws {
        guard offset > 0, offset <= op, length <= capacity - op else {
            throw ParquetError.corrupt("snappy copy (offset \(offset), length \(length)) outside the block")
        }
        let source = out + (op - offset)
        let target = out + op
        if offset >= length {
            target.update(from: source, count: length)
        } else {
            for k in 0..<length { target[k] = source[k] }
        }
        op += length
    }

    /// Compresses `input` into one Snappy block.
    static func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var writer = ByteWriter(capacity: 32 + input.count + input.count / 6)
        writer.writeULEB128(UInt64(input.count))
        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count > 0 else {
            return writer.bytes
        }
        let hashBits = 14
        var table = [Int32](repeating: -1, count: 1 << hashBits)
        let blockSize = 1 << 16
        var blockStart = 0
        table.withUnsafeMutableBufferPointer { table in
            while blockStart < input.count {
                let blockEnd = min(blockStart + blockSize, input.count)
                for k in 0..<table.count { table[k] = -1 }
                compressBlock(base, start: blockStart, end: blockEnd, table: table, hashBits: hashBits, into: &writer)
                blockStart = blockEnd
            }
        }
        return writer.bytes
    }

    @inline(__always)
    private static func load32(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt32 {
        UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self)
    }

    private static func compressBlock(_ base: UnsafePointer<UInt8>, start: Int, end: Int,
                                      table: UnsafeMutableBufferPointer<Int32>, hashBits: Int,
                                      into writer: inout ByteWriter) {
        var literalStart = start
        var i = start
        let limit = end - 4
        while i <= limit {
            let word = load32(base, i)
            let hash = Int((word &* 0x1E35_A7BD) >> UInt32(32 - hashBits))
            let candidate = Int(table[hash])
            table[hash] = Int32(i)
            if candidate >= start, load32(base, candidate) == word {
                var matchLength = 4
                while i + matchLength < end, base[candidate + matchLength] == base[i + matchLength] { matchLength += 1 }
                emitLiteral(base, from: literalStart, to: i, into: &writer)
                emitCopy(offset: i - candidate, length: matchLength, into: &writer)
                i += matchLength
                literalStart = i
            } else {
                i += 1
            }
        }
        emitLiteral(base, from: literalStart, to: end, into: &writer)
    }

    private static func emitLiteral(_ base: UnsafePointer<UInt8>, from: Int, to: Int, into writer: inout ByteWriter) {
        let count = to - from
        guard count > 0 else { return }
        let n = count - 1
        if n < 60 {
            writer.writeByte(UInt8(n << 2))
        } else if n < 1 << 8 {
            writer.writeByte(60 << 2); writer.writeByte(UInt8(n))
        } else if n < 1 << 16 {
            writer.writeByte(61 << 2); writer.writeLE(UInt16(n))
        } else {
            writer.writeByte(63 << 2); writer.writeLE(UInt32(n))
        }
        writer.write(UnsafeRawBufferPointer(start: base + from, count: count))
    }

    private static func emitCopy(offset: Int, length: Int, into writer: inout ByteWriter) {
        var remaining = length
        while remaining > 0 {
            // Keep at least 4 bytes for the last piece so it stays a valid copy length.
            var piece = min(remaining, 64)
            if remaining - piece > 0, remaining - piece < 4 { piece = remaining - 4 }
            if piece >= 4, piece <= 11, offset < 2048 {
                writer.writeByte(UInt8(1 | ((piece - 4) << 2) | ((offset >> 8) << 5)))
                writer.writeByte(UInt8(offset & 0xFF))
            } else {
                writer.writeByte(UInt8(2 | ((piece - 1) << 2)))
                writer.writeLE(UInt16(offset))
            }
            remaining -= piece
        }
    }
}
