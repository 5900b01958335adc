/// The `k` smallest and `k` largest values seen (with repeats), in bounded memory: what value
/// protection needs to clip a range at the k-th smallest / largest value.
struct ExtremeValues<Element: Comparable & Sendable & Hashable>: Sendable, Hashable {
    let k: Int
    /// Ascending.
    private(set) var smallest: [Element] = []
    /// Descending.
    private(set) var largest: [Element] = []

    init(k: Int) { self.k = k }

    @inline(__always)
    mutating func add(_ x: Element) {
        if smallest.count < k || x < smallest[smallest.count - 1] {
            var i = smallest.count
            while i > 0 && smallest[i - 1] > x { i -= 1 }
            smallest.insert(x, at: i)
            if smallest.count > k { smallest.removeLast() }
        }
        if largest.count < k || x > largest[largest.count - 1] {
            var i = largest.count
            while i > 0 && largest[i - 1] < x { i -= 1 }
            largest.insert(x, at: i)
            if largest.count > k { largest.removeLast() }
        }
    }
}
