import Testing
@testable import SynthEngine

/// DP-SGD training: per-row gradient clipping (the ghost norms equal the true per-row
/// gradient norms, under the causal mask, several head groups, random orders and dropout),
/// noise, and the privacy reported.
@Suite struct DifferentialPrivacyTrainingTests {
    static let table = ModelTestData.correlated(rows: 12, seed: 5)

    static func architecture() -> ModelArchitecture {
        ModelArchitecture(cardinalities: table.subColumns.map(\.cardinality),
                          columnOfSubColumn: table.subColumns.map(\.columnIndex),
                          embeddingDims: [3, 2, 2, 2, 3], hiddenDims: [4, 3, 5, 3, 4])
    }

    /// The parameter gradient (parameter layout) of `rows` rows starting at `first`, each
    /// row's gradient clipped to `clip` (`nil`: unclipped).
    static func gradient(_ arch: ModelArchitecture, _ params: [Float], order: ColumnOrder, first: Int, rows: Int,
                         clip: Float?, dropout: Float = 0, groups: Int = 2) -> [Float] {
        let ws = TrainingWorkspace(arch: arch, capacity: rows, seed: 7)
        let layout = OrderLayout(arch: arch, groups: groups)
        var params = params
        var codes = Array(table.codes[(first * table.width)..<((first + rows) * table.width)])
        return params.withUnsafeMutableBufferPointer { p in
            layout.set(order: order, params: p.baseAddress!)
            ws.zeroGradient()
            _ = codes.withUnsafeMutableBufferPointer { c in
                ws.run(params: p.baseAddress!, layout: layout, codes: c.baseAddress!, rows: rows, dropout: dropout,
                       gradientScale: 1, clipNorm: clip)
            }
            layout.restoreGradientLayout(ws.grad)
            return Array(UnsafeBufferPointer(start: ws.grad, count: arch.parameterCount))
        }
    }

    static func norm(_ g: [Float]) -> Double { g.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot() }

    static func orders(_ arch: ModelArchitecture) -> [ColumnOrder] {
        var rng = ModelRNG(seed: 3)
        return [ColumnOrder.natural(arch), ColumnOrder.random(arch, rng: &rng), ColumnOrder.random(arch, rng: &rng)]
    }

    @Test func eachRowsClippedGradientHasNormAtMostTheClippingNorm() throws {
        let arch = Self.architecture()
        var rng = ModelRNG(seed: 1)
        let params = arch.initialParameters(rng: &rng, logPriors: [])
        for order in Self.orders(arch) {
            for row in 0..<Self.table.rowCount {
                let full = Self.norm(Self.gradient(arch, params, order: order, first: row, rows: 1, clip: nil))
                #expect(full > 0.1)
                for clip: Float in [0.05, 0.5, 100] {
                    let clipped = Self.norm(Self.gradient(arch, params, order: order, first: row, rows: 1, clip: clip))
                    // Exactly min(full, C): the ghost norm is the true norm, not a bound on it.
                    let expected = min(full, Double(clip))
                    #expect(abs(clipped - expected) <= 1e-4 * expected, "row \(row): \(clipped) vs \(expected)")
                }
                let withDropout = Self.norm(Self.gradient(arch, params, order: order, first: row, rows: 1, clip: 0.05, dropout: 0.3))
                #expect(withDropout <= 0.05 * (1 + 1e-4))
            }
        }
    }

    @Test func aBatchSumsTheRowsClippedGradients() throws {
        let arch = Self.architecture()
        var rng = ModelRNG(seed: 2)
        let params = arch.initialParameters(rng: &rng, logPriors: [])
        for order in Self.orders(arch) {
            let batch = Self.gradient(arch, params, order: order, first: 0, rows: Self.table.rowCount, clip: 0.2)
            var sum = [Float](repeating: 0, count: arch.parameterCount)
            for row in 0..<Self.table.rowCount {
                let g = Self.gradient(arch, params, order: order, first: row, rows: 1, clip: 0.2)
                for i in 0..<sum.count { sum[i] += g[i] }
            }
            let difference = zip(batch, sum).map { $0 - $1 }
            #expect(Self.norm(difference) <= 1e-4 * Self.norm(sum))
            // Twelve rows, each at most 0.2.
            #expect(Self.norm(batch) <= 12 * 0.2 * (1 + 1e-4))
        }
    }

