/// Pairwise association of the columns, original next to synthetic: Cramér's V over the
/// binned columns (0 = independent, 1 = one determines the other), so numbers, dates and
/// categories compare on one scale.
public struct QACorrelations: Sendable, Hashable, Codable {
    public var columns: [String]
    /// `original[i][j]`, symmetric, 1 on the diagonal.
    public var original: [[Double]]
    public var synthetic: [[Double]]

    static func compute(_ binned: [QABinnedColumn], threads: Int) -> QACorrelations {
        let n = binned.count
        var pairs: [(Int, Int)] = []
        for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { pairs.append((i, j)) } }
        let fixed = pairs
        let values = parallelMap(pairs.count, threads: threads) { index -> (Double, Double) in
            let (i, j) = fixed[index]
            return (cramersV(binned[i].original, binned[i].binCount, binned[j].original, binned[j].binCount),
                    cramersV(binned[i].synthetic, binned[i].binCount, binned[j].synthetic, binned[j].binCount))
        }
        var original = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var synthetic = original
        for i in 0..<n { original[i][i] = 1; synthetic[i][i] = 1 }
        for (index, (i, j)) in pairs.enumerated() {
            original[i][j] = values[index].0; original[j][i] = values[index].0
            synthetic[i][j] = values[index].1; synthetic[j][i] = values[index].1
        }
        return QACorrelations(columns: binned.map(\.name), original: original, synthetic: synthetic)
    }

    /// Cramér's V of two code arrays (bias-free form over the bins that occur).
    static func cramersV(_ a: [Int32], _ cardA: Int, _ b: [Int32], _ cardB: Int) -> Double {
        let rows = a.count
        guard rows > 0 else { return 0 }
        var joint = [Int](repeating: 0, count: cardA * cardB)
        var rowTotals = [Int](repeating: 0, count: cardA), colTotals = [Int](repeating: 0, count: cardB)
        for r in 0..<rows {
            let x = Int(a[r]), y = Int(b[r])
            joint[x * cardB + y] += 1
            rowTotals[x] += 1
            colTotals[y] += 1
        }
        let usedRows = rowTotals.filter { $0 > 0 }.count, usedCols = colTotals.filter { $0 > 0 }.count
        let k = min(usedRows, usedCols)
        guard k > 1 else { return 0 }
        let n = Double(rows)
        var chi2 = 0.0
        for x in 0..<cardA where rowTotals[x] > 0 {
            for y in 0..<cardB where colTotals[y] > 0 {
                let expected = Double(rowTotals[x]) * Double(colTotals[y]) / n
                let diff = Double(joint[x * cardB + y]) - expected
                chi2 += diff * diff / expected
            }
        }
        return min(1, (chi2 / (n * Double(k - 1))).squareRoot())
    }
}
