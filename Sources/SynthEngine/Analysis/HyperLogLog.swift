import Foundation

/// A HyperLogLog sketch (Flajolet et al.) with 2¹² one-byte registers: estimates the number
/// of distinct hashes it has seen within about 1.6 % using 4 KiB, whatever the input size.
struct HyperLogLog: Sendable, Hashable {
    private static let precision = 12
    private static let registerCount = 1 << precision
    private var registers = [UInt8](repeating: 0, count: HyperLogLog.registerCount)

    /// Records one 64-bit hash (already well mixed).
    @inline(__always)
    mutating func add(hash: UInt64) {
        let index = Int(hash >> UInt64(64 - Self.precision))
        let rest = (hash << UInt64(Self.precision)) | (1 << UInt64(Self.precision - 1))
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        registers.withUnsafeMutableBufferPointer { r in
            if rank > r[index] { r[index] = rank }
        }
    }

    /// The estimated number of distinct hashes added, with the small-range correction.
    var estimate: Double {
        let m = Double(Self.registerCount)
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1.0 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        let raw = alpha * m * m / sum
        if raw <= 2.5 * m, zeros > 0 { return m * log(m / Double(zeros)) }
        return raw
    }
}
