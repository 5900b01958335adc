import Foundation
import Testing
import SynthData
@testable import SynthEngine

/// Steering generation on a table with a known joint law. Columns, in this order:
/// `outcome` (u/v), `group` (x: 70 %, y: 30 %) and `noise` (p/q/r, independent: 0.6/0.3/0.1),
/// with P(outcome = u | group = x) = 0.9 and P(outcome = u | group = y) = 0.1. `group` does
/// not lead the column order, so conditioning on it needs the flexible-order model.
@Suite struct GenerationSteeringTests {
    static func table(rows: Int, seed: UInt64) throws -> Table {
        var rng = SeededGenerator(seed: seed)
        var outcome: [String] = [], group: [String] = [], noise: [String] = []
        for _ in 0..<rows {
            let g = rng.nextInt(below: 10) < 7 ? "x" : "y"
            let u = rng.nextInt(below: 10) < 9
            outcome.append((g == "x") == u ? "u" : "v")
            group.append(g)
            let n = rng.nextInt(below: 10)
            noise.append(n < 6 ? "p" : n < 9 ? "q" : "r")
        }
        return try Table(columns: [Column(name: "outcome", values: .string(StringArray(outcome))),
                                   Column(name: "group", values: .string(StringArray(group))),
                                   Column(name: "noise", values: .string(StringArray(noise)))])
    }

    static let trained: Result<Synthesizer, any Error> = Result {
        let training = try table(rows: 3000, seed: 1)
        let encoding = try TableEncoder.fit(table: training, valueProtection: false, seed: 1)
        var settings = ModelSettings(size: .small, maxEpochs: 25, batchSize: 64, learningRate: 0.01, seed: 42)
        settings.flexibleOrder = true
        let model = try GenerativeModel.train(training: encoding.encode(training),
                                              validation: encoding.encode(table(rows: 500, seed: 2)), settings: settings)
        return Synthesizer(encoding: encoding, model: model)
    }

    static func strings(_ table: Table, _ name: String) throws -> [String?] {
        let column = try table.column(named: name)
        guard case .string(let values) = column.values else { return [] }
        return (0..<column.count).map { column.isNull($0) ? nil : values[$0] }
    }

    static func share(_ values: [String?], _ value: String) -> Double {
        Double(values.filter { $0 == value }.count) / Double(max(values.count, 1))
    }

    static func seed(group: [String?]) throws -> Table {
        let validity = group.contains(nil) ? ValidityBitmap(group.map { $0 != nil }) : nil
        return try Table(columns: [Column(name: "group", values: .string(StringArray(group.map { $0 ?? "" })), validity: validity)])
    }

    @Test func seedOnANonLeadingColumnReproducesTheConditionalLaw() throws {
        let synthesizer = try Self.trained.get()
        for (group, expected) in [("x", 0.9), ("y", 0.1)] {
            let out = try synthesizer.generate(seed: Self.seed(group: Array(repeating: group, count: 1000)), seed: 3)
            #expect(try Self.strings(out, "group").allSatisfy { $0 == group })
            let share = Self.share(try Self.strings(out, "outcome"), "u")
            #expect(abs(share - expected) < 0.06, "P(u | \(group)) = \(share), expected \(expected)")
        }
        #expect(synthesizer.seedWarnings(try Self.seed(group: ["x"])).isEmpty)
    }

    /// The same law learned in the fixed column order, where `outcome` is drawn before `group`.
    static let trainedInOrder: Result<Synthesizer, any Error> = Result {
        let training = try table(rows: 3000, seed: 1)
        let encoding = try TableEncoder.fit(table: training, valueProtection: false, seed: 1)
        let settings = ModelSettings(size: .small, maxEpochs: 25, batchSize: 64, learningRate: 0.01, seed: 42)
        let model = try GenerativeModel.train(training: encoding.encode(training),
                                              validation: encoding.encode(table(rows: 500, seed: 2)), settings: settings)
        return Synthesizer(encoding: encoding, model: model)
    }

