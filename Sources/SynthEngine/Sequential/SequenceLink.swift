import SynthData

/// A linked table as the sequential model sees it: its context foreign key to the subject
/// table's primary key, and the column that orders each subject's rows.
public struct SequenceLink: Codable, Sendable, Hashable {
    /// The linked table.
    public var table: String
    /// Its subject table.
    public var subjectTable: String
    /// The subject table's primary key.
    public var subjectKey: String
    /// The linked table's column that refers to `subjectKey` (its context foreign key).
    public var contextColumn: String
    /// The column that orders a subject's rows (`nil`: the file's order).
    public var orderColumn: String?

    public init(table: String, subjectTable: String, subjectKey: String, contextColumn: String, orderColumn: String? = nil) {
        self.table = table
        self.subjectTable = subjectTable
        self.subjectKey = subjectKey
        self.contextColumn = contextColumn
        self.orderColumn = orderColumn
    }
}

/// A linked table's rows arranged as sequences, one per subject, in order: the table the
/// sequential model's own columns encode (the context foreign key dropped; a numeric or
/// datetime order column replaced by its gaps, `SequenceOrder`), and where each row sits.
struct SequenceView {
    /// The linked rows in sequence order (subject by subject, ordered within each).
    var table: Table
    /// The subject (row of the subject table) of each row.
    var subjectOfRow: [Int]
    /// Each row's position in its sequence (0 = first).
    var position: [Int]
    /// The length of each row's sequence.
    var lengthOfRow: [Int]
    /// The order column's model, when it is modelled as gaps.
    var order: SequenceOrder?

    var firstOfSequence: [Bool] { position.map { $0 == 0 } }

    /// Arranges `linked` by subject. Rows whose key is null or names no row of `subjects` are
    /// left out (`orphans` counts them). `order`: the fitted order model, or `nil` to fit it
    /// here (protected at `clipRank`).
    static func make(linked: Table, subjects: Table, link: SequenceLink, order: SequenceOrder?, clipRank: Int) throws -> (SequenceView, orphans: Int) {
        guard let keyIndex = subjects.columnIndex(named: link.subjectKey) else {
            throw SequenceError("the subject table '\(link.subjectTable)' has no column '\(link.subjectKey)' (its primary key)")
        }
        guard let contextIndex = linked.columnIndex(named: link.contextColumn) else {
            throw SequenceError("table '\(link.table)' has no column '\(link.contextColumn)' (its context foreign key)")
        }
        var subjectOfKey: [String: Int] = [:]
        for (row, key) in SequenceColumns.keys(subjects.columns[keyIndex]).enumerated() {
            if let key, subjectOfKey[key] == nil { subjectOfKey[key] = row }
        }
        let subjectOfLinked = SequenceColumns.keys(linked.columns[contextIndex]).map { $0.flatMap { subjectOfKey[$0] } }
        var orderNumbers: [Double?]?
        var orderText: [String?]?
        if let orderColumn = link.orderColumn {
            guard let o = linked.columnIndex(named: orderColumn) else {
                throw SequenceError("table '\(link.table)' has no column '\(orderColumn)' (its order column)")
            }
            let column = linked.columns[o]
            if SequenceOrder.isGappable(column.dataType) { orderNumbers = SequenceOrder.numbers(column) } else { orderText = SequenceColumns.keys(column) }
        }
        var rows = (0..<linked.rowCount).filter { subjectOfLinked[$0] != nil }
        let orphans = linked.rowCount - rows.count
        rows.sort { a, b in
            let sa = subjectOfLinked[a]!, sb = subjectOfLinked[b]!
            if sa != sb { return sa < sb }
            if let numbers = orderNumbers, numbers[a] != numbers[b] {
                guard let x = numbers[a] else { return false }   // nulls last
                guard let y = numbers[b] else { return true }
                return x < y
            }
            if let text = orderText, text[a] != text[b] {
                guard let x = text[a] else { return false }
                guard let y = text[b] else { return true }
                return x < y
            }
            return a < b
        }
        let subjectOfRow = rows.map { subjectOfLinked[$0]! }
        var position = [Int](repeating: 0, count: rows.count)
        var lengthOfRow = [Int](repeating: 0, count: rows.count)
        var first = 0
        for i in rows.indices {
            if i > 0 && subjectOfRow[i] == subjectOfRow[i - 1] { position[i] = position[i - 1] + 1 } else { first = i }
            if i == rows.count - 1 || subjectOfRow[i + 1] != subjectOfRow[i] {
                for j in first...i { lengthOfRow[j] = i - first + 1 }
            }
        }
        var table = try linked.gatheringRows(rows).dropping([link.contextColumn])
        var fitted = order
        if let orderColumn = link.orderColumn, orderNumbers != nil, let o = table.columnIndex(named: orderColumn) {
            let firstOfSequence = position.map { $0 == 0 }
            let starts = Self.starts(subjects: subjects, link: link, subjectOfRow: subjectOfRow)
            let model = fitted ?? SequenceOrder.fit(column: table.columns[o], firstOfSequence: firstOfSequence, starts: starts, clipRank: clipRank)
            fitted = model
            try table.replaceColumn(at: o, with: model.gapColumn(of: table.columns[o], firstOfSequence: firstOfSequence, starts: starts))
        }
        return (SequenceView(table: table, subjectOfRow: subjectOfRow, position: position, lengthOfRow: lengthOfRow, order: fitted), orphans)
    }

    /// The start (hidden subject column) of each row's subject, as numbers.
    static func starts(subjects: Table, link: SequenceLink, subjectOfRow: [Int]) -> [Double?] {
        guard let s = subjects.columnIndex(named: SequenceColumns.start(of: link.table)) else {
            return [Double?](repeating: nil, count: subjectOfRow.count)
        }
        let numbers = SequenceOrder.numbers(subjects.columns[s])
        return subjectOfRow.map { numbers[$0] }
    }
}
