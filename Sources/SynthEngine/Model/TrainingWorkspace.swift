#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Preallocated buffers for the forward and backward pass over up to `capacity` rows, plus a
/// gradient accumulator: one per thread. Nothing is allocated per step.
///
/// Layout (all row-major Float32): `x` rows × D (embeddings after dropout), `keep` rows × D
/// (dropout scale), `hidden` rows × H (after ReLU), `dHidden` rows × H, `logits` rows × C
/// (overwritten by d loss / d logits), `dX` rows × D, `grad` the parameter count.
final class TrainingWorkspace: @unchecked Sendable {
    let arch: ModelArchitecture
    let capacity: Int
    let x: UnsafeMutablePointer<Float>
    let keep: UnsafeMutablePointer<Float>
    let hidden: UnsafeMutablePointer<Float>
    let dHidden: UnsafeMutablePointer<Float>
    let logits: UnsafeMutablePointer<Float>
    let dX: UnsafeMutablePointer<Float>
    let grad: UnsafeMutablePointer<Float>
    // Per sub-column layout, copied out of the architecture so the hot loops read plain memory.
    let n: Int
    let card: UnsafeMutablePointer<Int>
    let embDim: UnsafeMutablePointer<Int>
    let embParamOff: UnsafeMutablePointer<Int>
    let hidDim: UnsafeMutablePointer<Int>
    let logOff: UnsafeMutablePointer<Int>
    let w2Off: UnsafeMutablePointer<Int>
    var rng: ModelRNG
    /// The first sub-column whose head counts in the loss. The heads before it predict context
    /// inputs (a sequential model's subject and history, `ModelTrainer.contextSubColumns`),
    /// which are always given when generating: they add nothing to the loss and get no
    /// gradient, so neither training nor early stopping follows how well context is predicted.
    var lossStart = 0

    init(arch: ModelArchitecture, capacity: Int, seed: UInt64) {
        self.arch = arch
        self.capacity = max(1, capacity)
        let d = arch.inputWidth, h = arch.hiddenWidth, c = arch.logitWidth
        func alloc(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
            p.initialize(repeating: 0, count: max(1, count))
            return p
        }
        x = alloc(self.capacity * d); keep = alloc(self.capacity * d); dX = alloc(self.capacity * d)
        hidden = alloc(self.capacity * h); dHidden = alloc(self.capacity * h)
        logits = alloc(self.capacity * c)
        grad = alloc(arch.parameterCount)
        n = arch.subColumnCount
        func ints(_ a: [Int]) -> UnsafeMutablePointer<Int> {
            let p = UnsafeMutablePointer<Int>.allocate(capacity: max(1, a.count))
            p.initialize(repeating: 0, count: max(1, a.count))
            for (i, v) in a.enumerated() { p[i] = v }
            return p
        }
        card = ints(arch.cardinalities); embDim = ints(arch.embeddingDims); embParamOff = ints(arch.embeddingParamOffsets); hidDim = ints(arch.hiddenDims)
        logOff = ints(arch.logitOffsets); w2Off = ints(arch.w2Offsets)
        rng = ModelRNG(seed: seed)
    }

    deinit {
        for p in [x, keep, hidden, dHidden, logits, dX, grad] { p.deallocate() }
        for p in [card, embDim, embParamOff, hidDim, logOff, w2Off] { p.deallocate() }
    }

