/// A compact array of UTF-8 strings: one contiguous byte buffer plus `count + 1` offsets.
///
/// No `String` is created per element unless one is asked for with `subscript`; hot loops
/// use `withBytes(at:_:)` or `bytes(at:)` to see an element's bytes in place.
public struct StringArray: Sendable, Hashable {
    /// UTF-8 bytes of all elements, back to back.
    public private(set) var bytes: [UInt8]
    /// `offsets[i] ..< offsets[i + 1]` is element `i`'s range in `bytes`.
    public private(set) var offsets: [Int]

    public init() {
        bytes = []
        offsets = [0]
    }

    public init<S: Sequence>(_ strings: S) where S.Element == String {
        self.init()
        for string in strings { append(string) }
    }

    public var count: Int { offsets.count - 1 }

    public subscript(index: Int) -> String {
        withBytes(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// The byte range of element `index` within `bytes`.
    @inline(__always)
    public func byteRange(at index: Int) -> Range<Int> { offsets[index]..<offsets[index + 1] }

    /// Calls `body` with the UTF-8 bytes of element `index`.
    @inline(__always)
    public func withBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = byteRange(at: index)
        return try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[range]))
        }
    }

    /// Byte length of element `index`.
    @inline(__always)
    public func byteCount(at index: Int) -> Int { offsets[index + 1] - offsets[index] }

    public mutating func reserveCapacity(elements: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(elements + 1)
        bytes.reserveCapacity(byteCount)
    }

    public mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { append(bytes: $0) }
    }

    @inline(__always)
    public mutating func append(bytes source: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: source)
        offsets.append(bytes.count)
    }

    /// Appends many elements at once: their bytes packed back to back in `packed`, element
    /// `i` ending at `ends[i]` (offsets within `packed`, non-decreasing). One copy for all.
    public mutating func append(packed: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>) {
        let base = bytes.count
        bytes.append(contentsOf: packed)
        offsets.reserveCapacity(offsets.count + ends.count)
        for end in ends { offsets.append(base + end) }
    }

    /// Appends an empty element (used as the placeholder value of a null row).
    @inline(__always)
    public mutating func appendEmpty() { offsets.append(bytes.count) }

    public mutating func append(contentsOf other: StringArray) {
        let base = bytes.count
        bytes.append(contentsOf: other.bytes)
        offsets.reserveCapacity(offsets.count + other.count)
        for i in 1..<other.offsets.count { offsets.append(base + other.offsets[i]) }
    }

    /// The elements at `indices`, in that order.
    public func gathering(_ indices: [Int]) -> StringArray {
        var result = StringArray()
        result.offsets.reserveCapacity(indices.count + 1)
        bytes.withUnsafeBufferPointer { all in
            for index in indices {
                result.append(bytes: UnsafeBufferPointer(rebasing: all[byteRange(at: index)]))
            }
        }
        return result
    }

    /// Whether elements `i` of `self` and `j` of `other` hold the same bytes.
    public func elementEquals(_ i: Int, _ other: StringArray, _ j: Int) -> Bool {
        let a = byteRange(at: i), b = other.byteRange(at: j)
        guard a.count == b.count else { return false }
        return bytes[a].elementsEqual(other.bytes[b])
    }
}
