/// One bit per row: set when the row holds a value, clear when it is null.
///
/// Stored as 64-bit words; bits past `count` are always clear.
public struct ValidityBitmap: Sendable, Hashable {
    public fileprivate(set) var words: [UInt64]
    public fileprivate(set) var count: Int

    /// A bitmap of `count` rows, all valid or all null.
    public init(count: Int, allValid: Bool) {
        self.count = count
        let wordCount = (count + 63) >> 6
        words = [UInt64](repeating: allValid ? ~0 : 0, count: wordCount)
        if allValid { clearTail() }
    }

    /// A bitmap from per-row flags (`true` = valid).
    public init<S: Sequence>(_ flags: S) where S.Element == Bool {
        self.init(count: 0, allValid: false)
        for flag in flags { append(flag) }
    }

    @inline(__always)
    public func isValid(_ row: Int) -> Bool {
        words[row >> 6] & (1 << UInt64(row & 63)) != 0
    }

    @inline(__always)
    public mutating func set(_ row: Int, valid: Bool) {
        if valid { words[row >> 6] |= 1 << UInt64(row & 63) } else { words[row >> 6] &= ~(1 << UInt64(row & 63)) }
    }

    @inline(__always)
    public mutating func append(_ valid: Bool) {
        if count & 63 == 0 { words.append(0) }
        if valid { words[count >> 6] |= 1 << UInt64(count & 63) }
        count += 1
    }

    /// Appends `n` rows with the same validity.
    public mutating func append(repeating valid: Bool, count n: Int) {
        for _ in 0..<n { append(valid) }
    }

    /// Appends all rows of `other`.
    public mutating func append(contentsOf other: ValidityBitmap) {
        if count & 63 == 0 {
            words.append(contentsOf: other.words)
            count += other.count
            return
        }
        for row in 0..<other.count { append(other.isValid(row)) }
    }

    /// Number of null rows.
    public var nullCount: Int {
        count - words.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// The rows at `indices`, in that order.
    public func gathering(_ indices: [Int]) -> ValidityBitmap {
        var result = ValidityBitmap(count: 0, allValid: false)
        result.words.reserveCapacity((indices.count + 63) >> 6)
        for index in indices { result.append(isValid(index)) }
        return result
    }

    private mutating func clearTail() {
        let tail = count & 63
        if tail != 0, !words.isEmpty { words[words.count - 1] = (1 << UInt64(tail)) - 1 }
    }
}

extension ValidityBitmap {
    /// Keeps the first `newCount` rows.
    public mutating func truncate(to newCount: Int) {
        guard newCount < count else { return }
        count = newCount
        words.removeLast(words.count - (newCount + 63) >> 6)
        let tail = newCount & 63
        if tail != 0 { words[words.count - 1] &= (1 << UInt64(tail)) - 1 }
    }
}
