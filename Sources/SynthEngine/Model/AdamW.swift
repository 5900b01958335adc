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
    func update(params: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>, lr: Float) {
        step += 1
        let b1 = beta1, b2 = beta2
        let c1 = 1 - powf(b1, Float(step))
        let c2 = 1 - powf(b2, Float(step))
        let stepSize = lr / c1
        let invC2Sqrt = 1 / sqrtf(c2)
        let decay = 1 - lr * weightDecay
        let eps = epsilon
        for i in 0..<count {
            let g = grad[i]
            let mi = b1 * m[i] + (1 - b1) * g
            let vi = b2 * v[i] + (1 - b2) * g * g
            m[i] = mi
            v[i] = vi
            params[i] = params[i] * decay - stepSize * mi / (sqrtf(vi) * invC2Sqrt + eps)
        }
    }
}
