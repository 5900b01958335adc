import Testing
import SynthData
@testable import SynthEngine

/// `TableEncoding.conformedSeed`: a seed column of another numeric type is taken when no
/// value changes (a tool that reads a column with nulls writes `3750.0` for an integer),
/// and the seeded cells come back exactly; a value that would change is an error naming the column.
@Suite struct SeedConversionTests {
    static func training() throws -> Table {
        var mass: [Int64] = [], kind: [String] = []
        for row in 0..<600 {
            let heavy = row % 2 == 0
            kind.append(heavy ? "big" : "small")
            mass.append(heavy ? 5000 + Int64(row % 40) * 10 : 3500 + Int64(row % 40) * 10)
        }
        return try Table(columns: [Column(name: "kind", values: .string(StringArray(kind))),
                                   Column(name: "mass", values: .int64(mass))])
    }

    @Test func wholeDoublesSeedAnIntegerColumnAndAreKeptExactly() throws {
        let table = try Self.training()
        let encoding = try TableEncoder.fit(table: table, valueProtection: false, seed: 1)
        let model = try GenerativeModel.train(training: encoding.encode(table), validation: encoding.encode(table),
                                              settings: ModelSettings(size: .small, maxEpochs: 15, batchSize: 64, learningRate: 0.01, seed: 2))
        let synthesizer = Synthesizer(encoding: encoding, model: model)
        let seedMass: [Double] = (0..<200).map { $0 % 2 == 0 ? 5120 : 3610 }
        let seed = try Table(columns: [Column(name: "mass", values: .double(seedMass),
                                              validity: ValidityBitmap((0..<200).map { $0 != 7 }))])
        let out = try synthesizer.generate(seed: seed, seed: 3)
        let mass = try out.column(named: "mass")
        guard case .int64(let values) = mass.values, case .string(let kinds) = try out.column(named: "kind").values else {
            Issue.record("types changed: \(mass.dataType)"); return
        }
        for row in 0..<200 where row != 7 { #expect(values[row] == Int64(seedMass[row])) }
        #expect(!mass.isNull(7))  // a seed's null is generated
        // `kind` leads `mass` in the model's order: resampling makes it follow the seed.
        let agreeing = (0..<200).filter { kinds[$0] == (seedMass[$0] > 4500 ? "big" : "small") }.count
        #expect(agreeing >= 180, "\(agreeing) of 200")
        #expect(synthesizer.seedWarnings(seed).allSatisfy { !$0.contains("never saw") })

        let fractional = try Table(columns: [Column(name: "mass", values: .double([5120.5]))])
        #expect(throws: EncodingError.typeMismatch(column: "mass", expected: .int64, found: .double)) {
            try synthesizer.generate(seed: fractional, seed: 3)
        }
        #expect(TableEncoding.seedColumn(Column(name: "m", values: .double([9.3e18])), as: .int64) == nil)
        #expect(TableEncoding.seedColumn(Column(name: "m", values: .int64([4])), as: .double)?.values == .double([4]))
    }
}
