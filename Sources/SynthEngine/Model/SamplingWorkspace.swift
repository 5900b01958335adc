#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffers for generating one block of rows, and the kernel that does it: for each
/// sub-column in the generation order, the head's hidden layer (a GEMM over the prefix of
/// already generated embeddings), logits, a draw per row (temperature, top-p, excluded codes),
/// and the drawn code's embedding written into the prefix for later heads. Temperature 0 takes
/// the most likely allowed code.
///
/// `x` is laid out in generation order, so head `k` at position `p` reads only the first
/// `prefix[p]` inputs against `W1` rows permuted into the same order (built once per call).
final class SamplingWorkspace: @unchecked Sendable {
    let arch: ModelArchitecture
    let capacity: Int
    let x: UnsafeMutablePointer<Float>
    let hidden: UnsafeMutablePointer<Float>
    let logits: UnsafeMutablePointer<Float>
    let codes: UnsafeMutablePointer<Int32>
    let probs: UnsafeMutablePointer<Float>
    let indices: UnsafeMutablePointer<Int32>
    /// Per row, the log-probability of its weighted fixed codes (importance resampling).
    let logWeights: UnsafeMutablePointer<Double>

    init(arch: ModelArchitecture, capacity: Int) {
        self.arch = arch
        self.capacity = capacity
        let maxHidden = arch.hiddenDims.max() ?? 1
        let maxCard = arch.cardinalities.max() ?? 1
        x = .allocate(capacity: capacity * arch.inputWidth)
        x.initialize(repeating: 0, count: capacity * arch.inputWidth)
        hidden = .allocate(capacity: capacity * maxHidden)
        hidden.initialize(repeating: 0, count: capacity * maxHidden)
        logits = .allocate(capacity: capacity * maxCard)
        logits.initialize(repeating: 0, count: capacity * maxCard)
        codes = .allocate(capacity: capacity * arch.subColumnCount)
        codes.initialize(repeating: 0, count: capacity * arch.subColumnCount)
        probs = .allocate(capacity: maxCard)
        probs.initialize(repeating: 0, count: maxCard)
        indices = .allocate(capacity: maxCard)
        indices.initialize(repeating: 0, count: maxCard)
        logWeights = .allocate(capacity: capacity)
        logWeights.initialize(repeating: 0, count: capacity)
    }

    deinit {
        x.deallocate(); hidden.deallocate(); logits.deallocate(); codes.deallocate()
        probs.deallocate(); indices.deallocate(); logWeights.deallocate()
    }

