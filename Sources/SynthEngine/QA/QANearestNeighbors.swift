import COpenBLAS
import Foundation

/// Exact Euclidean nearest and second-nearest neighbours of every query row among the data
/// rows. Squared distances come from `|q|² + |x|² − 2 q·x` with single-precision `sgemm` over
/// cache-sized blocks on several threads; the best few candidates of each query are then
/// re-measured in double precision, so exact copies score exactly 0.
package enum QANearestNeighbors {
    /// Distances to the closest and second-closest data row of each query row.
    package struct Result: Sendable {
        package var nearest: [Double]
        package var second: [Double]
    }

    static let candidates = 4
    static let queryBlock = 128
    static let dataBlock = 2048

    /// `data` and `queries` are row-major with `dimensions` columns.
    package static func search(data: [Double], queries: [Double], dimensions d: Int, threads: Int) -> Result {
        let dataRows = d > 0 ? data.count / d : 0
        let queryRows = d > 0 ? queries.count / d : 0
        guard dataRows > 0, queryRows > 0 else {
            return Result(nearest: [Double](repeating: .infinity, count: queryRows),
                          second: [Double](repeating: .infinity, count: queryRows))
        }
        let dataF = data.map { Float($0) }, queryF = queries.map { Float($0) }
        var dataNorms = [Float](repeating: 0, count: dataRows)
        for r in 0..<dataRows { var s: Float = 0; for k in 0..<d { s += dataF[r * d + k] * dataF[r * d + k] }; dataNorms[r] = s }
        var nearest = [Double](repeating: .infinity, count: queryRows)
        var second = [Double](repeating: .infinity, count: queryRows)

        let previousThreads = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(previousThreads) }

        let batches = (queryRows + queryBlock - 1) / queryBlock
        let workers = max(1, min(threads, batches))
        nearest.withUnsafeMutableBufferPointer { nearestOut in
            second.withUnsafeMutableBufferPointer { secondOut in
                dataF.withUnsafeBufferPointer { xF in
                    queryF.withUnsafeBufferPointer { qF in
                        dataNorms.withUnsafeBufferPointer { xNorm in
                            data.withUnsafeBufferPointer { x in
                                queries.withUnsafeBufferPointer { q in
                                    guard let nOut = nearestOut.baseAddress.map(UnsafeSendable.init),
                                          let sOut = secondOut.baseAddress.map(UnsafeSendable.init),
                                          let xF = xF.baseAddress, let qF = qF.baseAddress, let xNorm = xNorm.baseAddress,
                                          let x = x.baseAddress, let q = q.baseAddress else { return }
                                    let shared = Inputs(xF: xF, qF: qF, xNorm: xNorm, x: x, q: q, d: d,
                                                        dataRows: dataRows, queryRows: queryRows)
                                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                                        searchBatches(shared, worker: worker, workers: workers, batches: batches,
                                                      nearest: nOut.pointer, second: sOut.pointer)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Result(nearest: nearest, second: second)
    }

    private struct Inputs: @unchecked Sendable {
        let xF: UnsafePointer<Float>, qF: UnsafePointer<Float>, xNorm: UnsafePointer<Float>
        let x: UnsafePointer<Double>, q: UnsafePointer<Double>
        let d: Int, dataRows: Int, queryRows: Int
    }

    private static func searchBatches(_ input: Inputs, worker: Int, workers: Int, batches: Int,
                                      nearest: UnsafeMutablePointer<Double>, second: UnsafeMutablePointer<Double>) {
        let d = input.d, k = candidates
        let products = UnsafeMutablePointer<Float>.allocate(capacity: queryBlock * dataBlock)
        let bestScore = UnsafeMutablePointer<Float>.allocate(capacity: queryBlock * k)
        let bestIndex = UnsafeMutablePointer<Int>.allocate(capacity: queryBlock * k)
        defer { products.deallocate(); bestScore.deallocate(); bestIndex.deallocate() }

        var batch = worker
        while batch < batches {
            let q0 = batch * queryBlock
            let qn = min(queryBlock, input.queryRows - q0)
            bestScore.initialize(repeating: .infinity, count: qn * k)
            bestIndex.initialize(repeating: -1, count: qn * k)
            var x0 = 0
            while x0 < input.dataRows {
                let xn = min(dataBlock, input.dataRows - x0)
                // products[r, j] = -2 q_r · x_j
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(qn), Int32(xn), Int32(d), -2,
                            input.qF + q0 * d, Int32(d), input.xF + x0 * d, Int32(d),
                            0, products, Int32(xn))
                for r in 0..<qn {
                    let row = products + r * xn
                    let scores = bestScore + r * k, indices = bestIndex + r * k
                    var worst = scores[k - 1]
                    let norms = input.xNorm + x0
                    // Scalar scan: the compiler keeps this tight; candidates are rare after the first few.
                    var j = 0
                    while j < xn {
                        let s = row[j] + norms[j]
                        if s < worst { insert(s, x0 + j, scores, indices, k); worst = scores[k - 1] }
                        j += 1
                    }
                }
                x0 += xn
            }
            // Re-measure the candidates exactly.
            for r in 0..<qn {
                let query = input.q + (q0 + r) * d
                var first = Double.infinity, next = Double.infinity
                for c in 0..<k {
                    let index = bestIndex[r * k + c]
                    if index < 0 { continue }
                    let point = input.x + index * d
                    var sum = 0.0
                    for t in 0..<d { let diff = query[t] - point[t]; sum += diff * diff }
                    let distance = sum.squareRoot()
                    if distance < first { next = first; first = distance } else if distance < next { next = distance }
                }
                nearest[q0 + r] = first
                second[q0 + r] = next
            }
            batch += workers
        }
    }

    @inline(__always)
    private static func insert(_ score: Float, _ index: Int, _ scores: UnsafeMutablePointer<Float>,
                               _ indices: UnsafeMutablePointer<Int>, _ k: Int) {
        var position = k - 1
        while position > 0 && scores[position - 1] > score {
            scores[position] = scores[position - 1]
            indices[position] = indices[position - 1]
            position -= 1
        }
        scores[position] = score
        indices[position] = index
    }
}
