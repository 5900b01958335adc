import SynthData

/// Demographic parity of a target column across groups of sensitive columns: for each
/// target value, the spread (largest minus smallest) of its share among the groups' rows;
/// the gap is the largest spread. 0 means the target is distributed alike in every group.
/// Groups with fewer than `minimumRows` rows are left out (their shares are noise).
public enum ParityGap {
    public static func compute(_ table: Table, target: String, sensitive: [String], minimumRows: Int = 20) throws -> Double {
        let targetColumn = try table.column(named: target)
        let groupColumns = try sensitive.map { try table.column(named: $0) }
        var counts: [String: [String: Int]] = [:]
        var sizes: [String: Int] = [:]
        for row in 0..<table.rowCount {
            let group = groupColumns.map { $0.formattedCell(row) ?? "(null)" }.joined(separator: "\u{1F}")
            let value = targetColumn.formattedCell(row) ?? "(null)"
            counts[group, default: [:]][value, default: 0] += 1
            sizes[group, default: 0] += 1
        }
        let groups = sizes.filter { $0.value >= minimumRows }.map(\.key)
        guard groups.count >= 2 else { return 0 }
        let values = Set(counts.values.flatMap(\.keys))
        var gap = 0.0
        for value in values {
            let shares = groups.map { Double(counts[$0]?[value] ?? 0) / Double(sizes[$0] ?? 1) }
            gap = max(gap, (shares.max() ?? 0) - (shares.min() ?? 0))
        }
        return gap
    }
}
