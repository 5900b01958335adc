import SynthData

/// Demographic parity of a target column across groups of sensitive columns: for each
/// target value, the spread (largest minus smallest) of its share among the groups' rows;
/// the gap is the largest spread. 0 means the target is distributed alike in every group.
/// Groups with fewer than `minimumRows` rows are left out (their shares are noise).
///
/// Counts accumulate table by table (`add`), so generated rows can be measured chunk by
/// chunk as they are written, without holding them.
public struct ParityGap: Sendable {
    public let target: String
    public let sensitive: [String]
    private var counts: [String: [String: Int]] = [:]
    private var sizes: [String: Int] = [:]

    public init(target: String, sensitive: [String]) {
        self.target = target
        self.sensitive = sensitive
    }

    /// Counts `table`'s rows by sensitive group and target value.
    public mutating func add(_ table: Table) throws {
        let targetColumn = try table.column(named: target)
        let groupColumns = try sensitive.map { try table.column(named: $0) }
        for row in 0..<table.rowCount {
            let group = groupColumns.map { $0.formattedCell(row) ?? "(null)" }.joined(separator: "\u{1F}")
            let value = targetColumn.formattedCell(row) ?? "(null)"
            counts[group, default: [:]][value, default: 0] += 1
            sizes[group, default: 0] += 1
        }
    }

    /// The gap over the rows added so far.
    public func gap(minimumRows: Int = 20) -> Double {
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

    /// The gap of one table.
    public static func compute(_ table: Table, target: String, sensitive: [String], minimumRows: Int = 20) throws -> Double {
        var parity = ParityGap(target: target, sensitive: sensitive)
        try parity.add(table)
        return parity.gap(minimumRows: minimumRows)
    }
}
