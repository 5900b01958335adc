import Foundation
import Testing
@testable import SynthEngine

@Suite struct GenerationAndPersistenceTests {
    static func model() throws -> GenerativeModel {
        try GenerativeModel.train(training: ModelTestData.correlated(rows: 800, seed: 1),
                                  validation: ModelTestData.correlated(rows: 200, seed: 2),
                                  settings: ModelSettings(size: .small, maxEpochs: 4, batchSize: 64, seed: 3))
    }

    static func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("synth-model-\(UInt64.random(in: 0...UInt64.max))-\(name)").path
    }

    @Test func chunksAreStreamedAndDoNotChangeTheRows() throws {
        let m = try Self.model()
        var sizes: [Int] = []
        var streamed = [Int32]()
        try m.generate(rows: 1234, seed: 9, chunkSize: 100) { chunk in
            sizes.append(chunk.rowCount)
            streamed += chunk.codes
        }
        #expect(sizes == Array(repeating: 100, count: 12) + [34])
        let whole = try m.generateTable(rows: 1234, seed: 9)
        #expect(whole.codes == streamed)
        #expect(try m.generateTable(rows: 1234, seed: 10).codes != streamed)
        // Every code is in range.
        for r in 0..<whole.rowCount {
            for j in 0..<whole.width { #expect(whole.code(row: r, subColumn: j) < Int32(whole.subColumns[j].cardinality)) }
        }
    }

    @Test func tinyTopPAndTemperaturePickTheMode() throws {
        let m = try Self.model()
        // Sub-column c (index 2) is 0 with probability 0.6 and does not depend on the others.
        for out in [try m.generateTable(rows: 300, seed: 1, topP: 0.05),
                    try m.generateTable(rows: 300, seed: 1, temperature: 0.01)] {
            let cs = (0..<out.rowCount).map { out.code(row: $0, subColumn: 2) }
            #expect(cs.filter { $0 == 0 }.count > 290)
        }
        let plain = try m.generateTable(rows: 300, seed: 1)
        #expect((0..<300).map { plain.code(row: $0, subColumn: 2) }.filter { $0 == 0 }.count < 250)
    }

    @Test func fixedValuesArePlacedAndChecked() throws {
        let m = try Self.model()
        let out = try m.generateTable(rows: 50, seed: 2, fixed: [2: [1]])
        #expect((0..<50).allSatisfy { out.code(row: $0, subColumn: 2) == 1 })
        #expect(throws: ModelError.self) { _ = try m.generateTable(rows: 50, seed: 2, fixed: [2: [7]]) }
        #expect(throws: ModelError.self) { _ = try m.generateTable(rows: 50, seed: 2, fixed: [9: [0]]) }
        #expect(throws: ModelError.self) { _ = try m.generateTable(rows: 50, seed: 2, fixed: [2: [0, 1]]) }
        #expect(throws: ModelError.self) { _ = try m.generateTable(rows: 5, temperature: -1) }
        #expect(throws: ModelError.self) { _ = try m.generateTable(rows: 5, temperature: .infinity) }
        // Temperature 0 is greedy: the same rows whatever the seed.
        #expect(try m.generateTable(rows: 20, seed: 1, temperature: 0) == m.generateTable(rows: 20, seed: 2, temperature: 0))
        #expect(throws: ModelError.self) { _ = try m.generateTable(rows: 5, topP: 1.5) }
        #expect(try m.generateTable(rows: 0).rowCount == 0)
    }

    @Test func savedModelGeneratesIdenticalRowsAfterReload() throws {
        let m = try Self.model()
        let path = Self.tempPath("a.synthmodel")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try m.save(to: path)
        let loaded = try GenerativeModel.load(from: path)
        #expect(loaded.parameters == m.parameters)
        #expect(loaded.subColumns == m.subColumns)
        #expect(loaded.settings == m.settings)
        #expect(loaded.summary == m.summary)
        #expect(try loaded.generateTable(rows: 900, seed: 4) == m.generateTable(rows: 900, seed: 4))
        #expect(try loaded.serialized() == m.serialized())
    }

    @Test func damagedOrForeignFilesGiveClearErrors() throws {
        let m = try Self.model()
        let bytes = try m.serialized()
        func reason(_ b: [UInt8]) -> String {
            do { _ = try GenerativeModel.deserialize(b); return "loaded" } catch let e as ModelError {
                if case let .badModelFile(_, r) = e { return r }
                return "\(e)"
            } catch { return "\(error)" }
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(reason(flipped).contains("checksum"))
        #expect(reason(Array(bytes.prefix(bytes.count - 100))).contains("checksum"))
        #expect(reason(Array("PAR1 not a model at all, just text".utf8)).contains("magic"))
        #expect(reason([1, 2, 3]).contains("too short"))
        var future = bytes
        future[8] = 99
        #expect(reason(future).contains("version 99"))
        #expect(throws: ModelError.self) { _ = try GenerativeModel.load(from: "/nonexistent/dir/x.synthmodel") }
    }
}
