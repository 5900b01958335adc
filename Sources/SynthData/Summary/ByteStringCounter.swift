/// Counts distinct byte strings of a `StringArray` without creating a `String` per element:
/// an open-addressing hash table over (hash, byte start, length, first row, count), with
/// keys compared in place in the array's byte buffer.
struct ByteStringCounter {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private(set) var firstRows: [Int] = []
    private(set) var counts: [Int] = []
    private var mask: Int

    init(capacityHint: Int) {
        var size = 16
        while size < capacityHint * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var distinctCount: Int { hashes.count }

    /// Counts the bytes `base[start ..< start + length]` (row `row`); returns whether they
    /// were new. `base` must be the same buffer on every call.
    @inline(__always)
    mutating func add(base: UnsafePointer<UInt8>, start: Int, length: Int, row: Int) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<length { hash = (hash ^ UInt64(base[start + k])) &* 0x0000_0100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { break }
            if hashes[entry] == hash, lengths[entry] == length, Self.equal(base + starts[entry], base + start, length) {
                counts[entry] += 1
                return false
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(truncatingIfNeeded: hashes.count)
        hashes.append(hash)
        starts.append(start)
        lengths.append(length)
        firstRows.append(row)
        counts.append(1)
        if hashes.count * 2 > slots.count { grow() }
        return true
    }

    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        for k in 0..<length where a[k] != b[k] { return false }
        return true
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: entry)
        }
    }
}