    /// Forward pass over `rows` rows of `codes` (row-major, `n` per row) and, when
    /// `gradientScale` is non-nil, the backward pass accumulating `gradientScale ·
    /// d(sum of row losses)/d params` into `grad` (which the caller zeroes). The `W1` and `b1`
    /// slots of `grad` are written in `layout`'s order space (see
    /// `OrderLayout.restoreGradientLayout`). Returns the summed loss (nats) of the heads from
    /// `lossStart` on.
    ///
    /// With `clipNorm` (and a `gradientScale`), each row's gradient is scaled down to norm at
    /// most `clipNorm` before it is added (DP-SGD's per-example clipping, `clipPerRow`).
    func run(params: UnsafePointer<Float>, layout: OrderLayout, codes: UnsafePointer<Int32>, rows: Int,
             dropout: Float, gradientScale: Float?, clipNorm: Float? = nil) -> Double {
        precondition(rows <= capacity)
        if rows == 0 { return 0 }
        let d = arch.inputWidth, h = arch.hiddenWidth, c = arch.logitWidth
        let n = self.n
        let xOff = layout.inputOffset, hOff = layout.hiddenOffset
        let groups = layout.groups
        // 1. Embedding gather (+ dropout), into order space.
        let useDropout = dropout > 0 && gradientScale != nil
        let keepScale = useDropout ? 1 / (1 - dropout) : 1
        for b in 0..<rows {
            let xr = x + b * d
            let kr = keep + b * d
            let cr = codes + b * n
            for j in 0..<n {
                let dim = embDim[j]
                let src = params + embParamOff[j] + Int(cr[j]) * dim
                let dst = xr + xOff[j]
                if useDropout {
                    let kk = kr + xOff[j]
                    for i in 0..<dim {
                        let s: Float = rng.nextFloat() >= dropout ? keepScale : 0
                        kk[i] = s
                        dst[i] = src[i] * s
                    }
                } else {
                    for i in 0..<dim { dst[i] = src[i] }
                }
            }
        }
        // 2. First layers of all heads: one GEMM per group over the inputs the group sees.
        for g in groups {
            let width = g.hiddenEnd - g.hiddenStart
            if g.inputs == 0 {
                for b in 0..<rows { (hidden + b * h + g.hiddenStart).update(repeating: 0, count: width) }
            } else {
                BLAS.gemm(m: rows, n: width, k: g.inputs, a: x, lda: d, b: layout.weights + g.hiddenStart, ldb: h,
                          beta: 0, c: hidden + g.hiddenStart, ldc: h)
            }
        }
        let b1 = UnsafePointer(layout.bias)
        for b in 0..<rows {
            let hr = hidden + b * h
            for i in 0..<h {
                let v = hr[i] + b1[i]
                hr[i] = v > 0 ? v : 0
            }
        }
        // 3. Second layers, per head.
        let b2 = params + arch.b2Offset
        for k in 0..<n {
            BLAS.gemm(m: rows, n: card[k], k: hidDim[k], a: hidden + hOff[k], lda: h,
                      b: params + w2Off[k], ldb: card[k], beta: 0, c: logits + logOff[k], ldc: c)
        }
        // 4. Fused bias + softmax + cross-entropy (+ its gradient, in place).
        var loss = 0.0
        let scale = gradientScale ?? 0
        for b in 0..<rows {
            let lr = logits + b * c
            let cr = codes + b * n
            for k in 0..<n {
                let z = lr + logOff[k]
                let ck = card[k]
                if k < lossStart {
                    if gradientScale != nil { z.update(repeating: 0, count: ck) }
                    continue
                }
                let bk = b2 + logOff[k]
                var m = -Float.infinity
                for t in 0..<ck {
                    let v = z[t] + bk[t]
                    z[t] = v
                    if v > m { m = v }
                }
                let target = Int(cr[k])
                let targetShifted = z[target] - m
                var s: Float = 0
                for t in 0..<ck {
                    let e = expf(z[t] - m)
                    s += e
                    z[t] = e
                }
                loss += Double(logf(s) - targetShifted)
                if gradientScale != nil {
                    let inv = scale / s
                    for t in 0..<ck { z[t] *= inv }
                    z[target] -= scale
                }
            }
        }
        guard gradientScale != nil else { return loss }
        if let clipNorm { clipPerRow(rows: rows, clipNorm: clipNorm, params: params, layout: layout, dropoutMask: useDropout) }
        // 5. Backward through the second layers.
        for k in 0..<n {
            BLAS.gemm(transA: true, m: hidDim[k], n: card[k], k: rows, a: hidden + hOff[k], lda: h,
                      b: logits + logOff[k], ldb: c, beta: 1, c: grad + w2Off[k], ldc: card[k])
            BLAS.gemm(transB: true, m: rows, n: hidDim[k], k: card[k], a: logits + logOff[k], lda: c,
                      b: params + w2Off[k], ldb: card[k], beta: 0, c: dHidden + hOff[k], ldc: h)
        }
        let gb2 = grad + arch.b2Offset
        let gb1 = grad + arch.b1Offset  // order space
        for b in 0..<rows {
            let lr = logits + b * c
            for i in 0..<c { gb2[i] += lr[i] }
            let hr = hidden + b * h
            let dr = dHidden + b * h
            for i in 0..<h {
                let g: Float = hr[i] > 0 ? dr[i] : 0
                dr[i] = g
                gb1[i] += g
            }
        }
        // 6. Backward through the first layer (order space, only the blocks each group uses)
        //    and to x.
        for b in 0..<rows { (dX + b * d).update(repeating: 0, count: d) }
        for g in groups where g.inputs > 0 {
            let width = g.hiddenEnd - g.hiddenStart
            BLAS.gemm(transA: true, m: g.inputs, n: width, k: rows, a: x, lda: d, b: dHidden + g.hiddenStart, ldb: h,
                      beta: 1, c: grad + arch.w1Offset + g.hiddenStart, ldc: h)
            BLAS.gemm(transB: true, m: rows, n: g.inputs, k: width, a: dHidden + g.hiddenStart, lda: h,
                      b: layout.weights + g.hiddenStart, ldb: h, beta: 1, c: dX, ldc: d)
        }
        // 7. Scatter into the embedding tables.
        for b in 0..<rows {
            let dr = dX + b * d
            let kr = keep + b * d
            let cr = codes + b * n
            for j in 0..<n {
                let dim = embDim[j]
                let dst = grad + embParamOff[j] + Int(cr[j]) * dim
                let src = dr + xOff[j]
                if useDropout {
                    let kk = kr + xOff[j]
                    for i in 0..<dim { dst[i] += src[i] * kk[i] }
                } else {
                    for i in 0..<dim { dst[i] += src[i] }
                }
            }
        }
        return loss
    }

    func zeroGradient() { grad.update(repeating: 0, count: arch.parameterCount) }
}

extension TrainingWorkspace {
    /// Sums the threads' gradients into the first workspace's buffer in a fixed order (thread
    /// 1, 2, … added to thread 0, so the result does not depend on scheduling), puts it back
    /// into the parameters' own layout, and returns that buffer.
    static func summedGradient(of workspaces: [TrainingWorkspace], parameterCount: Int,
                               layout: OrderLayout) -> UnsafeMutablePointer<Float> {
        let g = workspaces[0].grad
        for t in 1..<workspaces.count {
            let gt = workspaces[t].grad
            for i in 0..<parameterCount { g[i] += gt[i] }
        }
        layout.restoreGradientLayout(g)
        return g
    }
}
