import Testing
import SynthData
@testable import SynthEngine

/// Coherence of a linked table on small sequences whose figures are worked out by hand.
@Suite("Sequence coherence")
struct QASequenceCoherenceTests {
    /// `pairs` sequences of two rows of `c`, keyed `s0, s1, …`.
    static func sequences(_ pairs: [(String, String)]) throws -> Table {
        var keys: [String] = [], values: [String] = []
        for (index, pair) in pairs.enumerated() {
            keys += ["s\(index)", "s\(index)"]
            values += [pair.0, pair.1]
        }
        return try Table(columns: [Column(name: "k", values: .string(StringArray(keys))),
                                   Column(name: "c", values: .string(StringArray(values)))])
    }

    @Test func knownFigures() throws {
        // Original: 5 sequences (a, b) and 5 (a, a); synthetic: 10 sequences (a, a).
        let original = try Self.sequences(Array(repeating: ("a", "b"), count: 5) + Array(repeating: ("a", "a"), count: 5))
        let synthetic = try Self.sequences(Array(repeating: ("a", "a"), count: 10))
        let result = try #require(try QASequenceCoherence.compute(training: original, holdout: nil, synthetic: synthetic, key: "k"))
        // Distinct values per sequence: half 2 and half 1, against all 1 → 1 − ½(½ + ½).
        #expect(result.distinctCategoriesPerSequence.map(\.score.accuracy) == [0.5])
        // Sequences holding a: 10, b: 5 (2/3, 1/3) against a: 10 (1, 0) → 1 − ½(⅓ + ⅓).
        #expect(result.sequencesPerCategory.map(\.score.accuracy) == [0.66667])
        // Row then next row: (a, b) ½ and (a, a) ½ against (a, a) → 0.5.
        #expect(result.successiveRows.map(\.score.accuracy) == [0.5])
        #expect(abs((result.coherence ?? 0) - (0.5 + 0.66667 + 0.5) / 3) < 1e-9)
        #expect(result.originalSequences == 10 && result.syntheticSequences == 10)
    }

    @Test func aCopyIsFullyCoherent() throws {
        let original = try Self.sequences((0..<40).map { $0 % 4 == 0 ? ("a", "b") : ($0 % 2 == 0 ? ("b", "b") : ("a", "a")) })
        let result = try #require(try QASequenceCoherence.compute(training: original, holdout: nil, synthetic: original, key: "k"))
        #expect(result.coherence == 1)
    }

    @Test func orderColumnOrdersEachSequence() throws {
        let table = try Table(columns: [Column(name: "k", values: .int64([1, 2, 1, 1, 2])),
                                        Column(name: "t", values: .int64([30, 5, 10, 20, 1]))])
        #expect(QASequenceCoherence.sequences(of: table, key: "k", order: "t") == [[2, 3, 0], [4, 1]])
        #expect(QASequenceCoherence.sequences(of: table, key: "k", order: nil) == [[0, 2, 3], [1, 4]])
    }

    @Test func flatTablesHaveNoCoherence() throws {
        let flat = try Table(columns: [Column(name: "k", values: .int64([1, 2, 3])), Column(name: "c", values: .int64([1, 1, 2]))])
        #expect(try QASequenceCoherence.compute(training: flat, holdout: nil, synthetic: flat, key: "k") == nil)
        #expect(throws: QAError.missingColumn("k", role: "synthetic")) {
            try QASequenceCoherence.compute(training: flat, holdout: nil, synthetic: Table(columns: [flat.columns[1]]), key: "k")
        }
    }
}
