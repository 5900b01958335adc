import Foundation
import Testing
import SynthData
import SynthTestSupport
@testable import SynthEngine

/// A table whose encoding has no sub-columns (a lookup table: a key and a column of unique
/// names, which value protection reduces to `_RARE_`) trains a model without parameters that
/// generates any number of rows: fresh keys and the protected single value.
@Suite struct NothingToModelTests {
    static let airlines: Table = try! Table(columns: [
        Column(name: "carrier", values: .string(StringArray(["AA", "B6", "DL", "EV", "UA", "WN"]))),
        Column(name: "name", values: .string(StringArray(["American Airlines Inc.", "JetBlue Airways", "Delta Air Lines Inc.",
                                                          "ExpressJet Airlines Inc.", "United Air Lines Inc.", "Southwest Airlines Co."]))),
    ])

    private func synthesizer(_ settings: ModelSettings = ModelSettings(seed: 1)) throws -> Synthesizer {
        let encoding = try TableEncoder.fit(table: Self.airlines, overrides: ["carrier": .primaryKey], seed: 1)
        #expect(encoding.subColumns.isEmpty, "every name is rare: nothing is left to model")
        let encoded = try encoding.encode(Self.airlines)
        let model = try GenerativeModel.train(training: encoded, validation: encoded, settings: settings)
        return Synthesizer(encoding: encoding, model: model)
    }

    @Test func trainsWithoutParametersAndGeneratesFreshKeysAndTheProtectedValue() throws {
        let synthesizer = try synthesizer()
        #expect(synthesizer.model.parameterCount == 0)
        #expect(synthesizer.model.summary.stopReason == .nothingToModel)
        #expect(synthesizer.model.summary.trainingRows == 6)
        // More rows than a chunk or a sampling block, in several chunks.
        var chunks: [Table] = []
        try synthesizer.generate(rows: 2_500, seed: 3, chunkSize: 1_024) { chunks.append($0) }
        #expect(chunks.count == 3)
        let table = try Table.concatenating(chunks)
        #expect(table.rowCount == 2_500)
        let keys = (0..<table.rowCount).map { table.columns[0].formattedCell($0) }
        #expect(Set(keys).count == 2_500 && keys.allSatisfy { $0 != nil })
        let names = (0..<table.rowCount).map { table.columns[1].formattedCell($0) }
        #expect(names.allSatisfy { $0 == "_RARE_" })
        // A part of the table (a shard's row range) gives the same rows as the whole.
        var part: [Table] = []
        try synthesizer.generate(rows: 2_500, seed: 3, options: GenerationOptions(), rowRange: 1_024..<2_048) { part.append($0) }
        let shard = try Table.concatenating(part)
        #expect((0..<shard.rowCount).map { shard.columns[0].formattedCell($0) } == Array(keys[1_024..<2_048]))
    }

    @Test func savesAndLoadsAndGeneratesTheSameRows() throws {
        let synthesizer = try synthesizer()
        let folder = try Fixtures.temporaryDirectory().appendingPathComponent("airlines.model")
        try synthesizer.save(to: folder)
        let loaded = try Synthesizer.load(from: folder)
        #expect(loaded.model.subColumns.isEmpty)
        #expect(try loaded.generateTable(rows: 40, seed: 9) == synthesizer.generateTable(rows: 40, seed: 9))
    }

    @Test func differentialPrivacySpendsNothingWhenNothingIsLearnt() throws {
        var settings = ModelSettings(seed: 1)
        settings.differentialPrivacy = DifferentialPrivacySettings(epsilon: 2)
        let model = try synthesizer(settings).model
        #expect(model.summary.differentialPrivacy?.epsilon == 0)
        #expect(model.summary.differentialPrivacy?.steps == 0)
        #expect(model.summary.differentialPrivacy?.epsilonBudget == 2)
    }

    @Test func invalidSettingsAreStillRefused() throws {
        var settings = ModelSettings(seed: 1)
        settings.maxEpochs = 0
        #expect(throws: ModelError.self) { try synthesizer(settings) }
    }
}
