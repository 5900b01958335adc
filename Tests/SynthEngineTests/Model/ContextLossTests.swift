import Foundation
import Testing
@testable import SynthEngine

/// A model with context sub-columns (a sequential model's subject and history, always given
/// when generating) is trained and early-stopped on its own heads only: how well the context
/// itself could be predicted neither enters the loss nor steers training.
@Suite struct ContextLossTests {
    /// Sub-column 0 (context): uniform over 50 codes; sub-column 1: the context code mod 5.
    static func table(rows: Int, seed: UInt64) -> EncodedTable {
        var rng = ModelRNG(seed: seed)
        var codes: [Int32] = []
        for _ in 0..<rows {
            let context = Int32(rng.nextFloat() * 50) % 50
            codes += [context, context % 5]
        }
        return EncodedTable(subColumns: [SubColumnInfo(name: "context", cardinality: 50, columnIndex: 0),
                                         SubColumnInfo(name: "own", cardinality: 5, columnIndex: 1)],
                            rowCount: rows, codes: codes)
    }

    static func train(contextSubColumns: Int) throws -> GenerativeModel {
        let settings = ModelSettings(size: .small, maxEpochs: 15, batchSize: 64, learningRate: 0.01, seed: 3)
        return try GenerativeModel.train(training: table(rows: 2_000, seed: 1), validation: table(rows: 400, seed: 2),
                                         settings: settings, contextSubColumns: contextSubColumns,
                                         progress: { _ in }, isCancelled: { false }, shouldStop: { false })
    }

    @Test func theValidationLossCountsOnlyTheHeadsThatAreGenerated() throws {
        // The context is random: no model predicts it below ln 50 ≈ 3.9 nats on new rows.
        let flat = try Self.train(contextSubColumns: 0)
        #expect(try #require(flat.summary.bestValidationLoss) > 3.5)
        // With it as context only the own column counts, and that is a function of the context.
        let sequential = try Self.train(contextSubColumns: 1)
        #expect(try #require(sequential.summary.bestValidationLoss) < 0.5)
        #expect(sequential.summary.finalTrainingLoss < 0.5)
    }

    @Test func theOwnColumnIsGeneratedFromTheGivenContext() throws {
        let model = try Self.train(contextSubColumns: 1)
        let context: [Int32] = (0..<500).map { Int32($0 % 50) }
        let out = try model.generateTable(rows: 500, seed: 4, fixed: [0: context])
        let agree = (0..<500).filter { out.code(row: $0, subColumn: 1) == context[$0] % 5 }.count
        #expect(agree >= 475, "\(agree) of 500 rows follow their context")
    }
}
