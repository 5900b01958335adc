import Foundation
import Testing
import SynthData
@testable import SynthEngine

/// Generation in fixed blocks: shards partition the rows, and the rows of a shard (values
/// drawn in decoding, primary keys, rebalanced codes) are exactly those rows of the whole
/// table, whatever the chunk size.
@Suite struct GenerationShardTests {
    @Test func shardsPartitionTheRowsInWholeBlocks() throws {
        for rows in [0, 1, 1_023, 1_024, 1_025, 9_000, 100_000] {
            for count in [1, 2, 3, 7, 16, 200] {
                var next = 0
                for index in 0..<count {
                    let range = try GenerationShard(index: index, count: count).rowRange(ofRows: rows)
                    #expect(range.lowerBound == next, "rows \(rows), shard \(index) of \(count)")
                    #expect(range.isEmpty || range.lowerBound % GenerationShard.blockRows == 0)
                    next = range.upperBound
                }
                #expect(next == rows)
            }
        }
        #expect(throws: GenerationShardError.self) { try GenerationShard(index: 3, count: 3) }
        #expect(throws: GenerationShardError.self) { try GenerationShard(index: 0, count: 0) }
        #expect(throws: GenerationShardError.self) { try GenerationShard(index: -1, count: 2) }
        // Stored settings are read back checked too.
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(GenerationShard.self, from: Data(#"{"index": 5, "count": 2}"#.utf8))
        }
    }

    static let trained: Result<Synthesizer, any Error> = Result {
        var rng = SeededGenerator(seed: 3)
        let rows = 2_000
        let ids = (0..<rows).map { Int64($0 + 100) }
        let kind = (0..<rows).map { _ in ["a", "b", "c"][rng.nextInt(below: 3)] }
        let size = kind.map { ($0 == "a" ? 10.0 : 50.0) + rng.nextUnitDouble() * 5 }
        let table = try Table(columns: [Column(name: "id", values: .int64(ids)),
                                        Column(name: "kind", values: .string(StringArray(kind))),
                                        Column(name: "size", values: .double(size))])
        let encoding = try TableEncoder.fit(table: table, overrides: ["id": .primaryKey], valueProtection: false, seed: 1)
        let settings = ModelSettings(size: .small, maxEpochs: 2, batchSize: 64, learningRate: 0.01, seed: 42)
        let model = try GenerativeModel.train(training: encoding.encode(table), validation: encoding.encode(table.head(200)),
                                              settings: settings)
        return Synthesizer(encoding: encoding, model: model)
    }

    private func lines(_ tables: [Table]) -> [String] {
        tables.flatMap { table in
            (0..<table.rowCount).map { row in table.columns.map { "\($0.value(at: row))" }.joined(separator: "|") }
        }
    }

    @Test(arguments: [GenerationOptions(), GenerationOptions(rebalancing: .init(column: "kind", shares: [:]))])
    func shardsAndChunkSizesGiveTheRowsOfTheWholeTable(options: GenerationOptions) throws {
        let synthesizer = try Self.trained.get()
        let rows = 7_500
        var whole: [Table] = [], small: [Table] = [], shards: [Table] = []
        try synthesizer.generate(rows: rows, seed: 11, options: options) { whole.append($0) }
        try synthesizer.generate(rows: rows, seed: 11, options: options, chunkSize: 1_000) { small.append($0) }
        for index in 0..<3 {
            let range = try GenerationShard(index: index, count: 3).rowRange(ofRows: rows)
            try synthesizer.generate(rows: rows, seed: 11, options: options, rowRange: range) { shards.append($0) }
        }
        let expected = lines(whole)
        #expect(expected.count == rows)
        #expect(lines(small) == expected, "the chunk size changes nothing")
        #expect(lines(shards) == expected, "three shards are the whole table")
        #expect(Set(expected.map { $0.split(separator: "|")[0] }).count == rows, "keys unique over the shards")
    }
}