    @Test func aFixedOrderModelResamplesTheColumnsBeforeANonLeadingSeed() throws {
        // P(outcome = u | group) is 0.9 / 0.1; drawing outcome first and then placing group
        // would give its marginal, 0.66, for both.
        let synthesizer = try Self.trainedInOrder.get()
        #expect(!synthesizer.conditionsExactly(onColumns: ["group"]))
        for (group, expected) in [("x", 0.9), ("y", 0.1)] {
            let out = try synthesizer.generate(seed: Self.seed(group: Array(repeating: group, count: 1000)), seed: 3)
            #expect(try Self.strings(out, "group").allSatisfy { $0 == group })
            let share = Self.share(try Self.strings(out, "outcome"), "u")
            #expect(abs(share - expected) < 0.06, "P(u | \(group)) = \(share), expected \(expected)")
            // noise is independent of both and drawn after group: its law is kept.
            #expect(abs(Self.share(try Self.strings(out, "noise"), "p") - 0.6) < 0.06)
        }
        let warnings = synthesizer.seedWarnings(try Self.seed(group: ["x"]))
        #expect(warnings.count == 1 && warnings[0].contains("resampling"))
        // Rebalancing a non-leading column: the earlier column follows it too (0.5·0.9 + 0.5·0.1).
        let rebalanced = try synthesizer.generateTable(rows: 2000, seed: 6,
                                                       options: GenerationOptions(rebalancing: .init(column: "group", shares: ["y": 0.5])))
        #expect(abs(Self.share(try Self.strings(rebalanced, "outcome"), "u") - 0.5) < 0.05)
        // The same seed gives the same rows.
        let seedTable = try Self.seed(group: Array(repeating: "y", count: 300))
        #expect(try synthesizer.generate(seed: seedTable, seed: 8) == synthesizer.generate(seed: seedTable, seed: 8))
    }

