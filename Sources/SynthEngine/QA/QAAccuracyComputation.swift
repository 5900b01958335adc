import Foundation

/// Univariate, bivariate and trivariate accuracies over binned columns.
enum QAAccuracyComputation {
    /// Accuracy of every column.
    static func univariate(_ columns: [QABinnedColumn]) -> [QAAccuracyScore] {
        columns.map { score(of: [$0]) }
    }

    /// Accuracy of every pair `i < j` that `included` accepts, in row-major order of the upper triangle.
    static func bivariate(_ columns: [QABinnedColumn], threads: Int,
                          included: (Int, Int) -> Bool = { _, _ in true }) -> [(Int, Int, QAAccuracyScore)] {
        var pairs: [(Int, Int)] = []
        for i in 0..<columns.count { for j in (i + 1)..<max(columns.count, i + 1) where included(i, j) { pairs.append((i, j)) } }
        let fixedPairs = pairs
        let scores = parallelMap(pairs.count, threads: threads) { score(of: [columns[fixedPairs[$0].0], columns[fixedPairs[$0].1]]) }
        return pairs.indices.map { (pairs[$0].0, pairs[$0].1, scores[$0]) }
    }

    /// Accuracy of every triple `i < j < k`, or of a random sample of `limit` triples.
    static func trivariate(_ columns: [QABinnedColumn], limit: Int, random: inout QARandom, threads: Int)
        -> [(Int, Int, Int, QAAccuracyScore)] {
        var triples: [(Int, Int, Int)] = []
        let n = columns.count
        if n >= 3 {
            for i in 0..<n { for j in (i + 1)..<n { for k in (j + 1)..<max(n, j + 1) { triples.append((i, j, k)) } } }
        }
        if triples.count > limit {
            triples = random.sample(limit, from: triples.count).map { triples[$0] }
        }
        let fixed = triples
        let scores = parallelMap(triples.count, threads: threads) {
            score(of: [columns[fixed[$0].0], columns[fixed[$0].1], columns[fixed[$0].2]])
        }
        return triples.indices.map { (triples[$0].0, triples[$0].1, triples[$0].2, scores[$0]) }
    }

    /// Scores the joint bins of `columns` (one, two or three).
    static func score(of columns: [QABinnedColumn]) -> QAAccuracyScore {
        let cells = columns.reduce(1) { $0 * $1.binCount }
        var original = [Int32](repeating: 0, count: cells)
        var synthetic = [Int32](repeating: 0, count: cells)
        count(columns.map(\.original), cards: columns.map(\.binCount), into: &original)
        count(columns.map(\.synthetic), cards: columns.map(\.binCount), into: &synthetic)
        return original.withUnsafeBufferPointer { o in
            synthetic.withUnsafeBufferPointer { s in
                QAAccuracyScore.score(original: o, synthetic: s, originalTotal: columns[0].original.count,
                                      syntheticTotal: columns[0].synthetic.count)
            }
        }
    }

    /// Counts of the joint codes (`code₀ · card₁ · card₂ + code₁ · card₂ + code₂`).
    static func count(_ codes: [[Int32]], cards: [Int], into counts: inout [Int32]) {
        let rows = codes[0].count
        counts.withUnsafeMutableBufferPointer { out in
            switch codes.count {
            case 1:
                codes[0].withUnsafeBufferPointer { a in for r in 0..<rows { out[Int(a[r])] += 1 } }
            case 2:
                let c1 = Int32(cards[1])
                codes[0].withUnsafeBufferPointer { a in
                    codes[1].withUnsafeBufferPointer { b in
                        for r in 0..<rows { out[Int(a[r] &* c1 &+ b[r])] += 1 }
                    }
                }
            default:
                let c1 = Int32(cards[1]), c2 = Int32(cards[2])
                codes[0].withUnsafeBufferPointer { a in
                    codes[1].withUnsafeBufferPointer { b in
                        codes[2].withUnsafeBufferPointer { c in
                            for r in 0..<rows { out[Int((a[r] &* c1 &+ b[r]) &* c2 &+ c[r])] += 1 }
                        }
                    }
                }
            }
        }
    }
}

/// `body(i)` for `i in 0 ..< count` on up to `threads` threads, results in order.
func parallelMap<T: Sendable>(_ count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let workers = max(1, min(threads, count))
    let results = UnsafeMutablePointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil, count: count)
    defer { results.deinitialize(count: count); results.deallocate() }
    let shared = UnsafeSendable(results)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var i = worker
        while i < count {
            shared.pointer[i] = body(i)
            i += workers
        }
    }
    return (0..<count).compactMap { results[$0] }
}

/// A pointer handed to worker threads that write disjoint elements.
struct UnsafeSendable<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
