import Foundation
import Testing
import SynthData
import SynthTestSupport
@testable import SynthEngine

/// The text model: a text column whose content follows a rule on another column (the text
/// names the row's animal) is learned and reproduced conditionally; save/load generates the
/// same text; cancel stops within a step; a unique secret planted in one training text never
/// comes out.
@Suite(.serialized) struct TextModelTests {
    static let secret = "Qz7xK9mWv2"
    static let animals = ["cat", "dog", "owl"]

    /// 480 rows: `animal`, `mood`, and `note` = "my ANIMAL is MOOD, seen N times" (N random),
    /// one note carrying `secret`.
    static func table(rows: Int = 480, seed: UInt64 = 3) throws -> Table {
        var rng = SeededGenerator(seed: seed)
        let moods = ["happy", "sleepy", "loud", "calm"]
        var animal: [String] = [], mood: [String] = [], note: [String] = []
        for row in 0..<rows {
            let a = animals[rng.nextInt(below: animals.count)], m = moods[rng.nextInt(below: moods.count)]
            animal.append(a)
            mood.append(m)
            note.append(row == 17 ? "my \(a) is \(m), code \(secret) seen \(rng.nextInt(below: 50)) times"
                                  : "my \(a) is \(m), seen \(rng.nextInt(below: 50)) times")
        }
        return try Table(columns: [Column(name: "animal", values: .string(StringArray(animal))),
                                   Column(name: "mood", values: .string(StringArray(mood))),
                                   Column(name: "note", values: .string(StringArray(note)))])
    }

    static func train(_ table: Table, seed: UInt64 = 5) throws -> Synthesizer {
        let encoding = try TableEncoder.fit(table: table, valueProtection: true, seed: seed)
        let codes = try encoding.encode(table)
        let settings = ModelSettings(size: .small, maxEpochs: 20, batchSize: 64, learningRate: 0.01, seed: seed)
        let model = try GenerativeModel.train(training: codes, validation: codes, settings: settings)
        var textSettings = ModelSettings(size: .small, maxEpochs: 25, batchSize: 256, seed: seed)
        textSettings.maxTrainingTime = 120
        let text = try Synthesizer.trainText(encoding: encoding, training: table, validation: table.gatheringRows([]),
                                             settings: textSettings)
        return Synthesizer(encoding: encoding, model: model, text: text)
    }

    static let trained: Result<Synthesizer, any Error> = Result { try train(table()) }

    @Test func aFreeTextColumnIsEncodedAsText() throws {
        let encoding = try TableEncoder.fit(table: Self.table(), seed: 1)
        #expect(encoding.column(named: "note")?.type == .text)
        #expect(encoding.column(named: "animal")?.type == .categorical)
    }

    @Test func textFollowsTheRowsCategory() throws {
        let synthesizer = try Self.trained.get()
        let generated = try synthesizer.generateTable(rows: 300, seed: 11)
        guard case .string(let animals) = try generated.column(named: "animal").values,
              case .string(let notes) = try generated.column(named: "note").values else { Issue.record("not text"); return }
        var agreeing = 0
        for row in 0..<generated.rowCount {
            let note = notes[row]
            let named = Self.animals.filter { note.contains($0) }
            if named == [animals[row]] { agreeing += 1 }
        }
        #expect(agreeing >= 270, "\(agreeing) of 300 texts name their row's animal; e.g. \(notes[0]) / \(notes[1])")
        #expect((0..<generated.rowCount).filter { notes[$0].hasPrefix("my ") }.count >= 270)
    }