    @Test func seedNullsAreGeneratedAndUnknownSeedColumnsAreNamed() throws {
        let synthesizer = try Self.trained.get()
        let out = try synthesizer.generate(seed: Self.seed(group: Array(repeating: nil, count: 2000)), seed: 4)
        let group = try Self.strings(out, "group")
        #expect(group.allSatisfy { $0 != nil })
        #expect(abs(Self.share(group, "x") - 0.7) < 0.05)
        let bad = try Table(columns: [Column(name: "grup", values: .string(StringArray(["x"]))),
                                      Column(name: "colour", values: .string(StringArray(["red"])))])
        #expect(throws: EncodingError.unknownSeedColumns(["grup", "colour"], available: ["outcome", "group", "noise"])) {
            try synthesizer.generate(seed: bad, seed: 1)
        }
        let warnings = synthesizer.seedWarnings(try Self.seed(group: ["x", "z", "z"]))
        #expect(warnings.count == 1 && warnings[0].contains("'group' has 2 values the model never saw"))
    }

    @Test func imputationFillsOnlyTheNullsOfTheChosenColumns() throws {
        let synthesizer = try Self.trained.get()
        let rows = 1200
        let full = try Self.table(rows: rows, seed: 9)
        let outcome = try Self.strings(full, "outcome"), group = try Self.strings(full, "group"), noise = try Self.strings(full, "noise")
        // Every third outcome and every fifth noise value is missing.
        let outcomeGaps = (0..<rows).map { $0 % 3 == 0 }, noiseGaps = (0..<rows).map { $0 % 5 == 0 }
        func column(_ name: String, _ values: [String?], _ gaps: [Bool]) -> Column {
            Column(name: name, values: .string(StringArray(values.map { $0 ?? "" })), validity: ValidityBitmap(gaps.map { !$0 }))
        }
        let holey = try Table(columns: [column("outcome", outcome, outcomeGaps), Column(name: "group", values: try full.column(named: "group").values),
                                        column("noise", noise, noiseGaps)])
        let filled = try synthesizer.impute(holey, columns: ["outcome"], seed: 5)
        #expect(filled.columnNames == holey.columnNames)
        let filledOutcome = try Self.strings(filled, "outcome"), filledNoise = try Self.strings(filled, "noise")
        for r in 0..<rows {
            if outcomeGaps[r] { #expect(filledOutcome[r] != nil) } else { #expect(filledOutcome[r] == outcome[r]) }
            #expect(filledNoise[r] == (noiseGaps[r] ? nil : noise[r]))  // not chosen: nulls stay
        }
        #expect(try Self.strings(filled, "group") == group)
        // The filled outcomes follow each row's group.
        let filledX = (0..<rows).filter { outcomeGaps[$0] && group[$0] == "x" }.map { filledOutcome[$0] }
        #expect(abs(Self.share(filledX, "u") - 0.9) < 0.08)
        #expect(throws: EncodingError.self) { try synthesizer.impute(holey, columns: ["nope"], seed: 5) }
    }

    @Test func rebalancingHitsItsTargetAndTheOtherColumnsFollow() throws {
        let synthesizer = try Self.trained.get()
        let options = GenerationOptions(rebalancing: .init(column: "group", shares: ["y": 0.5]))
        let out = try synthesizer.generateTable(rows: 2000, seed: 6, options: options)
        let group = try Self.strings(out, "group"), outcome = try Self.strings(out, "outcome")
        #expect(Self.share(group, "y") == 0.5)  // exact counts
        let uGivenY = Self.share((0..<2000).filter { group[$0] == "y" }.map { outcome[$0] }, "u")
        #expect(abs(uGivenY - 0.1) < 0.05)
        // Overall u share follows: 0.5·0.9 + 0.5·0.1 = 0.5 (it is 0.66 in the data).
        #expect(abs(Self.share(outcome, "u") - 0.5) < 0.05)
        let equal = try synthesizer.generateTable(rows: 1000, seed: 6, options: GenerationOptions(rebalancing: .init(column: "noise", shares: [:])))
        let noise = try Self.strings(equal, "noise")
        for value in ["p", "q", "r"] { #expect(abs(Self.share(noise, value) - 1.0 / 3) < 0.002) }
        #expect(throws: RebalancingError.self) {
            try synthesizer.generateTable(rows: 10, seed: 1, options: GenerationOptions(rebalancing: .init(column: "group", shares: ["z": 0.5])))
        }
        #expect(throws: RebalancingError.sharesAboveOne(total: 1.5)) {
            try synthesizer.generateTable(rows: 10, seed: 1, options: GenerationOptions(rebalancing: .init(column: "group", shares: ["x": 0.9, "y": 0.6])))
        }
    }

    @Test func temperatureZeroTakesTheModeAndTopPTruncates() throws {
        let synthesizer = try Self.trained.get()
        let greedy = try synthesizer.generateTable(rows: 500, seed: 7, options: GenerationOptions(temperature: 0))
        #expect(try Self.strings(greedy, "noise").allSatisfy { $0 == "p" })
        let seeded = try synthesizer.generate(seed: Self.seed(group: Array(repeating: "y", count: 300)), seed: 7,
                                              options: GenerationOptions(temperature: 0))
        #expect(try Self.strings(seeded, "outcome").allSatisfy { $0 == "v" })
        // noise is p/q/r = 0.6/0.3/0.1: top-p 0.8 keeps p and q only.
        let nucleus = try synthesizer.generateTable(rows: 3000, seed: 8, options: GenerationOptions(topP: 0.8))
        let noise = try Self.strings(nucleus, "noise")
        #expect(!noise.contains("r"))
        #expect(noise.contains("q"))
        let plain = try Self.strings(try synthesizer.generateTable(rows: 3000, seed: 8), "noise")
        #expect(Self.share(plain, "r") > 0.05)
    }
}

/// Fairness: the target made independent of the sensitive columns.
@Suite struct FairGenerationTests {
    @Test func fairnessRemovesAPlantedDependence() throws {
        let synthesizer = try GenerationSteeringTests.trained.get()
        let training = try GenerationSteeringTests.table(rows: 3000, seed: 1)
        let before = try ParityGap.compute(training, target: "outcome", sensitive: ["group"])
        #expect(before > 0.7)  // P(u | x) = 0.9, P(u | y) = 0.1
        let fairness = GenerationOptions.Fairness(target: "outcome", sensitive: ["group"])
        let out = try synthesizer.generateTable(rows: 4000, seed: 11, options: GenerationOptions(fairness: fairness))
        let after = try ParityGap.compute(out, target: "outcome", sensitive: ["group"])
        #expect(after < 0.06, "parity gap \(after)")
        // The marginals stay the model's: group x ≈ 70 %, outcome u ≈ 0.7·0.9 + 0.3·0.1 = 66 %.
        #expect(abs(GenerationSteeringTests.share(try GenerationSteeringTests.strings(out, "group"), "x") - 0.7) < 0.05)
        #expect(abs(GenerationSteeringTests.share(try GenerationSteeringTests.strings(out, "outcome"), "u") - 0.66) < 0.05)
        #expect(throws: FairnessError.targetIsSensitive("outcome")) {
            try synthesizer.generateTable(rows: 10, seed: 1, options: GenerationOptions(
                fairness: .init(target: "outcome", sensitive: ["outcome"])))
        }
        #expect(throws: FairnessError.unknownColumns(["race"], available: ["outcome", "group", "noise"])) {
            try synthesizer.generateTable(rows: 10, seed: 1, options: GenerationOptions(
                fairness: .init(target: "outcome", sensitive: ["race"])))
        }
    }
}

