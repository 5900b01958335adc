#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// AdamW (Adam with decoupled weight decay, Loshchilov & Hutter) over one flat parameter
/// vector, with preallocated moment buffers.
final class AdamW {
    let count: Int
    let beta1: Float = 0.9
    let beta2: Float = 0.999
    let epsilon: Float = 1e-8
    var weightDecay: Float
    private(set) var step = 0
    private let m: UnsafeMutablePointer<Float>
    private let v: UnsafeMutablePointer<Float>

    init(count: Int, weightDecay: Float) {
        self.count = count
        self.weightDecay = weightDecay
        m = .allocate(capacity: max(1, count)); m.initialize(repeating: 0, count: max(1, count))
        v = .allocate(capacity: max(1, count)); v.initialize(repeating: 0, count: max(1, count))
    }

    deinit { m.deallocate(); v.deallocate() }

    /// One update of `params` with gradient `grad` at learning rate `lr`.
    ///
    /// Eight parameters at a time in `SIMD8<Float>` lanes (the scalar loop compiled to scalar
    /// `sqrtss`/`divss`: a fifth of breast_cancer's training CPU), each lane computing exactly
    /// what the scalar tail does, so the result does not depend on where the lanes fall.
    func update(params: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>, lr: Float) {
        step += 1
        let b1 = beta1, b2 = beta2
        let c1 = 1 - powf(b1, Float(step))
        let c2 = 1 - powf(b2, Float(step))
        let stepSize = lr / c1
        let invC2Sqrt = 1 / sqrtf(c2)
        let decay = 1 - lr * weightDecay
        let eps = epsilon
        typealias Lanes = SIMD8<Float>
        let lanes = Lanes.scalarCount
        let vectorEnd = count - count % lanes
        let vb1 = Lanes(repeating: b1), vb1c = Lanes(repeating: 1 - b1)
        let vb2 = Lanes(repeating: b2), vb2c = Lanes(repeating: 1 - b2)
        let vDecay = Lanes(repeating: decay), vStep = Lanes(repeating: stepSize)
        let vInv = Lanes(repeating: invC2Sqrt), vEps = Lanes(repeating: eps)
        var i = 0
        while i < vectorEnd {
            let g = UnsafeRawPointer(grad + i).loadUnaligned(as: Lanes.self)
            let mi = vb1 * UnsafeRawPointer(m + i).loadUnaligned(as: Lanes.self) + vb1c * g
            let vi = vb2 * UnsafeRawPointer(v + i).loadUnaligned(as: Lanes.self) + vb2c * g * g
            UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: Lanes.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: Lanes.self)
            let p = UnsafeRawPointer(params + i).loadUnaligned(as: Lanes.self)
            UnsafeMutableRawPointer(params + i).storeBytes(of: p * vDecay - vStep * mi / (vi.squareRoot() * vInv + vEps),
                                                           as: Lanes.self)
            i += lanes
        }
        for i in vectorEnd..<count {
            let g = grad[i]
            let mi = b1 * m[i] + (1 - b1) * g
            let vi = b2 * v[i] + (1 - b2) * g * g
            m[i] = mi
            v[i] = vi
            params[i] = params[i] * decay - stepSize * mi / (sqrtf(vi) * invC2Sqrt + eps)
        }
    }
}
