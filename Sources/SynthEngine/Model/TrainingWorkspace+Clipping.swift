/// Per-row gradient clipping for DP-SGD, without materialising per-row gradients.
///
/// Every parameter block's per-row gradient is a rank-one product or a single row, so its
/// squared norm is a product of two squared norms ("ghost clipping"): for head k's output
/// layer ‖h_k‖²·‖δ_k‖², for its first layer ‖x_<k‖²·‖g_k‖² (x_<k the inputs the head sees
/// under the causal mask, g_k the gradient at its pre-activations), the biases ‖δ‖² and
/// ‖g‖², and each embedding table one row, ‖∂x_j ⊙ keep_j‖². Scaling the row's loss gradient
/// δ by min(1, C/‖∇‖) scales that row's whole gradient by the same factor, since the backward
/// pass is linear in δ.
extension TrainingWorkspace {
    /// Scales each row's loss gradient (in `logits`) so that its parameter gradient has norm
    /// at most `clipNorm`. Uses `dHidden` and `dX` as scratch; the forward pass must have run
    /// (with `dropoutMask`, `keep` holds the dropout scales it drew).
    func clipPerRow(rows: Int, clipNorm: Float, params: UnsafePointer<Float>, layout: OrderLayout, dropoutMask: Bool) {
        let d = arch.inputWidth, h = arch.hiddenWidth, c = arch.logitWidth
        let xOff = layout.inputOffset, hOff = layout.hiddenOffset
        // Gradients at the hidden pre-activations and at the inputs, unclipped.
        for k in 0..<n {
            BLAS.gemm(transB: true, m: rows, n: hidDim[k], k: card[k], a: logits + logOff[k], lda: c,
                      b: params + w2Off[k], ldb: card[k], beta: 0, c: dHidden + hOff[k], ldc: h)
        }
        for b in 0..<rows {
            let hr = hidden + b * h, dr = dHidden + b * h
            for i in 0..<h where hr[i] <= 0 { dr[i] = 0 }
            (dX + b * d).update(repeating: 0, count: d)
        }
        for g in layout.groups where g.inputs > 0 {
            let width = g.hiddenEnd - g.hiddenStart
            BLAS.gemm(transB: true, m: rows, n: g.inputs, k: width, a: dHidden + g.hiddenStart, lda: h,
                      b: layout.weights + g.hiddenStart, ldb: h, beta: 1, c: dX, ldc: d)
        }
        let sequence = layout.order.sequence
        for b in 0..<rows {
            let xr = x + b * d, hr = hidden + b * h, dr = dHidden + b * h, lr = logits + b * c, kr = keep + b * d
            let dxr = dX + b * d
            var total: Double = 0
            var seen: Double = 0  // ‖x‖² of the inputs before the current position
            for k in sequence {
                let hk = squaredNorm(hr + hOff[k], hidDim[k])
                let deltaK = squaredNorm(lr + logOff[k], card[k])
                let gk = squaredNorm(dr + hOff[k], hidDim[k])
                total += hk * deltaK + deltaK + gk + seen * gk
                seen += squaredNorm(xr + xOff[k], embDim[k])
                // The embedding row this row used; dropout's mask scales its gradient.
                var e: Double = 0
                let dj = dxr + xOff[k], kj = kr + xOff[k]
                for i in 0..<embDim[k] {
                    let v = dropoutMask ? Double(dj[i]) * Double(kj[i]) : Double(dj[i])
                    e += v * v
                }
                total += e
            }
            let norm = total.squareRoot()
            if norm > Double(clipNorm) {
                let factor = Float(Double(clipNorm) / norm)
                for i in 0..<c { lr[i] *= factor }
            }
        }
    }

    private func squaredNorm(_ p: UnsafePointer<Float>, _ count: Int) -> Double {
        var s: Double = 0
        for i in 0..<count { s += Double(p[i]) * Double(p[i]) }
        return s
    }
}
