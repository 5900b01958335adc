import SynthData

/// Summary statistics of one column, original (training plus holdout) next to synthetic.
public struct QAColumnStatistics: Sendable, Hashable, Codable {
    public var name: String
    public var kind: QAColumnKind
    public var original: QASummary
    public var synthetic: QASummary
}

/// Summary of one column's values. Numbers and datetimes (microseconds since the epoch) fill
/// the numeric fields; categories fill `distinct`, `mostFrequent` and its share. For the
/// original rows the summary follows value protection (`QAValueProtection`): the numbers are
/// the clipped ones, and a most frequent value held by too few training rows is `_RARE_`.
public struct QASummary: Sendable, Hashable, Codable {
    public var count: Int
    public var missingShare: Double
    public var distinct: Int
    public var mean: Double?
    public var standardDeviation: Double?
    public var minimum: Double?
    public var lowerQuartile: Double?
    public var median: Double?
    public var upperQuartile: Double?
    public var maximum: Double?
    public var mostFrequent: String?
    public var mostFrequentShare: Double?

    static func numeric(_ values: [Double]) -> QASummary {
        let valid = values.filter { !$0.isNaN }.sorted()
        var summary = QASummary(count: values.count, missingShare: values.isEmpty ? 0 : Double(values.count - valid.count) / Double(values.count),
                                distinct: QANumericBinner.distinctSorted(valid).count)
        guard !valid.isEmpty else { return summary }
        let mean = valid.reduce(0, +) / Double(valid.count)
        let variance = valid.count > 1 ? valid.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(valid.count - 1) : 0
        func quantile(_ p: Double) -> Double {
            let position = p * Double(valid.count - 1)
            let lower = Int(position.rounded(.down)), upper = min(lower + 1, valid.count - 1)
            return valid[lower] + (valid[upper] - valid[lower]) * (position - Double(lower))
        }
        summary.mean = mean
        summary.standardDeviation = variance.squareRoot()
        summary.minimum = valid[0]
        summary.lowerQuartile = quantile(0.25)
        summary.median = quantile(0.5)
        summary.upperQuartile = quantile(0.75)
        summary.maximum = valid[valid.count - 1]
        return summary
    }

    /// The summary of a categorical column's parts; with `protection`, the first part holds
    /// the training rows and the most frequent value is named only when enough of them hold it.
    static func categorical(_ parts: [Column], protection: QAValueProtection? = nil) -> QASummary {
        var dictionary = QAStringDictionary(expectedCount: 256)
        var counts: [Int] = [], trainingCounts: [Int] = []
        var missing = 0, total = 0
        for (index, column) in parts.enumerated() {
            total += column.count
            for row in 0..<column.count {
                if column.isNull(row) { missing += 1; continue }
                let id: Int32
                if case .string(let strings) = column.values {
                    id = strings.withBytes(at: row) { dictionary.intern($0) }
                } else {
                    id = dictionary.intern(column.formattedCell(row) ?? "")
                }
                if Int(id) == counts.count { counts.append(0); trainingCounts.append(0) }
                counts[Int(id)] += 1
                if index == 0 { trainingCounts[Int(id)] += 1 }
            }
        }
        var summary = QASummary(count: total, missingShare: total == 0 ? 0 : Double(missing) / Double(total),
                                distinct: counts.count)
        if let best = counts.indices.max(by: { counts[$0] < counts[$1] }) {
            let named = protection?.names(trainingCount: trainingCounts[best]) ?? true
            summary.mostFrequent = named ? dictionary.values[best] : QASpecialBin.rare
            summary.mostFrequentShare = Double(counts[best]) / Double(max(total, 1))
        }
        return summary
    }
}
