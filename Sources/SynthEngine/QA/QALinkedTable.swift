import SynthData

/// How a linked table hangs on its subject table, as the QA report of a linked table needs
/// it (`QAReport.compute(synthetic:training:holdout:link:subjects:options:)`).
public struct QALinkedTable: Sendable, Hashable {
    /// The subject table's name: its columns appear as `<subjectTable>.<column>`.
    public var subjectTable: String
    /// The subject table's primary key.
    public var subjectKey: String
    /// The linked table's context foreign key (holds a subject's key).
    public var contextColumn: String
    /// The column that orders each subject's rows (file order without one).
    public var orderColumn: String?
    /// Linked-table columns that are identifiers, not values (its own primary key): left out.
    public var identifierColumns: [String]

    public init(subjectTable: String, subjectKey: String, contextColumn: String, orderColumn: String? = nil,
                identifierColumns: [String] = []) {
        self.subjectTable = subjectTable
        self.subjectKey = subjectKey
        self.contextColumn = contextColumn
        self.orderColumn = orderColumn
        self.identifierColumns = identifierColumns
    }
}

/// The subject rows that go with the linked rows of one report: the synthetic subjects (those
/// the synthetic linked rows hang on), the training subjects and the holdout subjects. Hidden
/// sequence columns must already be removed.
public struct QASubjectTables: Sendable {
    public var synthetic: Table
    public var training: Table
    public var holdout: Table?

    public init(synthetic: Table, training: Table, holdout: Table?) {
        self.synthetic = synthetic
        self.training = training
        self.holdout = holdout
    }
}

/// The linked rows of each subject: `rows[s]` are the row indices of subject row `s`'s
/// sequence, ordered by the order column (file order without one, and within ties); a subject
/// without linked rows has an empty sequence. Linked rows whose key names no subject, or is
/// null, belong to no sequence (mostlyai-qa's inner join of target and context). Keys match as
/// text (`Column.formattedCell`), so an integer key and its text form are the same subject.
struct QASubjectSequences {
    var rows: [[Int]]

    init(linked: Table, link: QALinkedTable, subjects: Table) throws {
        guard let keyIndex = subjects.columnIndex(named: link.subjectKey) else {
            throw QAError.missingColumn(link.subjectKey, role: "subject")
        }
        guard let contextIndex = linked.columnIndex(named: link.contextColumn) else {
            throw QAError.missingColumn(link.contextColumn, role: "linked")
        }
        let keys = subjects.columns[keyIndex], context = linked.columns[contextIndex]
        var subjectOf: [String: Int] = [:]
        for row in 0..<subjects.rowCount {
            if let key = keys.formattedCell(row), subjectOf[key] == nil { subjectOf[key] = row }
        }
        var rows = [[Int]](repeating: [], count: subjects.rowCount)
        for sequence in QASequenceCoherence.sequences(of: linked, key: link.contextColumn, order: link.orderColumn) {
            guard let first = sequence.first, let key = context.formattedCell(first), let subject = subjectOf[key] else { continue }
            rows[subject] += sequence
        }
        self.rows = rows
    }

    /// Rows per subject.
    var lengths: [Int] { rows.map(\.count) }
}
