/// Splits the dimensions of the QA's record embedding into groups of correlated dimensions,
/// the way mostlyai-qa does for its DCR share: spectral clustering of the graph whose edge
/// weights are the absolute Pearson correlations between dimensions.
///
/// The clustering follows the usual normalised-cut recipe: the `count` eigenvectors of the
/// normalised graph Laplacian `I − D^-½ W D^-½` with the smallest eigenvalues, each row
/// divided by √degree, give every dimension a point; k-means (k-means++ starts, the best of
/// several seeded runs) cuts the points into `count` groups. Dimensions that do not vary
/// (no correlation with anything) join the largest group.
enum QASpectralGrouping {
    /// k-means restarts; the run with the smallest within-group sum of squares is kept.
    static let restarts = 10

    /// `count` groups of dimension indices (sorted), from row-major `matrix` with `d` columns.
    static func groups(_ matrix: [Double], dimensions d: Int, count: Int, seed: UInt64) -> [[Int]] {
        let rows = d > 0 ? matrix.count / d : 0
        guard rows > 1, d > count, count > 1 else { return [] }
        let correlation = absoluteCorrelations(matrix, rows: rows, dimensions: d)
        // Dimensions without variance have no edges; cluster the others.
        let varying = (0..<d).filter { correlation[$0 * d + $0] > 0 }
        guard varying.count > count else { return [] }
        let n = varying.count
        var weights = [Double](repeating: 0, count: n * n)
        for (i, a) in varying.enumerated() {
            for (j, b) in varying.enumerated() where i != j { weights[i * n + j] = correlation[a * d + b] }
        }
        let points = spectralEmbedding(weights, size: n, components: count)
        var random = QARandom(seed: seed)
        let labels = kMeans(points, dimensions: count, clusters: count, restarts: restarts, random: &random)
        var groups = [[Int]](repeating: [], count: count)
        for (i, label) in labels.enumerated() { groups[label].append(varying[i]) }
        groups.removeAll { $0.isEmpty }
        let still = (0..<d).filter { correlation[$0 * d + $0] == 0 }
        if !still.isEmpty, let largest = groups.indices.max(by: { groups[$0].count < groups[$1].count }) {
            groups[largest] += still
        }
        return groups.map { $0.sorted() }
    }

    /// |Pearson correlation| between dimensions (row-major d × d); the diagonal is 1 for a
    /// dimension that varies and 0 for one that does not.
    static func absoluteCorrelations(_ matrix: [Double], rows: Int, dimensions d: Int) -> [Double] {
        var means = [Double](repeating: 0, count: d)
        for r in 0..<rows { for k in 0..<d { means[k] += matrix[r * d + k] } }
        for k in 0..<d { means[k] /= Double(rows) }
        var covariance = [Double](repeating: 0, count: d * d)
        for r in 0..<rows {
            for a in 0..<d {
                let x = matrix[r * d + a] - means[a]
                if x == 0 { continue }
                for b in a..<d { covariance[a * d + b] += x * (matrix[r * d + b] - means[b]) }
            }
        }
        var correlation = [Double](repeating: 0, count: d * d)
        for a in 0..<d {
            for b in a..<d {
                let denominator = (covariance[a * d + a] * covariance[b * d + b]).squareRoot()
                let c = denominator > 1e-300 ? min(1, abs(covariance[a * d + b] / denominator)) : 0
                correlation[a * d + b] = c
                correlation[b * d + a] = c
            }
        }
        return correlation
    }

    /// Rows: one point per node, `components` coordinates (row-major), from the eigenvectors
    /// of the normalised Laplacian with the smallest eigenvalues, divided by √degree.
    static func spectralEmbedding(_ weights: [Double], size n: Int, components: Int) -> [Double] {
        var degree = [Double](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<n { degree[i] += weights[i * n + j] } }
        let root = degree.map { $0 > 0 ? $0.squareRoot() : 1 }
        var laplacian = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                let normalised = weights[i * n + j] / (root[i] * root[j])
                laplacian[i * n + j] = (i == j ? (degree[i] > 0 ? 1 : 0) : 0) - normalised
            }
        }
        let (values, vectors) = QACategoryEmbedder.jacobiEigen(laplacian, size: n)
        let order = (0..<n).sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var points = [Double](repeating: 0, count: n * components)
        for c in 0..<components {
            let e = order[c]
            for i in 0..<n { points[i * components + c] = vectors[i * n + e] / root[i] }
        }
        return points
    }

    /// Labels `0 ..< clusters` for row-major `points`: Lloyd's algorithm from k-means++
    /// starts, the best of `restarts` runs by within-cluster sum of squares.
    static func kMeans(_ points: [Double], dimensions k: Int, clusters: Int, restarts: Int,
                       random: inout QARandom) -> [Int] {
        let n = points.count / k
        func distance(_ i: Int, _ centre: [Double], _ c: Int) -> Double {
            var s = 0.0
            for t in 0..<k { let x = points[i * k + t] - centre[c * k + t]; s += x * x }
            return s
        }
        var best: (inertia: Double, labels: [Int]) = (.infinity, [Int](repeating: 0, count: n))
        for _ in 0..<max(1, restarts) {
            // k-means++ starts.
            var centres = [Double](repeating: 0, count: clusters * k)
            let first = Int(random.next() % UInt64(n))
            for t in 0..<k { centres[t] = points[first * k + t] }
            for c in 1..<clusters {
                let nearest = (0..<n).map { i in (0..<c).map { distance(i, centres, $0) }.min() ?? 0 }
                let total = nearest.reduce(0, +)
                var pick = n - 1
                if total > 0 {
                    var target = Double(random.next() >> 11) / Double(1 << 53) * total
                    for i in 0..<n {
                        target -= nearest[i]
                        if target < 0 { pick = i; break }
                    }
                } else {
                    pick = Int(random.next() % UInt64(n))
                }
                for t in 0..<k { centres[c * k + t] = points[pick * k + t] }
            }
            // Lloyd iterations.
            var labels = [Int](repeating: -1, count: n)
            for _ in 0..<300 {
                var changed = false
                for i in 0..<n {
                    var label = 0, closest = Double.infinity
                    for c in 0..<clusters {
                        let dist = distance(i, centres, c)
                        if dist < closest { closest = dist; label = c }
                    }
                    if labels[i] != label { labels[i] = label; changed = true }
                }
                if !changed { break }
                var sums = [Double](repeating: 0, count: clusters * k), sizes = [Int](repeating: 0, count: clusters)
                for i in 0..<n {
                    sizes[labels[i]] += 1
                    for t in 0..<k { sums[labels[i] * k + t] += points[i * k + t] }
                }
                for c in 0..<clusters where sizes[c] > 0 {
                    for t in 0..<k { centres[c * k + t] = sums[c * k + t] / Double(sizes[c]) }
                }
            }
            let inertia = (0..<n).reduce(0.0) { $0 + distance($1, centres, labels[$1]) }
            if inertia < best.inertia { best = (inertia, labels) }
        }
        return best.labels
    }
}
