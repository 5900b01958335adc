/// "Did you mean" suggestions by edit distance.
public enum Suggestions {
    /// The candidate closest to `word`, when it is close enough to be a likely typo.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        if lowered.count >= 2 {
            let prefixed = candidates.filter { $0.lowercased().hasPrefix(lowered) }
            if let shortest = prefixed.min(by: { $0.count < $1.count }) { return shortest }
        }
        let allowed = max(1, min(3, word.count / 3 + 1))
        let length = lowered.unicodeScalars.count
        var best: (String, Int)?
        // Words whose lengths differ by more than `allowed` are further apart than that:
        // skipping them keeps a huge unknown name from costing length × length work.
        for candidate in candidates {
            let other = candidate.lowercased()
            guard abs(other.unicodeScalars.count - length) <= allowed else { continue }
            let distance = editDistance(lowered, other)
            if let current = best, distance >= current.1 { continue }
            best = (candidate, distance)
        }
        guard let (candidate, distance) = best else { return nil }
        if distance <= allowed { return candidate }
        return nil
    }

    /// A hint "did you mean `x`?" or `nil`.
    public static func didYouMean(_ word: String, in candidates: [String]) -> String? {
        closest(to: word, in: candidates).map { "did you mean `\($0)`?" }
    }

    /// Levenshtein distance (insert, delete, substitute each cost 1).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
