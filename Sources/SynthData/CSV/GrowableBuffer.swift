/// A growable array of trivial values over raw memory, for the CSV indexer's hot loop
/// (no copy-on-write or uniqueness checks per append). Not shared across threads while written.
final class GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var pointer: UnsafeMutablePointer<Element>
    /// Elements in use. Hot loops may write through `pointer` below `capacity` themselves
    /// and set `count` when done.
    var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        pointer = .allocate(capacity: self.capacity)
    }

    deinit { pointer.deallocate() }

    @inline(__always)
    subscript(index: Int) -> Element { pointer[index] }

    @inline(__always)
    func append(_ value: Element) {
        if count == capacity { grow() }
        pointer[count] = value
        count += 1
    }

    func removeAll() { count = 0 }

    func removeLast(_ n: Int) { count -= min(n, count) }

    /// Doubles the capacity, keeping the first `count` elements.
    func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.update(from: pointer, count: count)
        pointer.deallocate()
        pointer = bigger
        capacity *= 2
    }
}
