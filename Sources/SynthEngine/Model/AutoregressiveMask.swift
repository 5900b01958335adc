/// The autoregressive mask on the first layer: the weight row of input position `r`
/// (belonging to sub-column `j`) feeds head `k` only if `j` comes before `k` in the order.
enum AutoregressiveMask {
    /// `dst = W1 ⊙ M(order)`, both `D × H` row-major.
    static func apply(arch: ModelArchitecture, order: ColumnOrder, w1: UnsafePointer<Float>,
                      into dst: UnsafeMutablePointer<Float>) {
        let h = arch.hiddenWidth
        let n = arch.subColumnCount
        order.position.withUnsafeBufferPointer { pos in
            arch.hiddenOffsets.withUnsafeBufferPointer { hOff in
                arch.hiddenDims.withUnsafeBufferPointer { hDim in
                    for j in 0..<n {
                        let pj = pos[j]
                        let start = arch.embeddingOffsets[j]
                        for r in start..<(start + arch.embeddingDims[j]) {
                            let src = w1 + r * h
                            let out = dst + r * h
                            for k in 0..<n {
                                let o = hOff[k]
                                if pj < pos[k] {
                                    (out + o).update(from: src + o, count: hDim[k])
                                } else {
                                    (out + o).update(repeating: 0, count: hDim[k])
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Zeroes the entries of a `D × H` gradient that the mask of `order` removes.
    static func maskGradient(arch: ModelArchitecture, order: ColumnOrder, gradW1: UnsafeMutablePointer<Float>) {
        let h = arch.hiddenWidth
        let n = arch.subColumnCount
        for j in 0..<n {
            let pj = order.position[j]
            let start = arch.embeddingOffsets[j]
            for r in start..<(start + arch.embeddingDims[j]) {
                let out = gradW1 + r * h
                for k in 0..<n where pj >= order.position[k] {
                    (out + arch.hiddenOffsets[k]).update(repeating: 0, count: arch.hiddenDims[k])
                }
            }
        }
    }
}
