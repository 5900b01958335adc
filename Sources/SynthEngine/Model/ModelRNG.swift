/// A small, fast, seedable random number generator (xoshiro256**, seeded through SplitMix64)
/// used by the model for initialisation, shuffling, dropout, column orders and sampling.
///
/// The model keeps its own generator so its results depend only on the seed, not on the
/// standard library's generator or on any other module.
public struct ModelRNG: RandomNumberGenerator, Sendable {
    /// The project's xoshiro256** generator; this type adds the model's draws on top.
    private var core: SeededGenerator

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        core = SeededGenerator(seed: seed)
    }

    /// A generator for stream `stream` of `seed`: independent streams for blocks of work
    /// (e.g. one per generated block of rows) that do not depend on how work is scheduled.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03) ^ 0x5851_F42D_4C95_7F2D)
        self.init(seed: mixer.next())
    }

    @inline(__always)
    public mutating func next() -> UInt64 { core.next() }

    /// Uniform in [0, 1) with 24 random bits.
    @inline(__always)
    public mutating func nextFloat() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextDouble() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    /// Uniform integer in `0 ..< bound` (`bound > 0`), without modulo bias worth noticing at
    /// the sizes the model uses (Lemire's multiply-shift).
    @inline(__always)
    public mutating func nextInt(below bound: Int) -> Int {
        Int(UInt64(bound).multipliedFullWidth(by: next()).high)
    }

    /// Standard normal variate (Box–Muller).
    public mutating func nextGaussian() -> Float {
        var u1 = nextDouble()
        if u1 < 1e-300 { u1 = 1e-300 }
        let u2 = nextDouble()
        return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
    }

    /// Adds `scale` × a standard normal variate to each of `count` floats at `values`
    /// (Marsaglia's polar method: two variates per accepted pair, one logarithm, no trigonometry).
    public mutating func addGaussianNoise(to values: UnsafeMutablePointer<Float>, count: Int, scale: Float) {
        var i = 0
        while i < count {
            let u = nextDouble() * 2 - 1, v = nextDouble() * 2 - 1
            let s = u * u + v * v
            if s >= 1 || s == 0 { continue }
            let factor = (-2 * _log(s) / s).squareRoot() * Double(scale)
            values[i] += Float(u * factor)
            if i + 1 < count { values[i + 1] += Float(v * factor) }
            i += 2
        }
    }

    /// Fisher–Yates shuffle of a buffer in place.
    public mutating func shuffle<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        var i = buffer.count - 1
        while i > 0 {
            let j = nextInt(below: i + 1)
            buffer.swapAt(i, j)
            i -= 1
        }
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) private func _log(_ x: Double) -> Double { Darwin.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
