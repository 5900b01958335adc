import Testing
@testable import SynthEngine

/// The Rényi DP accountant against Opacus's. The reference figures were printed by Opacus
/// 1.6.0's `opacus/accountants/analysis/rdp.py` (`compute_rdp`, `get_privacy_spent` over
/// `RDPAccountant.DEFAULT_ALPHAS`), the oracle `scripts/check-dp-accountant` runs on a larger
/// grid; the tolerance is 1%, these agree far closer.
@Suite struct RDPAccountantTests {
    /// (sampling rate, noise multiplier, steps, δ, Opacus's ε, Opacus's best order).
    static let references: [(Double, Double, Int, Double, Double, Double)] = [
        (0.01, 1.0, 1000, 1e-5, 2.1013652716430564, 7.8),
        (0.064, 1.1, 46, 1e-5, 3.1325106372879885, 5.4),
        (0.001, 0.6, 10000, 1e-7, 4.668798625630735, 4.5),
        (0.2, 2.0, 100, 1e-5, 5.496204958478549, 4.5),
        (0.05, 5.0, 10000, 1e-6, 5.303662793231351, 5.8),
        (1.0, 3.0, 10, 1e-5, 5.023949750348651, 5.2),
        (0.004, 0.8, 5000, 1e-5, 2.92523658148822, 5.9),
    ]

    @Test(arguments: references)
    func epsilonAgreesWithOpacus(_ c: (Double, Double, Int, Double, Double, Double)) {
        let (q, sigma, steps, delta, expected, order) = c
        let result = RDPAccountant.epsilon(rdp: RDPAccountant.rdp(samplingRate: q, noiseMultiplier: sigma, steps: steps), delta: delta)
        #expect(abs(result.epsilon - expected) <= 1e-6 * expected, "\(result.epsilon) vs Opacus \(expected)")
        #expect(result.order == order)
    }

    /// One step's RDP at integer and fractional orders (Opacus's `_compute_rdp`).
    @Test func singleOrdersAgreeWithOpacus() {
        let cases: [(Double, Double, Double, Double)] = [
            (0.01, 1.0, 2.5, 0.00021757533233085147), (0.01, 1.0, 8, 0.0008936439076060279),
            (0.1, 0.7, 1.5, 0.03694927321835953), (0.1, 0.7, 32, 30.276199193012076),
        ]
        for (q, sigma, alpha, expected) in cases {
            let value = RDPAccountant.rdp(samplingRate: q, noiseMultiplier: sigma, order: alpha)
            #expect(abs(value - expected) <= 1e-8 * expected, "α = \(alpha): \(value) vs Opacus \(expected)")
        }
    }

    @Test func theOrdersAreOpacusDefaults() {
        #expect(RDPAccountant.defaultOrders.count == 99 + 52)
        #expect(RDPAccountant.defaultOrders.first == 1.1)
        #expect(RDPAccountant.defaultOrders.last == 63)
    }

    @Test func theNoiseMultiplierIsTheSmallestThatFits() throws {
        for (target, q, steps) in [(1.0, 0.01, 1000), (5.0, 0.064, 46), (8.0, 0.2, 3000)] {
            let sigma = try #require(RDPAccountant.noiseMultiplier(forEpsilon: target, delta: 1e-5, samplingRate: q, steps: steps))
            #expect(RDPAccountant.epsilon(samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: 1e-5) <= target)
            #expect(RDPAccountant.epsilon(samplingRate: q, noiseMultiplier: sigma * 0.99, steps: steps, delta: 1e-5) > target)
        }
        #expect(RDPAccountant.noiseMultiplier(forEpsilon: 1e-6, delta: 1e-5, samplingRate: 0.5, steps: 100) == nil)
    }

    @Test func edgeCases() {
        #expect(RDPAccountant.epsilon(samplingRate: 0.1, noiseMultiplier: 1, steps: 0, delta: 1e-5) == 0)
        #expect(RDPAccountant.rdp(samplingRate: 0, noiseMultiplier: 1, order: 2) == 0)
        #expect(RDPAccountant.rdp(samplingRate: 0.1, noiseMultiplier: 0, order: 2) == .infinity)
        // More steps or less noise never spend less.
        let base = RDPAccountant.epsilon(samplingRate: 0.02, noiseMultiplier: 1, steps: 500, delta: 1e-5)
        #expect(RDPAccountant.epsilon(samplingRate: 0.02, noiseMultiplier: 1, steps: 1000, delta: 1e-5) > base)
        #expect(RDPAccountant.epsilon(samplingRate: 0.02, noiseMultiplier: 0.8, steps: 500, delta: 1e-5) > base)
    }
}
