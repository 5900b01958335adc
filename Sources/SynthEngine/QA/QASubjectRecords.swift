import SynthData

/// A subject together with its sequence as one record, for the privacy metrics of a linked
/// table: distances to closest records are measured between subjects, not single rows, so a
/// synthetic subject that copies a training subject's whole history is found even when each
/// of its rows alone is common.
///
/// The record of a subject (columns in this order):
/// - the subject's own columns, but its key (`<subjectTable>.<column>`);
/// - `Sequence Length`: its number of linked rows (0 when it has none);
/// - for each linked column (but the context key and identifiers), its values in the first
///   `leadingRows` rows of the sequence (`<column> #1` … `#3`; missing where the sequence is
///   shorter);
/// - for each linked column an aggregate over the whole sequence: the mean of a number or
///   datetime (`<column> mean`), the most frequent value of a category (`<column> mode`, ties to
///   the smallest text; missing for an empty sequence).
///
/// Records are then encoded like flat rows (`QARecordEncoder`): numbers quantile-scaled,
/// categories embedded, each record scaled to unit length.
enum QASubjectRecords {
    /// Rows of each sequence a record holds one by one.
    static let leadingRows = 3

    /// One record per subject row of `subjects`.
    static func build(linked: Table, subjects: Table, sequences: QASubjectSequences, names: QALinkedColumnNames) throws -> Table {
        var columns: [Column] = []
        for (source, name) in zip(names.subjectColumns, names.contextColumns) {
            var column = try subjects.column(named: source)
            column.name = name
            columns.append(column)
        }
        columns.append(Column(name: QASequenceFrame.lengthColumn, values: .int64(sequences.lengths.map(Int64.init))))
        for name in names.linkedColumns {
            let column = try linked.column(named: name)
            for position in 0..<leadingRows {
                var leading = column.gathering(optional: sequences.rows.map { position < $0.count ? $0[position] : nil })
                leading.name = "\(name) #\(position + 1)"
                columns.append(leading)
            }
            columns.append(aggregate(column, sequences: sequences.rows))
        }
        return try Table(columns: columns)
    }

    /// The mean (numbers, datetimes as their number of microseconds) or the mode (categories).
    static func aggregate(_ column: Column, sequences: [[Int]]) -> Column {
        let kind = QAColumnKind(column.dataType)
        var validity = ValidityBitmap(count: sequences.count, allValid: true)
        if kind == .categorical {
            var modes: [String] = []
            for (subject, rows) in sequences.enumerated() {
                var counts: [String: Int] = [:]
                for row in rows { counts[column.formattedCell(row) ?? QASpecialBin.missing, default: 0] += 1 }
                let mode = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
                if mode == nil { validity.set(subject, valid: false) }
                modes.append(mode ?? "")
            }
            return Column(name: "\(column.name) mode", values: .string(StringArray(modes)), validity: validity)
        }
        let numbers = column.qaNumbers(as: kind)
        var means: [Double] = []
        for (subject, rows) in sequences.enumerated() {
            let values = rows.map { numbers[$0] }.filter(\.isFinite)
            if values.isEmpty { validity.set(subject, valid: false) }
            means.append(values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count))
        }
        return Column(name: "\(column.name) mean", values: .double(means), validity: validity)
    }
}
