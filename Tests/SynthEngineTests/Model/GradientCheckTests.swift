import Testing
@testable import SynthEngine

/// The analytic gradient of every parameter tensor (embeddings, masked first layer and its
/// bias, second layers and their biases, through the fused softmax cross-entropy) against
/// central finite differences.
@Suite struct GradientCheckTests {
    static func setup(flexibleSeed: UInt64?) -> (ModelArchitecture, [Float], [Int32], Int, ColumnOrder) {
        let table = ModelTestData.correlated(rows: 6, seed: 3)
        let arch = ModelArchitecture(cardinalities: table.subColumns.map(\.cardinality),
                                     columnOfSubColumn: table.subColumns.map(\.columnIndex),
                                     embeddingDims: [3, 2, 2, 2, 3], hiddenDims: [4, 3, 5, 3, 4])
        var rng = ModelRNG(seed: 11)
        var params = arch.initialParameters(rng: &rng, logPriors: [])
        // Non-zero biases everywhere so their gradients are exercised with realistic values.
        for i in 0..<params.count { params[i] += (rng.nextFloat() - 0.5) * 0.2 }
        let order: ColumnOrder
        if let s = flexibleSeed {
            var orng = ModelRNG(seed: s)
            order = ColumnOrder.random(arch, rng: &orng)
        } else {
            order = ColumnOrder.natural(arch)
        }
        moveBiasesAwayFromKinks(arch, &params, table.codes, table.rowCount, order)
        return (arch, params, table.codes, table.rowCount, order)
    }

    /// Shifts first-layer biases until no hidden pre-activation lies within 0.03 of the ReLU
    /// kink, where a finite difference with step 1e-2 would straddle it.
    static func moveBiasesAwayFromKinks(_ arch: ModelArchitecture, _ params: inout [Float], _ codes: [Int32],
                                        _ rows: Int, _ order: ColumnOrder) {
        let h = arch.hiddenWidth, n = arch.subColumnCount
        for _ in 0..<50 {
            var moved = false
            for u in 0..<h {
                for r in 0..<rows {
                    var s = params[arch.b1Offset + u]
                    for i in 0..<arch.inputWidth {
                        let j = arch.subColumnOfInput[i]
                        let e = params[arch.embeddingParamOffsets[j] + Int(codes[r * n + j]) * arch.embeddingDims[j]
                            + i - arch.embeddingOffsets[j]]
                        let k = headOfUnit(arch, u)
                        if order.position[j] < order.position[k] { s += e * params[arch.w1Offset + i * h + u] }
                    }
                    if abs(s) < 0.03 { params[arch.b1Offset + u] += 0.07; moved = true; break }
                }
            }
            if !moved { return }
        }
    }

    static func loss(_ arch: ModelArchitecture, _ params: [Float], _ codes: [Int32], _ rows: Int,
                     _ order: ColumnOrder, grad: Bool, dropout: Float = 0, groups: Int = 1) -> (Double, [Float]) {
        let ws = TrainingWorkspace(arch: arch, capacity: rows, seed: 1)
        let layout = OrderLayout(arch: arch, groups: groups)
        var params = params
        var codes = codes
        return params.withUnsafeMutableBufferPointer { p in
            layout.set(order: order, params: p.baseAddress!)
            ws.zeroGradient()
            let l = codes.withUnsafeMutableBufferPointer { c in
                ws.run(params: p.baseAddress!, layout: layout, codes: c.baseAddress!, rows: rows, dropout: dropout,
                       gradientScale: grad || dropout > 0 ? 1 : nil)
            }
            if grad { layout.restoreGradientLayout(ws.grad) }
            return (l, Array(UnsafeBufferPointer(start: ws.grad, count: arch.parameterCount)))
        }
    }

