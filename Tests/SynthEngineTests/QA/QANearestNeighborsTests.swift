import Foundation
import Testing
@testable import SynthEngine

/// The nearest-neighbour scan tests eight scores at a time and falls back to single scores at
/// the end of each data block; these cases put the answers in every part of that scan.
@Suite struct QANearestNeighborsTests {
    /// Brute-force closest and second-closest distances of each query row.
    private func bruteForce(data: [Double], queries: [Double], d: Int) -> [(Double, Double)] {
        let dataRows = data.count / d, queryRows = queries.count / d
        return (0..<queryRows).map { q in
            var distances = (0..<dataRows).map { r in
                (0..<d).reduce(0.0) { $0 + pow(queries[q * d + $1] - data[r * d + $1], 2) }.squareRoot()
            }
            distances.sort()
            return (distances[0], distances.count > 1 ? distances[1] : .infinity)
        }
    }

    @Test func matchesBruteForceAcrossBlocksTailsAndTies() {
        var random = QARandom(seed: 29)
        // More data rows than one block (2048), a second block whose length is not a multiple
        // of eight, more query rows than one query block (128), and coarse values: many ties.
        let d = 3, dataRows = QANearestNeighbors.dataBlock + 13, queryRows = QANearestNeighbors.queryBlock + 7
        func coarse() -> Double { Double(random.next() % 9) / 8 - 0.5 }
        let data = (0..<(dataRows * d)).map { _ in coarse() }
        var queries = (0..<(queryRows * d)).map { _ in coarse() + 0.03 }
        // Exact copies of the last data row (scalar tail), a row inside an eight-wide group,
        // and the first row of the second block.
        for (query, row) in [(0, dataRows - 1), (1, 1005), (2, QANearestNeighbors.dataBlock)] {
            for k in 0..<d { queries[query * d + k] = data[row * d + k] }
        }
        let result = QANearestNeighbors.search(data: data, queries: queries, dimensions: d, threads: 2)
        let expected = bruteForce(data: data, queries: queries, d: d)
        for q in 0..<queryRows {
            #expect(abs(result.nearest[q] - expected[q].0) < 1e-9)
            #expect(abs(result.second[q] - expected[q].1) < 1e-9)
        }
        #expect(result.nearest[0] == 0 && result.nearest[1] == 0 && result.nearest[2] == 0)
    }

    @Test func fewerDataRowsThanOneSIMDGroup() {
        // Five data rows: the eight-wide loop never runs; only the single-score tail does.
        let d = 2
        let data: [Double] = [0, 0, 1, 0, 0, 1, 1, 1, 0.5, 0.5]
        let queries: [Double] = [0.9, 0.9, 0, 0, -1, -1]
        let result = QANearestNeighbors.search(data: data, queries: queries, dimensions: d, threads: 1)
        let expected = bruteForce(data: data, queries: queries, d: d)
        for q in 0..<3 {
            #expect(abs(result.nearest[q] - expected[q].0) < 1e-12)
            #expect(abs(result.second[q] - expected[q].1) < 1e-12)
        }
    }

    @Test func oneDataRowLeavesNoSecondNeighbour() {
        let result = QANearestNeighbors.search(data: [3, 4], queries: [0, 0, 3, 4], dimensions: 2, threads: 2)
        #expect(result.nearest == [5, 0])
        #expect(result.second == [.infinity, .infinity])
    }
}
