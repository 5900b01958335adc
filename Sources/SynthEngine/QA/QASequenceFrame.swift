import SynthData

/// The table a linked table's accuracy is scored on, one row per subject with at least one
/// linked row, as mostlyai-qa builds it for a sequential target with context:
///
/// - the linked table's columns (but the context key and identifiers) taken from one random
///   row of the subject's sequence: row `i`, drawn uniformly from `0 … length − 2` (0 for a
///   sequence of one row), the first row of the successive pair mostlyai-qa draws;
/// - `Sequence Length`, the subject's number of linked rows;
/// - the subject's columns (but its key), named `<subjectTable>.<column>`: context columns,
///   scored only in pairs with the columns above, never alone or in triples.
enum QASequenceFrame {
    /// The name of the sequence-length column (mostlyai-qa's).
    static let lengthColumn = "Sequence Length"

    /// The frame and the names of its context columns.
    static func build(linked: Table, subjects: Table, sequences: QASubjectSequences, link: QALinkedTable,
                      names: QALinkedColumnNames, random: inout QARandom) throws -> Table {
        var picked: [Int] = [], subjectRows: [Int] = [], lengths: [Int64] = []
        for (subject, rows) in sequences.rows.enumerated() where !rows.isEmpty {
            let u = Double(random.next() >> 11) / Double(1 << 53)
            picked.append(rows[Int(Double(rows.count - 1) * u)])
            subjectRows.append(subject)
            lengths.append(Int64(rows.count))
        }
        var columns = try names.linkedColumns.map { try linked.column(named: $0).gathering(picked) }
        columns.append(Column(name: lengthColumn, values: .int64(lengths)))
        for (source, name) in zip(names.subjectColumns, names.contextColumns) {
            var column = try subjects.column(named: source).gathering(subjectRows)
            column.name = name
            columns.append(column)
        }
        return try Table(columns: columns)
    }
}

/// The columns of a linked table's report: which linked and subject columns are scored, and
/// the names subject columns take (`<subjectTable>.<column>`, made unique against the linked
/// table's names).
struct QALinkedColumnNames {
    /// Linked columns scored (the training table's order), without the context key and identifiers.
    let linkedColumns: [String]
    /// Subject columns scored as context (the training subjects' order), without the key.
    let subjectColumns: [String]
    /// Their names in the report.
    let contextColumns: [String]

    init(linked: Table, subjects: Table, link: QALinkedTable) {
        let skipped = Set([link.contextColumn] + link.identifierColumns)
        linkedColumns = linked.columnNames.filter { !skipped.contains($0) }
        subjectColumns = subjects.columnNames.filter { $0 != link.subjectKey }
        var taken = Set(linkedColumns + [QASequenceFrame.lengthColumn])
        contextColumns = subjectColumns.map { column in
            var name = "\(link.subjectTable).\(column)"
            while taken.contains(name) { name += "′" }
            taken.insert(name)
            return name
        }
    }
}
