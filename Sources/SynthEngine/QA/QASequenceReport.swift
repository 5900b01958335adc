/// What the QA report of a linked table adds to a flat report (`QAReport.sequences`): how
/// its rows hang on their subjects. Accuracy is then scored per subject with the subject's
/// columns as context (`QASequenceFrame`), coherence of each subject's sequence
/// (`QASequenceCoherence`), the distribution of sequence lengths, and privacy measured on
/// subjects with their sequences (`QASubjectRecords`, in `QAReport.privacy`).
public struct QASequenceReport: Sendable, Hashable, Codable {
    /// The subject table and the link.
    public var subjectTable: String
    public var contextColumn: String
    public var orderColumn: String?
    /// The subject's columns as the report names them (`<subjectTable>.<column>`): they appear
    /// in bivariate pairs with the linked table's columns.
    public var contextColumns: [String]
    /// Subjects on each side (with and without linked rows).
    public var trainingSubjects: Int
    public var holdoutSubjects: Int?
    public var syntheticSubjects: Int
    /// Coherence of the sequences; `nil` when no original subject has two rows.
    public var coherence: QASequenceCoherence?
    /// Linked rows per subject (subjects without rows count as 0), binned on the original
    /// (training plus holdout) subjects under value protection, synthetic beside them.
    public var lengths: QAColumnReport
    /// Mean rows per subject (original values clipped as for the bins).
    public var originalMeanLength: Double
    public var syntheticMeanLength: Double
    /// The columns of a subject record, the unit of the privacy metrics (`QASubjectRecords`).
    public var subjectRecordColumns: [String]
}