    static func privateSettings(seed: UInt64, epsilon: Double = 5) -> ModelSettings {
        ModelSettings(size: .small, maxEpochs: 3, batchSize: 64, seed: seed,
                      differentialPrivacy: DifferentialPrivacySettings(epsilon: epsilon))
    }

    @Test func trainingSpendsAtMostTheBudgetAndReportsIt() throws {
        let training = ModelTestData.correlated(rows: 1000, seed: 1)
        let empty = EncodedTable(subColumns: training.subColumns, rowCount: 0, codes: [])
        let model = try GenerativeModel.train(training: training, validation: empty, settings: Self.privateSettings(seed: 3))
        let spent = try #require(model.summary.differentialPrivacy)
        #expect(spent.epsilon <= 5)
        #expect(spent.epsilon > 4.9)  // the noise is the least that fits: the budget is used
        #expect(spent.epsilonBudget == 5)
        #expect(spent.delta == 1e-5)
        #expect(spent.steps == model.summary.steps)
        #expect(spent.steps == 3 * (1000 / 64))
        #expect(abs(spent.samplingRate - 64.0 / 1000) < 1e-12)
        #expect(spent.epsilon == RDPAccountant.epsilon(samplingRate: spent.samplingRate, noiseMultiplier: spent.noiseMultiplier,
                                                       steps: spent.steps, delta: spent.delta))
        // It still learns something: better than the uniform model's loss.
        let uniformLoss = training.subColumns.map { log(Double($0.cardinality)) }.reduce(0, +)
        #expect(try model.meanLoss(on: training) < uniformLoss)
    }

    @Test func noiseMakesSeedsDifferAndTheSameSeedRepeats() throws {
        let training = ModelTestData.correlated(rows: 400, seed: 1)
        let empty = EncodedTable(subColumns: training.subColumns, rowCount: 0, codes: [])
        let a = try GenerativeModel.train(training: training, validation: empty, settings: Self.privateSettings(seed: 1))
        let b = try GenerativeModel.train(training: training, validation: empty, settings: Self.privateSettings(seed: 2))
        let again = try GenerativeModel.train(training: training, validation: empty, settings: Self.privateSettings(seed: 1))
        #expect(a.parameters != b.parameters)
        #expect(a.parameters == again.parameters)
        // A smaller budget means more noise.
        let tight = try GenerativeModel.train(training: training, validation: empty, settings: Self.privateSettings(seed: 1, epsilon: 0.5))
        let loose = try #require(a.summary.differentialPrivacy), strict = try #require(tight.summary.differentialPrivacy)
        #expect(strict.noiseMultiplier > loose.noiseMultiplier)
    }

    @Test func impossibleBudgetsAreClearErrors() throws {
        let training = ModelTestData.correlated(rows: 100, seed: 1)
        let empty = EncodedTable(subColumns: training.subColumns, rowCount: 0, codes: [])
        for bad in [DifferentialPrivacySettings(epsilon: 0), DifferentialPrivacySettings(epsilon: .nan),
                    DifferentialPrivacySettings(epsilon: 1, delta: 1), DifferentialPrivacySettings(epsilon: 1, maxGradientNorm: -1)] {
            var settings = Self.privateSettings(seed: 1)
            settings.differentialPrivacy = bad
            #expect(throws: ModelError.self) { try GenerativeModel.train(training: training, validation: empty, settings: settings) }
        }
        var tiny = Self.privateSettings(seed: 1, epsilon: 1e-9)
        tiny.maxEpochs = 1000
        do {
            _ = try GenerativeModel.train(training: training, validation: empty, settings: tiny)
            Issue.record("a budget no noise can meet trained anyway")
        } catch let ModelError.invalidSetting(message) {
            #expect(message.contains("too small"))
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