    /// Generates `rows` rows into `codes` (row-major, sub-columns in their own order).
    /// `plan` holds the order and the permuted first layer; `fixed` the codes to place instead
    /// of sampling (block row `b` is overall row `firstRow + b / candidates`).
    ///
    /// With `candidates` > 1 (importance resampling, for fixed codes the order reaches after
    /// free sub-columns: `plan.weighted`), every overall row is drawn `candidates` times, each
    /// draw weighted by the probability of its weighted fixed codes given what was drawn before
    /// them, and one draw per row is kept in proportion to its weight: the first
    /// `rows / candidates` rows of `codes` then hold the kept rows.
    func generate(rows: Int, plan: SamplingPlan, params: UnsafePointer<Float>, rng: inout ModelRNG,
                  temperature: Float, topP: Float, fixed: FixedCodes, firstRow: Int, candidates: Int = 1) {
        let d = arch.inputWidth, h = arch.hiddenWidth, n = arch.subColumnCount
        logWeights.update(repeating: 0, count: rows)
        let b1 = params + arch.b1Offset
        let b2 = params + arch.b2Offset
        let greedy = temperature == 0
        let invT = greedy ? 1 : 1 / temperature
        for p in 0..<n {
            let k = plan.order.sequence[p]
            let prefix = plan.prefix[p]
            let hk = arch.hiddenDims[k], ck = arch.cardinalities[k], hOff = arch.hiddenOffsets[k]
            let dk = arch.embeddingDims[k]
            let emb = params + arch.embeddingParamOffsets[k]
            let xOff = plan.prefix[p]  // this sub-column's embedding goes right after the prefix
            let weighted = plan.weighted[k]
            let needsModel = !fixed.isFixed(k) || weighted
            if needsModel {
                if prefix > 0 {
                    BLAS.gemm(m: rows, n: hk, k: prefix, a: x, lda: d, b: plan.permutedW1 + hOff, ldb: h,
                              beta: 0, c: hidden, ldc: hk)
                } else {
                    hidden.update(repeating: 0, count: rows * hk)
                }
                // Bias + ReLU over the `rows × hk` block just written by the GEMM. Pointer walk
                // with no index arithmetic in the inner loop (checked `hOff + i` kept it scalar):
                // `hidden` holds `capacity × maxHidden ≥ rows × hk` floats and `b1 + hOff` has
                // `hk` entries (head k's slice of the hidden biases), both fixed by `arch`.
                let bias1 = b1 + hOff
                var hr = hidden
                for _ in 0..<rows {
                    for i in 0..<hk {
                        let v = hr[i] + bias1[i]
                        hr[i] = v > 0 ? v : 0
                    }
                    hr += hk
                }
                BLAS.gemm(m: rows, n: ck, k: hk, a: hidden, lda: hk, b: params + arch.w2Offsets[k], ldb: ck,
                          beta: 0, c: logits, ldc: ck)
            }
            let bias = b2 + arch.logitOffsets[k]
            for b in 0..<rows {
                let code: Int32
                if let f = fixed.code(subColumn: k, row: firstRow + b / candidates) {
                    code = f
                    if weighted { logWeights[b] += logProbability(logits + b * ck, bias: bias, count: ck, code: Int(f)) }
                } else {
                    code = draw(logits + b * ck, bias: bias, count: ck, invT: invT, topP: topP, greedy: greedy,
                                excluded: plan.excluded[k], rng: &rng)
                }
                codes[b * n + k] = code
                (x + b * d + xOff).update(from: emb + Int(code) * dk, count: dk)
            }
        }
        if candidates > 1 { keepOnePerRow(rows: rows, candidates: candidates, rng: &rng) }
    }

    /// log softmax(z + bias)[code], at temperature 1 (the model's own probability).
    @inline(__always)
    private func logProbability(_ z: UnsafePointer<Float>, bias: UnsafePointer<Float>, count: Int, code: Int) -> Double {
        var m = -Float.infinity
        for t in 0..<count { m = max(m, z[t] + bias[t]) }
        var s: Float = 0
        for t in 0..<count { s += expf(z[t] + bias[t] - m) }
        return Double(z[code] + bias[code] - m) - Double(logf(s))
    }

    /// Keeps, of each row's `candidates` consecutive draws, one drawn in proportion to
    /// `exp(logWeights)`, moving it to row `i` (rows move only towards the front).
    private func keepOnePerRow(rows: Int, candidates: Int, rng: inout ModelRNG) {
        let n = arch.subColumnCount
        for i in 0..<(rows / candidates) {
            let first = i * candidates
            var m = -Double.infinity
            for j in 0..<candidates { m = max(m, logWeights[first + j]) }
            var total = 0.0
            for j in 0..<candidates { total += m.isFinite ? exp(logWeights[first + j] - m) : 1 }
            var u = Double(rng.nextFloat()) * total
            var kept = candidates - 1
            for j in 0..<candidates {
                u -= m.isFinite ? exp(logWeights[first + j] - m) : 1
                if u < 0 { kept = j; break }
            }
            if first + kept != i { (codes + i * n).update(from: codes + (first + kept) * n, count: n) }
        }
    }