/// Rare categories (value protection): `_RARE_` by default, kept categories with `rare=sample`.
@Suite struct RareCategoryGenerationTests {
    @Test func sampleModeNeverGeneratesTheRareToken() throws {
        var values: [String] = []
        var rng = SeededGenerator(seed: 3)
        for i in 0..<1500 { values.append(i % 10 == 0 ? "rare\(i)" : (rng.nextInt(below: 2) == 0 ? "a" : "b")) }
        let table = try Table(columns: [Column(name: "kind", values: .string(StringArray(values)))])
        let encoding = try TableEncoder.fit(table: table, valueProtection: true, seed: 1)
        let model = try GenerativeModel.train(training: encoding.encode(table), validation: encoding.encode(table),
                                              settings: ModelSettings(size: .small, maxEpochs: 5, batchSize: 64, seed: 1))
        let synthesizer = Synthesizer(encoding: encoding, model: model)
        let constant = try GenerationSteeringTests.strings(synthesizer.generateTable(rows: 2000, seed: 1), "kind")
        #expect(constant.contains(CategoricalCodec.rareToken))
        let sampled = try GenerationSteeringTests.strings(
            synthesizer.generateTable(rows: 2000, seed: 1, options: GenerationOptions(rareCategories: .sample)), "kind")
        #expect(!sampled.contains(CategoricalCodec.rareToken))
        #expect(Set(sampled.compactMap { $0 }) == ["a", "b"])
    }
}

/// A column with nulls in training has a null code; filling a seed's null never draws it.
@Suite struct ImputationNullCodeTests {
    @Test func filledCellsAreValuesEvenWhereTrainingHadNulls() throws {
        var rng = SeededGenerator(seed: 4)
        var kind: [String] = [], valid: [Bool] = [], size: [Int64] = [], sizeValid: [Bool] = []
        for _ in 0..<1500 {
            kind.append(rng.nextInt(below: 2) == 0 ? "a" : "b")
            valid.append(rng.nextInt(below: 2) != 0)  // half the kinds are null
            size.append(Int64(rng.nextInt(below: 1000)))
            sizeValid.append(rng.nextInt(below: 3) != 0)
        }
        let table = try Table(columns: [Column(name: "kind", values: .string(StringArray(kind)), validity: ValidityBitmap(valid)),
                                        Column(name: "size", values: .int64(size), validity: ValidityBitmap(sizeValid))])
        let encoding = try TableEncoder.fit(table: table, valueProtection: false, seed: 1)
        let model = try GenerativeModel.train(training: encoding.encode(table), validation: encoding.encode(table),
                                              settings: ModelSettings(size: .small, maxEpochs: 3, batchSize: 64, seed: 1))
        let synthesizer = Synthesizer(encoding: encoding, model: model)
        // Without filling, the model does generate nulls (half of the training kinds are null).
        let plain = try synthesizer.generateTable(rows: 500, seed: 1)
        #expect(try plain.column(named: "kind").nullCount > 100)
        let gaps = try Table(columns: [Column(name: "kind", values: .string(StringArray(Array(repeating: "", count: 500))),
                                              validity: ValidityBitmap(count: 500, allValid: false)),
                                       Column(name: "size", values: .int64(Array(repeating: 0, count: 500)),
                                              validity: ValidityBitmap(count: 500, allValid: false))])
        let filled = try synthesizer.impute(gaps, seed: 2)
        #expect(try filled.column(named: "kind").nullCount == 0)
        #expect(try filled.column(named: "size").nullCount == 0)
    }
}
