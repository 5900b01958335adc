import SynthData
import SynthEngine

/// `describe`'s column summaries over a table read in batches, with memory that does not
/// grow with the row count: null counts, ranges and means are merged from each batch's
/// `ColumnSummary`; distinct counts and top values come from the engine's streaming
/// `TableAnalyzer` (exact up to 100,000 distinct values, a HyperLogLog estimate above).
struct StreamingColumnSummaries {
    private var merged: [ColumnSummary] = []
    /// Non-null values behind each merged mean.
    private var meanWeights: [Int] = []
    private var analyzer = TableAnalyzer()

    mutating func consume(batch: Table) throws {
        try analyzer.consume(batch: batch)
        let summaries = batch.columns.map { ColumnSummary($0, topCount: 0) }
        guard !merged.isEmpty else {
            merged = summaries
            meanWeights = summaries.map { $0.rowCount - $0.nullCount }
            return
        }
        for (index, next) in summaries.enumerated() {
            var current = merged[index]
            current.rowCount += next.rowCount
            current.nullCount += next.nullCount
            current.minimum = Self.extreme(current.minimum, next.minimum, smaller: true)
            current.maximum = Self.extreme(current.maximum, next.maximum, smaller: false)
            let weight = next.rowCount - next.nullCount
            if let mean = next.mean {
                let total = meanWeights[index] + weight
                current.mean = total == 0 ? mean : ((current.mean ?? 0) * Double(meanWeights[index]) + mean * Double(weight)) / Double(total)
            }
            meanWeights[index] += weight
            merged[index] = current
        }
    }

    /// One summary per column, with distinct counts and the three most frequent values.
    func finish() -> [ColumnSummary] {
        let analysis = analyzer.finish()
        return merged.enumerated().map { index, summary in
            var summary = summary
            guard index < analysis.columns.count else { return summary }
            let column = analysis.columns[index]
            summary.uniqueCount = column.uniqueCount
            let isBool = summary.dataType == .bool
            summary.topValues = column.topValues.prefix(3).map { top -> (value: Value, count: Int) in
                (value: isBool ? .bool(top.value == "true") : .string(top.value), count: top.count)
            }
            return summary
        }
    }

    /// The smaller (or larger) of two values of one column; strings by byte order.
    private static func extreme(_ a: Value?, _ b: Value?, smaller: Bool) -> Value? {
        guard let a else { return b }
        guard let b else { return a }
        let aFirst: Bool
        if case .string(let x) = a, case .string(let y) = b {
            aFirst = Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        } else if let x = a.numericValue, let y = b.numericValue {
            aFirst = x < y
        } else {
            return a
        }
        return aFirst == smaller ? a : b
    }
}
