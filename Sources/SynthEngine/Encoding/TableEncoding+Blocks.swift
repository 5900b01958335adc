import Dispatch
import SynthData

extension TableEncoding {
    /// Decodes rows `firstRow ..< firstRow + encoded.rowCount` of a generated table in fixed
    /// blocks of `blockRows` rows (`firstRow` starts a block): block `b` of the whole table
    /// draws from its own stream `blockSeed(seed, block: b)` and its primary keys continue from
    /// row `b · blockRows`. So a row's values depend only on the seed and its block, never on
    /// how the table was cut into chunks or shards. Blocks decode in parallel.
    public func decode(_ encoded: EncodedTable, seed: UInt64, firstRow: Int, blockRows: Int) throws -> Table {
        // Callers generate whole blocks (`GenerationShard`); anything else is a programming error.
        precondition(blockRows >= 1 && firstRow >= 0 && firstRow % blockRows == 0, "decoding must start on a block")
        let rows = encoded.rowCount, width = encoded.width
        let blocks = max(1, (rows + blockRows - 1) / blockRows)
        let firstBlock = firstRow / blockRows
        if blocks == 1 { return try decode(encoded, seed: Self.blockSeed(seed, block: firstBlock), firstRow: firstRow) }
        let slots = ConcurrentSlots<Result<Table, any Error>>(count: blocks)
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            let lo = b * blockRows, count = min(blockRows, rows - lo)
            let piece = EncodedTable(subColumns: encoded.subColumns, rowCount: count,
                                     codes: Array(encoded.codes[(lo * width)..<((lo + count) * width)]))
            slots.set(b, Result { try decode(piece, seed: Self.blockSeed(seed, block: firstBlock + b), firstRow: firstRow + lo) })
        }
        return try Table.concatenating(slots.values.map { try $0!.get() })
    }

    /// The decoding seed of generated block `block`.
    public static func blockSeed(_ seed: UInt64, block: Int) -> UInt64 {
        seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(block + 1)
    }
}
