/// A small seeded generator (SplitMix64) for the QA's samples: same seed, same report.
struct QARandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `k` distinct indices from `0 ..< n` in random order (all of them, shuffled, when `k >= n`).
    mutating func sample(_ k: Int, from n: Int) -> [Int] {
        var indices = Array(0..<n)
        let take = min(max(k, 0), n)
        for i in 0..<take {
            let j = i + Int(next() % UInt64(n - i))
            indices.swapAt(i, j)
        }
        return Array(indices[0..<take])
    }
}
