import SynthData

/// Which values of a pruned table survive: those counted more often than the median, so each
/// prune at least halves the table (amortized constant cost per value).
private func survivingIDs(_ counts: [Int]) -> [Int] {
    guard !counts.isEmpty else { return [] }
    var sorted = counts
    sorted.sort()
    let median = sorted[sorted.count / 2]
    return counts.indices.filter { counts[$0] > median }
}

/// Counts how often each 64-bit key occurs: exactly while there are at most `capacity`
/// distinct keys, then as a bounded heavy-hitter summary (rarer keys are dropped whenever the
/// table fills up, so late frequent keys still get in). Memory stays O(`capacity`).
struct IntFrequencyCounter: Sendable {
    private(set) var table = IntKeyTable()
    private(set) var counts: [Int] = []
    /// Whether keys were ever dropped: counts and the distinct count are then approximate.
    private(set) var pruned = false
    let capacity: Int

    init(capacity: Int) { self.capacity = max(capacity, 16) }

    @inline(__always)
    mutating func add(_ key: UInt64, count n: Int = 1) {
        let (id, inserted) = table.insert(key)
        if inserted { counts.append(n) } else { counts[id] += n }
        if inserted, counts.count > capacity { prune() }
    }

    private mutating func prune() {
        pruned = true
        let keep = survivingIDs(counts)
        var newTable = IntKeyTable(capacity: keep.count)
        var newCounts: [Int] = []
        newCounts.reserveCapacity(keep.count)
        for id in keep {
            _ = newTable.insert(table.keys[id])
            newCounts.append(counts[id])
        }
        table = newTable
        counts = newCounts
    }

    /// The `n` most frequent keys with their counts, most frequent first (ties by key order).
    func top(_ n: Int) -> [(key: UInt64, count: Int)] {
        counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
            .prefix(n).map { (table.keys[$0], counts[$0]) }
    }
}

/// `IntFrequencyCounter` for byte strings.
struct ByteFrequencyCounter: Sendable {
    private(set) var table = ByteKeyTable()
    private(set) var counts: [Int] = []
    private(set) var pruned = false
    let capacity: Int

    init(capacity: Int) { self.capacity = max(capacity, 16) }

    @inline(__always)
    mutating func add(_ key: UnsafeBufferPointer<UInt8>) {
        let (id, inserted) = table.insert(key)
        if inserted { counts.append(1) } else { counts[id] += 1 }
        if inserted, counts.count > capacity { prune() }
    }

    private mutating func prune() {
        pruned = true
        let keep = survivingIDs(counts)
        var newTable = ByteKeyTable(capacity: keep.count)
        var newCounts: [Int] = []
        newCounts.reserveCapacity(keep.count)
        for id in keep {
            table.keys.withBytes(at: id) { _ = newTable.insert($0) }
            newCounts.append(counts[id])
        }
        table = newTable
        counts = newCounts
    }

    func top(_ n: Int) -> [(key: String, count: Int)] {
        counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
            .prefix(n).map { (table.keys[$0], counts[$0]) }
    }
}
