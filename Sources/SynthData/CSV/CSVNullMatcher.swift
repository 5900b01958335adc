/// Recognises null tokens (`NA`, `NULL`, ...) in raw field bytes without allocating.
struct CSVNullMatcher: Sendable {
    private let tokens: [[UInt8]]
    private let maxLength: Int
    private let matchesEmpty: Bool
    /// `startsToken[b]` is true when some token begins with byte `b` (a fast reject).
    private let startsToken: [Bool]

    init(tokens: Set<String>) {
        self.tokens = tokens.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        maxLength = self.tokens.map(\.count).max() ?? 0
        matchesEmpty = tokens.contains("")
        var starts = [Bool](repeating: false, count: 256)
        for token in self.tokens { if let first = token.first { starts[Int(first)] = true } }
        startsToken = starts
    }

    @inline(__always)
    func isNull(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if count == 0 { return matchesEmpty }
        if count > maxLength || !startsToken[Int(p[0])] { return false }
        for token in tokens where token.count == count {
            var equal = true
            for k in 0..<count where token[k] != p[k] { equal = false; break }
            if equal { return true }
        }
        return false
    }
}
