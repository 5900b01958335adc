/// Places category labels in a few dimensions so that labels that look alike lie close:
/// each label becomes a unit vector of hashed character trigrams (a small static string
/// embedding), and principal components of the original labels' vectors (plus one for
/// unseen labels) keep 2, 3 or 4 coordinates by cardinality.
struct QACategoryEmbedder {
    static let hashedDimensions = 64

    /// Coordinates of each original label, then of the "unseen" label (last).
    let coordinates: [[Double]]
    let dimensions: Int

    init(labels: [String]) {
        let all = labels + ["_RARE_"]
        dimensions = labels.count <= 20 ? 2 : (labels.count <= 100 ? 3 : 4)
        let vectors = all.map(Self.hashedVector)
        coordinates = Self.principalComponents(vectors, keep: dimensions)
    }

    /// A unit vector of signed trigram counts of `" label "`.
    static func hashedVector(_ label: String) -> [Double] {
        var v = [Double](repeating: 0, count: hashedDimensions)
        let bytes: [UInt8] = [0x20] + Array(label.utf8) + [0x20]
        let grams = max(1, bytes.count - 2)
        for start in 0..<grams {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in bytes[start..<min(start + 3, bytes.count)] { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            let index = Int(h % UInt64(hashedDimensions))
            v[index] += (h >> 63) == 0 ? 1 : -1
        }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }

    /// The first `keep` principal-component scores of `vectors` (centred; Jacobi eigensolver).
    static func principalComponents(_ vectors: [[Double]], keep: Int) -> [[Double]] {
        let n = vectors.count, d = hashedDimensions
        var mean = [Double](repeating: 0, count: d)
        for v in vectors { for k in 0..<d { mean[k] += v[k] / Double(n) } }
        let centred = vectors.map { v in (0..<d).map { v[$0] - mean[$0] } }
        var cov = [Double](repeating: 0, count: d * d)
        for v in centred {
            for a in 0..<d where v[a] != 0 { for b in 0..<d { cov[a * d + b] += v[a] * v[b] } }
        }
        let (values, vectorsByColumn) = jacobiEigen(cov, size: d)
        let order = (0..<d).sorted { values[$0] > values[$1] }
        return centred.map { v in
            (0..<keep).map { c in
                let e = order[c]
                var s = 0.0
                for k in 0..<d { s += v[k] * vectorsByColumn[k * d + e] }
                return s
            }
        }
    }

    /// Eigenvalues and eigenvectors (column `j` of the row-major result) of a symmetric matrix.
    static func jacobiEigen(_ matrix: [Double], size n: Int) -> ([Double], [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<50 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(n, p + 1) { off += a[p * n + q] * a[p * n + q] } }
            if off < 1e-22 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) {
                    let apq = a[p * n + q]
                    if abs(apq) < 1e-300 { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }
}