    func check(flexibleSeed: UInt64?, dropout: Float = 0, groups: Int = 1) {
        let (arch, params, codes, rows, order) = Self.setup(flexibleSeed: flexibleSeed)
        // Every call makes a fresh workspace with the same seed, so the dropout mask is the same.
        let (_, analytic) = Self.loss(arch, params, codes, rows, order, grad: true, dropout: dropout, groups: groups)
        var failures: [String] = []
        for i in 0..<arch.parameterCount {
            // A ReLU kink within ±eps of a hidden unit spoils a difference quotient, so try a
            // second, smaller step before calling a mismatch.
            var best = (err: Double.infinity, numeric: 0.0)
            for eps: Float in [1e-2, 2e-3] {
                var plus = params, minus = params
                plus[i] += eps
                minus[i] -= eps
                let lp = Self.loss(arch, plus, codes, rows, order, grad: false, dropout: dropout, groups: groups).0
                let lm = Self.loss(arch, minus, codes, rows, order, grad: false, dropout: dropout, groups: groups).0
                let numeric = (lp - lm) / Double(plus[i] - minus[i])
                let err = abs(Double(analytic[i]) - numeric) / max(1, abs(numeric))
                if err < best.err { best = (err, numeric) }
            }
            if best.err > 3e-3 {
                failures.append("param \(i) (\(Self.tensor(of: i, arch))): analytic \(analytic[i]), numeric \(best.numeric)")
            }
        }
        let count = failures.count
        #expect(count == 0, "\(failures.prefix(10))")
        // The mask must remove every weight from a sub-column to a head at or before it.
        let h = arch.hiddenWidth
        for r in 0..<arch.inputWidth {
            let j = arch.subColumnOfInput[r]
            for k in 0..<arch.subColumnCount where order.position[j] >= order.position[k] {
                for u in 0..<arch.hiddenDims[k] {
                    #expect(analytic[arch.w1Offset + r * h + arch.hiddenOffsets[k] + u] == 0)
                }
            }
        }
    }

    static func headOfUnit(_ arch: ModelArchitecture, _ u: Int) -> Int {
        var k = 0
        while k + 1 < arch.subColumnCount && arch.hiddenOffsets[k + 1] <= u { k += 1 }
        return k
    }

    static func tensor(of i: Int, _ arch: ModelArchitecture) -> String {
        if i < arch.w1Offset { return "embedding" }
        if i < arch.b1Offset { return "W1" }
        if i < arch.w2Offsets[0] { return "b1" }
        if i < arch.b2Offset { return "W2" }
        return "b2"
    }

    @Test func gradientsMatchFiniteDifferencesInNaturalOrder() { check(flexibleSeed: nil) }

    @Test func gradientsMatchFiniteDifferencesInARandomOrder() { check(flexibleSeed: 5) }

    @Test func gradientsMatchFiniteDifferencesWithDropout() { check(flexibleSeed: 9, dropout: 0.3) }

    /// Head groups skip the masked blocks of the first layer; the gradient must not change.
    @Test func gradientsMatchFiniteDifferencesWithHeadGroups() {
        check(flexibleSeed: nil, groups: 3)
        check(flexibleSeed: 13, groups: 2)
        check(flexibleSeed: 21, dropout: 0.2, groups: 5)
    }

    @Test func headGroupsGiveTheSameLossAsOneGroup() {
        let (arch, params, codes, rows, order) = Self.setup(flexibleSeed: 4)
        let one = Self.loss(arch, params, codes, rows, order, grad: true, groups: 1)
        let three = Self.loss(arch, params, codes, rows, order, grad: true, groups: 3)
        #expect(abs(one.0 - three.0) < 1e-5)
        #expect(zip(one.1, three.1).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func lossIsSumOfCrossEntropiesPerRow() {
        // With all weights zero, every head predicts its output bias: uniform → ln(card) each.
        let (arch, params, codes, rows, order) = Self.setup(flexibleSeed: nil)
        let zero = [Float](repeating: 0, count: params.count)
        let (l, _) = Self.loss(arch, zero, codes, rows, order, grad: false)
        let expected = arch.cardinalities.map { log(Double($0)) }.reduce(0, +) * Double(rows)
        #expect(abs(l - expected) < 1e-4)
    }
}

#if canImport(Glibc)
import Glibc
#endif
