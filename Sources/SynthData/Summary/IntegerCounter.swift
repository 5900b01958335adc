/// Counts distinct 64-bit keys: open addressing with linear probing and a multiplicative
/// (Fibonacci) hash, far cheaper per value than `Dictionary`'s seeded SipHash.
struct IntegerCounter {
    private var keys: [UInt64]
    private var counts: [Int32]
    private var occupied: [Bool]
    private var shift: UInt64
    private(set) var distinctCount = 0

    init(capacityHint: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < capacityHint * 2 { bits += 1 }
        let size = 1 << Int(bits)
        keys = [UInt64](repeating: 0, count: size)
        counts = [Int32](repeating: 0, count: size)
        occupied = [Bool](repeating: false, count: size)
        shift = 64 - bits
    }

    @inline(__always)
    private func slot(for key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// Counts one occurrence of `key`.
    @inline(__always)
    mutating func add(_ key: UInt64) {
        let mask = keys.count - 1
        var index = slot(for: key)
        while occupied[index] {
            if keys[index] == key {
                counts[index] &+= 1
                return
            }
            index = (index + 1) & mask
        }
        occupied[index] = true
        keys[index] = key
        counts[index] = 1
        distinctCount += 1
        if distinctCount * 2 > keys.count { grow() }
    }

    /// Every key with its count.
    func entries() -> [(key: UInt64, count: Int)] {
        var result: [(key: UInt64, count: Int)] = []
        result.reserveCapacity(distinctCount)
        for index in 0..<keys.count where occupied[index] { result.append((keys[index], Int(counts[index]))) }
        return result
    }

    private mutating func grow() {
        let old = entries()
        let bits = 64 - shift + 1
        let size = 1 << Int(bits)
        keys = [UInt64](repeating: 0, count: size)
        counts = [Int32](repeating: 0, count: size)
        occupied = [Bool](repeating: false, count: size)
        shift = 64 - bits
        let mask = size - 1
        for (key, count) in old {
            var index = slot(for: key)
            while occupied[index] { index = (index + 1) & mask }
            occupied[index] = true
            keys[index] = key
            counts[index] = Int32(truncatingIfNeeded: count)
        }
    }
}
