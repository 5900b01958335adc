/// An order of the sub-columns for the autoregressive factorisation: columns are permuted
/// as wholes and a column's sub-columns keep their own order.
///
/// `position[j]` is sub-column `j`'s place; head `k` sees sub-column `j` iff
/// `position[j] < position[k]`.
struct ColumnOrder: Sendable, Hashable {
    /// Sub-columns in the order they are generated.
    var sequence: [Int]
    /// Inverse of `sequence`.
    var position: [Int]

    init(sequence: [Int]) {
        self.sequence = sequence
        var pos = [Int](repeating: 0, count: sequence.count)
        for (p, j) in sequence.enumerated() { pos[j] = p }
        position = pos
    }

    /// The columns' own order.
    static func natural(_ arch: ModelArchitecture) -> ColumnOrder {
        ColumnOrder(sequence: arch.columnGroups.flatMap { $0 })
    }

    /// A uniformly random order of the columns.
    static func random(_ arch: ModelArchitecture, rng: inout ModelRNG) -> ColumnOrder {
        var groups = arch.columnGroups
        groups.withUnsafeMutableBufferPointer { rng.shuffle($0) }
        return ColumnOrder(sequence: groups.flatMap { $0 })
    }

    /// Columns holding any of `first` come first (in their own order), then the rest.
    static func fixedFirst(_ arch: ModelArchitecture, first: Set<Int>) -> ColumnOrder {
        let groups = arch.columnGroups
        let leading = groups.filter { $0.contains(where: first.contains) }
        let trailing = groups.filter { !$0.contains(where: first.contains) }
        return ColumnOrder(sequence: (leading + trailing).flatMap { $0 })
    }
}
