@testable import SynthEngine
import Testing

struct QASpectralGroupingTests {
    /// Records whose dimensions come in blocks driven by one hidden factor each (plus a
    /// little noise), and two constant dimensions.
    private func blockRecords(blocks: [[Int]], dimensions d: Int, rows: Int) -> [Double] {
        var random = QARandom(seed: 7)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) - 0.5 }
        var matrix = [Double](repeating: 0.25, count: rows * d)
        for r in 0..<rows {
            for block in blocks {
                let factor = uniform()
                for k in block { matrix[r * d + k] = factor + 0.05 * uniform() }
            }
        }
        return matrix
    }

    @Test func recoversBlocksOfCorrelatedDimensions() {
        let blocks = [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8, 10, 11]]
        let matrix = blockRecords(blocks: blocks, dimensions: 14, rows: 2_000)
        let groups = QASpectralGrouping.groups(matrix, dimensions: 14, count: 3, seed: 1)
        // Dimensions 12 and 13 never vary: they join the largest group.
        let expected = [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8, 10, 11, 12, 13]]
        #expect(Set(groups) == Set(expected))
    }

    @Test func sameSeedSameGroupsAndTooFewDimensionsGiveNone() {
        let matrix = blockRecords(blocks: [[0, 1], [2, 3], [4, 5]], dimensions: 6, rows: 500)
        let first = QASpectralGrouping.groups(matrix, dimensions: 6, count: 3, seed: 3)
        #expect(first == QASpectralGrouping.groups(matrix, dimensions: 6, count: 3, seed: 3))
        #expect(first.flatMap { $0 }.sorted() == Array(0..<6))
        #expect(QASpectralGrouping.groups(matrix, dimensions: 6, count: 6, seed: 3).isEmpty)
    }
}