    /// One draw from softmax((z + bias) / T) over the codes not in `excluded`, restricted to
    /// the smallest top set of probability mass ≥ topP when topP < 1; with `greedy`, the most
    /// likely allowed code (lowest code on ties), no randomness.
    @inline(__always)
    private func draw(_ z: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, count: Int, invT: Float, topP: Float,
                      greedy: Bool, excluded: [Int32], rng: inout ModelRNG) -> Int32 {
        var m = -Float.infinity
        for t in 0..<count {
            let v = (z[t] + bias[t]) * invT
            z[t] = v
        }
        for e in excluded { z[Int(e)] = -Float.infinity }
        var best: Int32 = 0
        for t in 0..<count where z[t] > m {
            m = z[t]
            best = Int32(t)
        }
        if greedy { return best }
        var s: Float = 0
        for t in 0..<count {
            let e = z[t] == -Float.infinity ? 0 : expf(z[t] - m)
            probs[t] = e
            s += e
        }
        if topP < 1 && count > 1 {
            for t in 0..<count { indices[t] = Int32(t) }
            let pr = probs
            var sorted = UnsafeMutableBufferPointer(start: indices, count: count)
            sorted.sort { pr[Int($0)] > pr[Int($1)] || (pr[Int($0)] == pr[Int($1)] && $0 < $1) }
            let threshold = topP * s
            var kept = 0
            var cumulative: Float = 0
            while kept < count {
                let pk = probs[Int(indices[kept])]
                if pk == 0 && kept > 0 { break }  // excluded codes and underflow: never drawn
                cumulative += pk
                kept += 1
                if cumulative >= threshold { break }
            }
            var u = rng.nextFloat() * cumulative
            for i in 0..<kept {
                u -= probs[Int(indices[i])]
                if u < 0 { return indices[i] }
            }
            return indices[kept - 1]
        }
        var u = rng.nextFloat() * s
        var last: Int32 = 0
        for t in 0..<count {
            let e = probs[t]
            if e > 0 { last = Int32(t) }
            u -= e
            if u < 0 { return Int32(t) }
        }
        return last
    }
}

/// The order of generation and the first layer permuted to match it.
final class SamplingPlan: @unchecked Sendable {
    let order: ColumnOrder
    /// `prefix[p]`: inputs (embedding widths) before position `p` in the order.
    let prefix: [Int]
    /// `W1` with its rows in generation order (`D × H`).
    let permutedW1: UnsafeMutablePointer<Float>

    /// `excluded[k]`: codes of sub-column `k` never drawn (never all of its codes).
    let excluded: [[Int32]]
    /// `weighted[k]`: sub-column `k` is fixed but comes after a free sub-column in the order,
    /// so its probability weights the draw (importance resampling).
    let weighted: [Bool]

    init(arch: ModelArchitecture, order: ColumnOrder, params: UnsafePointer<Float>, excluded: [[Int32]],
         weighted: [Bool]? = nil) {
        self.order = order
        self.excluded = excluded
        self.weighted = weighted ?? [Bool](repeating: false, count: arch.subColumnCount)
        var prefix: [Int] = []
        var total = 0
        for k in order.sequence { prefix.append(total); total += arch.embeddingDims[k] }
        self.prefix = prefix
        let h = arch.hiddenWidth
        permutedW1 = .allocate(capacity: max(1, arch.inputWidth * h))
        let w1 = params + arch.w1Offset
        for (p, k) in order.sequence.enumerated() {
            let src = w1 + arch.embeddingOffsets[k] * h
            (permutedW1 + prefix[p] * h).update(from: src, count: arch.embeddingDims[k] * h)
        }
    }

    deinit { permutedW1.deallocate() }
}

/// Codes given for some sub-columns at generation time: per row, or one for all rows.
struct FixedCodes: Sendable {
    /// Indexed by sub-column; nil where the sub-column is generated.
    let columns: [[Int32]?]

    @inline(__always)
    func isFixed(_ k: Int) -> Bool { columns[k] != nil }

    @inline(__always)
    func code(subColumn k: Int, row: Int) -> Int32? {
        guard let c = columns[k] else { return nil }
        return c.count == 1 ? c[0] : c[row]
    }
}
