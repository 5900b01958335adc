/// Counts distinct byte strings without creating a `String` per element: an open-addressing
/// hash table of (hash, first row index, count); keys are compared in place in the source.
struct ByteStringCounter {
    struct Entry {
        var hash: UInt64
        var firstIndex: Int
        var count: Int
        var bytes: UnsafeBufferPointer<UInt8>
    }

    private var slots: [Int32]
    private var table: [Entry] = []
    private var mask: Int

    init(capacityHint: Int) {
        var size = 16
        while size < capacityHint * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var distinctCount: Int { table.count }

    /// Counts `bytes` (row `index`); returns whether it was new. `bytes` must stay valid
    /// while the counter is used.
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, index: Int) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let entryIndex = slots[slot]
            if entryIndex < 0 { break }
            let entry = table[Int(entryIndex)]
            if entry.hash == hash, entry.bytes.count == bytes.count, entry.bytes.elementsEqual(bytes) {
                table[Int(entryIndex)].count += 1
                return false
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(table.count)
        table.append(Entry(hash: hash, firstIndex: index, count: 1, bytes: bytes))
        if table.count * 2 > slots.count { grow() }
        return true
    }

    func entries() -> [(firstIndex: Int, count: Int)] { table.map { ($0.firstIndex, $0.count) } }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (i, entry) in table.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash ^ (entry.hash >> 29)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
    }
}
