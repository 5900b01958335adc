import SynthData

/// Counts, in one streaming pass over a linked table, each subject's rows and its first
/// order value, and adds them to the subject table as its hidden sequence columns
/// (`SequenceColumns`). Memory: one entry per distinct subject key.
///
/// ```swift
/// var counter = SubjectSequenceCounter(linkedTable: "flights", contextColumn: "tailnum", orderColumn: "time_hour")
/// try TableFiles.scan(flightsPath) { try counter.add($0) }
/// let planesForTraining = try counter.augment(planes, subjectKey: "tailnum")
/// ```
public struct SubjectSequenceCounter: Sendable {
    public let linkedTable: String
    public let contextColumn: String
    public let orderColumn: String?
    private var counts: [String: Int] = [:]
    private var starts: [String: Double] = [:]
    private var orderType: DataType?
    private var orderLayout: TimestampTextLayout?

    public init(linkedTable: String, contextColumn: String, orderColumn: String?) {
        self.linkedTable = linkedTable
        self.contextColumn = contextColumn
        self.orderColumn = orderColumn
    }

    /// Counts one batch of the linked table's rows.
    public mutating func add(_ batch: Table) throws {
        guard let index = batch.columnIndex(named: contextColumn) else {
            throw SequenceError("table '\(linkedTable)' has no column '\(contextColumn)' (its context foreign key)")
        }
        let keys = SequenceColumns.keys(batch.columns[index])
        var order: [Double?]?
        if let orderColumn {
            guard let o = batch.columnIndex(named: orderColumn) else {
                throw SequenceError("table '\(linkedTable)' has no column '\(orderColumn)' (its order column)")
            }
            let column = batch.columns[o]
            if SequenceOrder.isGappable(column.dataType) {
                if let orderType, orderType != column.dataType {
                    throw SequenceError("table '\(linkedTable)': the order column '\(orderColumn)' changes type within the file")
                }
                orderType = column.dataType
                orderLayout = orderLayout ?? column.timestampLayout
                order = SequenceOrder.numbers(column)
            }
        }
        for (row, key) in keys.enumerated() {
            guard let key else { continue }
            counts[key, default: 0] += 1
            if let value = order?[row] { starts[key] = min(starts[key] ?? value, value) }
        }
    }

    /// `subjects` with this linked table's hidden columns appended: the length (0 for a
    /// subject without rows) and, with a numeric or datetime order column, the start.
    public func augment(_ subjects: Table, subjectKey: String) throws -> Table {
        guard let index = subjects.columnIndex(named: subjectKey) else {
            throw SequenceError("the subject table of '\(linkedTable)' has no column '\(subjectKey)' (its primary key)")
        }
        let keys = SequenceColumns.keys(subjects.columns[index])
        var columns = subjects.columns
        columns.append(Column(name: SequenceColumns.length(of: linkedTable),
                              values: .int64(keys.map { key in Int64(key.flatMap { counts[$0] } ?? 0) })))
        if let orderType {
            columns.append(SequenceOrder.column(named: SequenceColumns.start(of: linkedTable), keys.map { $0.flatMap { starts[$0] } },
                                                type: orderType, layout: orderLayout))
        }
        return try Table(columns: columns)
    }
}
