import Foundation
import Testing
import SynthData
import SynthTestSupport
@testable import SynthEngine

/// Structured strings whose every part is common but whose whole values are rare (plates
/// like `AB-27X`): the text model keeps their pattern, and no rare training value comes out
/// whole (`RareTrainingTexts`), while without that guard the model does recite them.
@Suite(.serialized) struct RareTrainingTextsTests {
    /// 400 rows of `kind` and `plate` = two letters, `-`, two digits, one letter (600 possible
    /// plates; each part held by many rows, most plates by one or two).
    static func table() throws -> Table {
        var rng = SeededGenerator(seed: 11)
        var kinds: [String] = [], plates: [String] = []
        for _ in 0..<400 {
            let kind = ["car", "van"][rng.nextInt(below: 2)]
            kinds.append(kind)
            plates.append(["AB", "CD", "EF", "GH"][rng.nextInt(below: 4)] + "-" + String(10 + rng.nextInt(below: 50))
                          + ["X", "Y", "Z"][rng.nextInt(below: 3)])
        }
        return try Table(columns: [Column(name: "kind", values: .string(StringArray(kinds))),
                                   Column(name: "plate", values: .string(StringArray(plates)))])
    }

    static let trained: Result<(Synthesizer, Table), any Error> = Result {
        let table = try Self.table()
        let encoding = try TableEncoder.fit(table: table, overrides: ["plate": .text], seed: 3)
        let codes = try encoding.encode(table)
        let model = try GenerativeModel.train(training: codes, validation: codes, settings: ModelSettings(size: .small, maxEpochs: 5, seed: 3))
        var settings = ModelSettings(size: .small, maxEpochs: 30, batchSize: 256, seed: 3)
        settings.maxTrainingTime = 120
        let text = try Synthesizer.trainText(encoding: encoding, training: table, validation: table.gatheringRows([]),
                                             settings: settings)
        return (Synthesizer(encoding: encoding, model: model, text: text), table)
    }

    static func plates(_ table: Table) throws -> [String?] {
        let column = try table.column(named: "plate")
        guard case .string(let values) = column.values else { return [] }
        return (0..<values.count).map { column.isNull($0) ? nil : values[$0] }
    }

    @Test func aRareTrainingValueNeverComesOutWhole() throws {
        var (synthesizer, table) = try Self.trained.get()
        let training = try Self.plates(table).compactMap { $0 }
        let counts = Dictionary(training.map { ($0, 1) }, uniquingKeysWith: +)
        let threshold = try #require(synthesizer.encoding.column(named: "plate")?.protection.rareThreshold)
        let rare = Set(counts.filter { $0.value < threshold }.keys)

        // Unguarded, the model recites rare training plates: the guard has something to do.
        let unguarded = try Self.plates(synthesizer.generateTable(rows: 2_000, seed: 8)).compactMap { $0 }
        #expect(unguarded.filter { rare.contains($0) }.count >= 100)

        synthesizer.rareTrainingTexts = RareTrainingTexts(tables: [table], encoding: synthesizer.encoding)
        #expect(synthesizer.rareTrainingTexts?.count(column: "plate") == rare.count)
        let guarded = try Self.plates(synthesizer.generateTable(rows: 2_000, seed: 8))
        let present = guarded.compactMap { $0 }
        #expect(present.filter { rare.contains($0) }.isEmpty)
        #expect(present.count >= 1_800, "\(2_000 - present.count) rows found no new plate")
        let pattern = try Regex("^[A-Z]{2}-[0-9]{2}[A-Z]$")
        let shaped = present.filter { $0.wholeMatch(of: pattern) != nil }
        #expect(Double(shaped.count) >= 0.9 * Double(present.count), "\(present.prefix(5))")
        // The same seed gives the same texts (redraws depend only on the row and attempt).
        #expect(try Self.plates(synthesizer.generateTable(rows: 2_000, seed: 8)) == guarded)
    }

    @Test func uniqueStructuredStringsAreTextNotNumberedKeys() throws {
        let cases = (0..<40).map { "13\(String(100_000 + $0 * 37))CF\(10 + $0 % 3)A" }
        let numbered = (0..<40).map { "N\(String(format: "%05d", $0 + 1))" }
        let table = try Table(columns: [Column(name: "case", values: .string(StringArray(cases))),
                                        Column(name: "id", values: .string(StringArray(numbered)))])
        let encoding = try TableEncoder.fit(table: table, seed: 1)
        #expect(encoding.column(named: "case")?.type == .text)
        #expect(encoding.column(named: "id")?.type == .primaryKey)
    }
}
