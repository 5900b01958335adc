/// The network's first layer rearranged into the current column order, so the autoregressive
/// mask becomes block lower-triangular and whole blocks of zeros can be skipped.
///
/// In "order space", the input `x` holds the sub-columns' embeddings in generation order and
/// the hidden layer holds the heads in generation order. The head at position `p` sees the
/// first `prefix[p]` inputs. Heads are cut into a few contiguous groups; group `g` multiplies
/// only the first `inputs_g` inputs (those its last head sees), so the first layer costs
/// about (G+1)/2G of the full masked product instead of all of it.
///
/// `weights` (`D × H`) is `W1` permuted into order space and masked; `bias` is `b1` permuted.
final class OrderLayout: @unchecked Sendable {
    struct Group: Sendable {
        var hiddenStart: Int
        var hiddenEnd: Int
        var inputs: Int
    }

    let arch: ModelArchitecture
    private(set) var order: ColumnOrder
    /// Offset of sub-column `j`'s embedding in order-space `x`.
    let inputOffset: UnsafeMutablePointer<Int>
    /// Offset of head `k`'s units in the order-space hidden layer.
    let hiddenOffset: UnsafeMutablePointer<Int>
    private(set) var groups: [Group] = []
    let weights: UnsafeMutablePointer<Float>
    let bias: UnsafeMutablePointer<Float>
    private let scratch: UnsafeMutablePointer<Float>

    private let groupTarget: Int

    /// - Parameter groups: number of head groups; `nil` picks `groupCount(heads:)`.
    init(arch: ModelArchitecture, groups: Int? = nil) {
        self.arch = arch
        groupTarget = max(1, min(groups ?? Self.groupCount(heads: arch.subColumnCount), max(1, arch.subColumnCount)))
        order = ColumnOrder.natural(arch)
        let n = max(1, arch.subColumnCount)
        inputOffset = .allocate(capacity: n); inputOffset.initialize(repeating: 0, count: n)
        hiddenOffset = .allocate(capacity: n); hiddenOffset.initialize(repeating: 0, count: n)
        let dh = max(1, arch.inputWidth * arch.hiddenWidth)
        weights = .allocate(capacity: dh); weights.initialize(repeating: 0, count: dh)
        scratch = .allocate(capacity: dh); scratch.initialize(repeating: 0, count: dh)
        bias = .allocate(capacity: max(1, arch.hiddenWidth)); bias.initialize(repeating: 0, count: max(1, arch.hiddenWidth))
    }

    deinit {
        inputOffset.deallocate(); hiddenOffset.deallocate(); weights.deallocate(); scratch.deallocate(); bias.deallocate()
    }

    /// Number of head groups for `n` heads: about four heads per group, at most eight groups.
    static func groupCount(heads n: Int) -> Int { max(1, min(8, n / 4)) }

    /// Lays out `order` and copies the first layer of `params` into order space.
    func set(order: ColumnOrder, params: UnsafePointer<Float>) {
        self.order = order
        let n = arch.subColumnCount, h = arch.hiddenWidth
        var x = 0, hid = 0
        for k in order.sequence {
            inputOffset[k] = x; x += arch.embeddingDims[k]
            hiddenOffset[k] = hid; hid += arch.hiddenDims[k]
        }
        // Groups of contiguous positions.
        let g = groupTarget
        groups.removeAll(keepingCapacity: true)
        var start = 0
        for i in 0..<g {
            let end = (i + 1) * n / g
            if end <= start { continue }
            let first = order.sequence[start], last = order.sequence[end - 1]
            groups.append(Group(hiddenStart: hiddenOffset[first], hiddenEnd: hiddenOffset[last] + arch.hiddenDims[last],
                                inputs: inputOffset[last]))
            start = end
        }
        // Permuted, masked weights and permuted bias.
        let w1 = params + arch.w1Offset
        for j in 0..<n {
            let pj = order.position[j]
            for i in 0..<arch.embeddingDims[j] {
                let src = w1 + (arch.embeddingOffsets[j] + i) * h
                let dst = weights + (inputOffset[j] + i) * h
                for k in 0..<n {
                    let count = arch.hiddenDims[k]
                    if pj < order.position[k] {
                        (dst + hiddenOffset[k]).update(from: src + arch.hiddenOffsets[k], count: count)
                    } else {
                        (dst + hiddenOffset[k]).update(repeating: 0, count: count)
                    }
                }
            }
        }
        let b1 = params + arch.b1Offset
        for k in 0..<n { (bias + hiddenOffset[k]).update(from: b1 + arch.hiddenOffsets[k], count: arch.hiddenDims[k]) }
    }

    /// Converts a gradient whose `W1` and `b1` slots are in order space (as the workspaces
    /// write them) to the parameters' own layout, zeroing the masked weights.
    func restoreGradientLayout(_ grad: UnsafeMutablePointer<Float>) {
        let n = arch.subColumnCount, h = arch.hiddenWidth
        let gw = grad + arch.w1Offset
        for j in 0..<n {
            let pj = order.position[j]
            for i in 0..<arch.embeddingDims[j] {
                let src = gw + (inputOffset[j] + i) * h
                let dst = scratch + (arch.embeddingOffsets[j] + i) * h
                for k in 0..<n {
                    let count = arch.hiddenDims[k]
                    if pj < order.position[k] {
                        (dst + arch.hiddenOffsets[k]).update(from: src + hiddenOffset[k], count: count)
                    } else {
                        (dst + arch.hiddenOffsets[k]).update(repeating: 0, count: count)
                    }
                }
            }
        }
        gw.update(from: scratch, count: arch.inputWidth * h)
        let gb = grad + arch.b1Offset
        scratch.update(from: gb, count: h)
        for k in 0..<n { (gb + arch.hiddenOffsets[k]).update(from: scratch + hiddenOffset[k], count: arch.hiddenDims[k]) }
    }
}
