import Foundation
import SynthData
import SynthEngine

/// The QA of a linked table: its rows scored together with their subjects
/// (`QAReport.compute(synthetic:training:holdout:link:subjects:options:)`): accuracy with the
/// subject's columns as context, coherence, sequence lengths and privacy per subject.
enum LinkedTableQA {
    /// The report of the linked table `link.table`. `synthetic` is the first rows of its
    /// generated file (`generatedRows` in all); when that is a prefix, only the subjects whose
    /// whole sequence it holds are scored (rows are generated subject by subject, in the order
    /// of the subjects file).
    static func report(_ context: TaskContext, link: SequenceLink, synthetic: Table, generatedRows: Int,
                       options: QAOptions) throws -> QAReport {
        let training = try LinkedTables.readVisible(context.input(.training))
        let holdout = try LinkedTables.readVisible(context.input(.holdout))
        let trainingSubjects = try LinkedTables.readVisible(context.input(.training, of: link.subjectTable))
        let holdoutSubjects = try LinkedTables.readVisible(context.input(.holdout, of: link.subjectTable))
        var syntheticSubjects = try TableFiles.read(context.file(.syntheticParquet, of: link.subjectTable).path)
        var synthetic = synthetic
        if generatedRows > synthetic.rowCount {
            (syntheticSubjects, synthetic) = try wholeSequences(subjects: syntheticSubjects, linked: synthetic, link: link)
            context.log("QA scores the \(syntheticSubjects.rowCount) synthetic subjects whose rows are all among the first \(synthetic.rowCount)")
        }
        let schema = context.schema.table(named: link.table)
        let qaLink = QALinkedTable(subjectTable: link.subjectTable, subjectKey: link.subjectKey, contextColumn: link.contextColumn,
                                   orderColumn: link.orderColumn, identifierColumns: [schema?.primaryKey].compactMap { $0 }
                                       // Foreign keys into the job's tables hold new keys: not values to compare.
                                       + context.schema.foreignKeysInJob(of: link.table).map(\.column))
        return try QAReport.compute(synthetic: synthetic, training: training, holdout: holdout.rowCount > 0 ? holdout : nil,
                                    link: qaLink,
                                    subjects: QASubjectTables(synthetic: syntheticSubjects, training: trainingSubjects,
                                                              holdout: holdoutSubjects.rowCount > 0 ? holdoutSubjects : nil),
                                    options: options)
    }

    /// The subjects before the last one `linked` names (its sequence may go on past the
    /// prefix), and the linked rows of those subjects.
    static func wholeSequences(subjects: Table, linked: Table, link: SequenceLink) throws -> (Table, Table) {
        let keys = SequenceColumns.keys(try subjects.column(named: link.subjectKey))
        let linkedKeys = SequenceColumns.keys(try linked.column(named: link.contextColumn))
        let named = Set(linkedKeys.compactMap { $0 })
        guard let last = keys.lastIndex(where: { $0.map(named.contains) ?? false }) else { return (subjects.head(0), linked.head(0)) }
        let kept = Set(keys[..<last].compactMap { $0 })
        return (subjects.head(last), linked.gatheringRows(linkedKeys.indices.filter { linkedKeys[$0].map(kept.contains) ?? false }))
    }
}
