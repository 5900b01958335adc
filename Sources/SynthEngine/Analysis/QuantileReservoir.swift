/// A uniform random sample (reservoir, Algorithm R) of at most `capacity` numbers, seeded:
/// quantiles of a column in bounded memory, exact while the column has at most `capacity`
/// values.
struct QuantileReservoir: Sendable {
    let capacity: Int
    private(set) var values: [Double] = []
    private(set) var seen = 0
    private var rng: SeededGenerator

    init(capacity: Int, seed: UInt64) {
        self.capacity = capacity
        rng = SeededGenerator(seed: seed)
    }

    /// Whether the sample holds every value seen.
    var isExact: Bool { seen <= capacity }

    @inline(__always)
    mutating func add(_ x: Double) {
        seen += 1
        if values.count < capacity {
            values.append(x)
        } else {
            let j = rng.nextInt(below: seen)
            if j < capacity { values[j] = x }
        }
    }

    /// Quantiles at `probabilities` (each in 0...1), by linear interpolation between order
    /// statistics; empty when no value was seen.
    func quantiles(_ probabilities: [Double]) -> [Double] {
        guard !values.isEmpty else { return [] }
        let sorted = values.sorted()
        return probabilities.map { QuantileReservoir.quantile(sorted, $0) }
    }

    /// The `p`-quantile of an ascending, non-empty array.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = min(max(p, 0), 1) * Double(sorted.count - 1)
        let lower = Int(position)
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return fraction == 0 ? sorted[lower] : sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