    @Test func saveAndLoadGenerateTheSameText() throws {
        let synthesizer = try Self.trained.get()
        let folder = try Fixtures.temporaryDirectory().appendingPathComponent("t.model")
        try synthesizer.save(to: folder)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("text.bin").path))
        let loaded = try Synthesizer.load(from: folder)
        let a = try synthesizer.generateTable(rows: 200, seed: 21)
        let b = try loaded.generateTable(rows: 200, seed: 21)
        #expect(a == b)
        // Filled chunk by chunk or in one piece: the same texts.
        var chunks: [Table] = []
        try loaded.generate(rows: 200, seed: 21, options: GenerationOptions(), chunkSize: 64) { chunks.append($0) }
        #expect(try Table.concatenating(chunks) == a)
    }

    /// Out-of-range sampling is an error, as it is for the tabular model (not a silent greedy draw).
    @Test func outOfRangeSamplingIsRefused() throws {
        let synthesizer = try Self.trained.get()
        let table = try synthesizer.generateTable(rows: 10, seed: 21)
        for (temperature, topP) in [(-1.0, 1.0), (Double.nan, 1.0), (1.0, 0.0), (1.0, 1.5)] {
            #expect(throws: ModelError.self) {
                try synthesizer.fillText(table, seed: 1, options: GenerationOptions(temperature: temperature, topP: topP))
            }
        }
    }

    @Test func aDamagedTextModelFileIsRefused() throws {
        let synthesizer = try Self.trained.get()
        let folder = try Fixtures.temporaryDirectory().appendingPathComponent("t.model")
        try synthesizer.save(to: folder)
        let path = folder.appendingPathComponent("text.bin").path
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x55
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: ModelError.self) { try Synthesizer.load(from: folder) }
        try FileManager.default.removeItem(atPath: path)
        #expect(throws: ModelError.self) { try Synthesizer.load(from: folder) }
    }

    @Test func aPlantedSecretNeverComesOut() throws {
        let synthesizer = try Self.trained.get()
        let generated = try synthesizer.generateTable(rows: 10_000, seed: 31)
        guard case .string(let notes) = try generated.column(named: "note").values else { Issue.record("not text"); return }
        let leaks = (0..<notes.count).filter { notes[$0].contains(Self.secret) }
        #expect(leaks.isEmpty, "\(leaks.count) texts hold the secret")
        // Rare parts still take their shape: the one "code" of the training texts is masked too.
        #expect((0..<notes.count).filter { notes[$0].hasPrefix("my ") }.count >= 9_000)
    }

    @Test func cancelStopsWithinAStep() throws {
        let table = try Self.table()
        let encoding = try TableEncoder.fit(table: table, seed: 1)
        let codes = try encoding.encode(table)
        var steps = 0
        var stepsWhenCanceled = 0
        #expect(throws: ModelError.canceled) {
            _ = try TextModel.train(column: "note", texts: table.column(named: "note"), conditions: codes,
                                    validationTexts: table.column(named: "note"), validationConditions: codes,
                                    settings: ModelSettings(size: .small, maxEpochs: 50, seed: 1), rareThreshold: 5,
                                    progress: { p in steps = p.step },
                                    isCancelled: {
                                        if steps >= 3, stepsWhenCanceled == 0 { stepsWhenCanceled = steps }
                                        return steps >= 3
                                    })
        }
        #expect(stepsWhenCanceled == 3)
        #expect(steps == 3)
    }

    @Test func uniqueStructuredStringsKeepTheirShapeButNoValue() throws {
        var rng = SeededGenerator(seed: 9)
        var cases: [String] = [], kinds: [String] = []
        for _ in 0..<300 {
            let digits = (0..<8).map { _ in String(rng.nextInt(below: 10)) }.joined()
            cases.append("\(digits)CF10A")
            kinds.append(["felony", "misdemeanor"][rng.nextInt(below: 2)])
        }
        let table = try Table(columns: [Column(name: "case", values: .string(StringArray(cases + ["13001275CF10A"]))),
                                        Column(name: "kind", values: .string(StringArray(kinds + ["felony"])))])
        let encoding = try TableEncoder.fit(table: table, seed: 2)
        #expect(encoding.column(named: "case")?.type == .text || encoding.column(named: "case")?.type == .primaryKey)
        let forced = try TableEncoder.fit(table: table, overrides: ["case": .text], seed: 2)
        let codes = try forced.encode(table)
        var settings = ModelSettings(size: .small, maxEpochs: 15, batchSize: 256, seed: 2)
        settings.maxTrainingTime = 60
        let text = try Synthesizer.trainText(encoding: forced, training: table, validation: table.gatheringRows([]),
                                             settings: settings)
        let model = try GenerativeModel.train(training: codes, validation: codes,
                                              settings: ModelSettings(size: .small, maxEpochs: 5, seed: 2))
        let generated = try Synthesizer(encoding: forced, model: model, text: text).generateTable(rows: 300, seed: 4)
        guard case .string(let out) = try generated.column(named: "case").values else { Issue.record("not text"); return }
        let training = Set(cases)
        let shaped = (0..<out.count).filter { out[$0].count == 13 && out[$0].hasSuffix("CF10A") && out[$0].prefix(8).allSatisfy(\.isNumber) }
        #expect(shaped.count >= 240, "\(shaped.count) of 300 keep the shape; e.g. \(out[0]), \(out[1])")
        #expect((0..<out.count).filter { training.contains(out[$0]) }.count <= 3)
    }

    @Test func theStepBudgetEndsTrainingTheSameWayEveryRun() throws {
        // A budget of 10 steps of 256 tokens: training ends there, says why, and two runs
        // give the same model (no clock decides how far it gets).
        let table = try Self.table(rows: 240)
        let encoding = try TableEncoder.fit(table: table, valueProtection: true, seed: 5)
        var settings = ModelSettings(size: .small, maxEpochs: 25, batchSize: 256, seed: 5)
        let parameters = TextModelShape(size: .small, conditionCardinalities: try encoding.encode(table).subColumns.map(\.cardinality))
            .parameterCount
        settings.maxTextParameterTokens = Double(parameters * 256 * 10)
        var totals: Set<Int> = [], epochLimits: Set<Int> = []
        let first = try Synthesizer.trainText(encoding: encoding, training: table, validation: table.gatheringRows([]), settings: settings,
                                              progress: { _, p in
            if let t = p.totalSteps { totals.insert(t) }
            if let e = p.maxEpochs { epochLimits.insert(e) }
        })
        let second = try Synthesizer.trainText(encoding: encoding, training: table, validation: table.gatheringRows([]), settings: settings)
        let a = try #require(first?.models.first), b = try #require(second?.models.first)
        #expect(a.summary.steps == 10 && a.summary.stopReason == "budget")
        #expect(totals == [10] && epochLimits.count == 1 && epochLimits.first! < 25)
        #expect(a.parameters == b.parameters)
        #expect(ModelSettings().effectiveMaxTextSteps(parameters: 863_420, batchTokens: 512) == 11_310)
        #expect(throws: ModelError.self) { try ModelSettings(maxTextParameterTokens: 0).validate() }
    }
}
