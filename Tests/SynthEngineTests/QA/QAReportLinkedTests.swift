import Testing
import SynthData
@testable import SynthEngine

/// The QA report of a linked table on small subjects and sequences whose figures are known:
/// accuracy per subject with context, coherence as a level of the overall accuracy, the
/// histogram of rows per subject, privacy on subject records, value protection.
@Suite("Linked-table QA report")
struct QAReportLinkedTests {
    static let link = QALinkedTable(subjectTable: "s", subjectKey: "id", contextColumn: "sid", orderColumn: "t",
                                    identifierColumns: ["eid"])

    /// Subjects `first…first+count-1`: kind A (2 rows, label a) or B (4 rows, label b), every
    /// tenth subject without rows. Rows listed in reverse time order.
    static func tables(subjects count: Int, first: Int = 1) throws -> (subjects: Table, linked: Table) {
        var ids: [Int64] = [], kinds: [String] = []
        var eids: [Int64] = [], sids: [Int64] = [], times: [Int64] = [], labels: [String] = [], amounts: [Double] = []
        for id in first..<(first + count) {
            let isA = id % 2 == 0
            ids.append(Int64(id))
            kinds.append(isA ? "A" : "B")
            guard id % 10 != 0 else { continue }
            for step in 0..<(isA ? 2 : 4) {
                eids.append(Int64(eids.count))
                sids.append(Int64(id))
                times.append(Int64(3 - step))
                labels.append(isA ? "a" : "b")
                amounts.append(Double(isA ? 10 : 100) + Double(3 - step))
            }
        }
        let subjects = try Table(columns: [Column(name: "id", values: .int64(ids)), Column(name: "kind", values: .string(StringArray(kinds)))])
        let linked = try Table(columns: [Column(name: "eid", values: .int64(eids)), Column(name: "sid", values: .int64(sids)),
                                         Column(name: "t", values: .int64(times)), Column(name: "label", values: .string(StringArray(labels))),
                                         Column(name: "amount", values: .double(amounts))])
        return (subjects, linked)
    }

    @Test func aCopyScoresFullAccuracyCoherenceAndLengths() throws {
        let (subjects, linked) = try Self.tables(subjects: 100)
        let (holdoutSubjects, holdoutLinked) = try Self.tables(subjects: 40, first: 1001)
        var options = QAOptions()
        options.valueProtection = false
        let report = try QAReport.compute(synthetic: linked, training: linked, holdout: holdoutLinked, link: Self.link,
                                          subjects: QASubjectTables(synthetic: subjects, training: subjects, holdout: holdoutSubjects),
                                          options: options)
        let sequences = try #require(report.sequences)
        // One univariate per linked column (identifier and context key left out) plus the length.
        #expect(report.columns.map(\.name) == ["t", "label", "amount", "Sequence Length"])
        #expect(sequences.contextColumns == ["s.kind"])
        // The subject's columns appear in pairs with the linked columns, never alone or together.
        #expect(report.pairAccuracy("label", "s.kind") != nil && report.pairAccuracy("Sequence Length", "s.kind") != nil)
        #expect(report.column(named: "s.kind") == nil)
        // Coherence joins overall as a fourth level (mean of univariate, bivariate, trivariate, coherence).
        let coherence = try #require(report.accuracy.coherence)
        #expect(sequences.coherence?.coherence == coherence)
        let a = report.accuracy
        #expect(abs(a.overall - (a.univariate + a.bivariate! + a.trivariate! + coherence) / 4) < 1e-12)
        // A copy of the training rows against training plus holdout: only sampling noise is left.
        #expect(coherence > 0.9 && sequences.lengths.score.accuracy > 0.95, "\(coherence) \(sequences.lengths.score.accuracy)")
        // Lengths per subject, subjects without rows counted: 10 + 4 of 140 subjects have 0 rows.
        #expect(sequences.trainingSubjects == 100 && sequences.holdoutSubjects == 40 && sequences.syntheticSubjects == 100)
        let zeros = try #require(sequences.lengths.bins.first { $0.label == "⪰ 0" })
        #expect(abs(zeros.original - 14.0 / 140) < 1e-12 && abs(zeros.synthetic - 10.0 / 100) < 1e-12)
        #expect(abs(sequences.originalMeanLength - Double(40 * 2 + 50 * 4 + 16 * 2 + 20 * 4) / 140) < 1e-12)
        // Privacy compares subjects (100 synthetic and training, 40 holdout: 40 each).
        let privacy = try #require(report.privacy)
        #expect(privacy.sampleSize == 40)
        #expect(sequences.subjectRecordColumns.prefix(5) == ["s.kind", "Sequence Length", "t #1", "t #2", "t #3"])
        #expect(sequences.subjectRecordColumns.contains("label mode") && sequences.subjectRecordColumns.contains("amount mean"))
    }

    @Test func aSubjectRecordHoldsTheSubjectItsFirstRowsAndAggregates() throws {
        let (subjects, linked) = try Self.tables(subjects: 3)
        let sequences = try QASubjectSequences(linked: linked, link: Self.link, subjects: subjects)
        // Subject 1 (B): rows listed t = 3, 2, 1, 0; ordered by t.
        #expect(sequences.lengths == [4, 2, 4])
        let names = QALinkedColumnNames(linked: linked, subjects: subjects, link: Self.link)
        let records = try QASubjectRecords.build(linked: linked, subjects: subjects, sequences: sequences, names: names)
        #expect(records.rowCount == 3)
        #expect(try records.column(named: "t #1").formattedCell(0) == "0")
        #expect(try records.column(named: "t #3").formattedCell(1) == nil, "a sequence of two rows has no third row")
        #expect(try records.column(named: "amount mean").formattedCell(0) == "101.5")
        #expect(try records.column(named: "label mode").formattedCell(1) == "a")
        #expect(try records.column(named: "s.kind").formattedCell(1) == "A")
    }

    @Test func aSequenceWorseThanTheOriginalScoresLower() throws {
        let (subjects, linked) = try Self.tables(subjects: 100)
        // Every synthetic subject gets one row: lengths and successive rows are off.
        let (_, short) = try Self.tables(subjects: 100)
        let firstRows = QASubjectSequences.firstRowOfEach(short, key: "sid")
        let synthetic = short.gatheringRows(firstRows)
        var options = QAOptions()
        options.valueProtection = false
        let report = try QAReport.compute(synthetic: synthetic, training: linked, holdout: nil, link: Self.link,
                                          subjects: QASubjectTables(synthetic: subjects, training: subjects, holdout: nil), options: options)
        let sequences = try #require(report.sequences)
        #expect(sequences.lengths.score.accuracy < 0.2)
        #expect((report.accuracy.coherence ?? 1) < 0.9)
        // Per subject with rows: 4 of 9 have two rows, all synthetic ones one (binned with them).
        #expect(abs(report.column(named: "Sequence Length")!.score.accuracy - 0.44444) < 1e-4)
    }

    @Test func aRareSequenceLengthIsNeverNamedInTheReport() throws {
        var (subjects, linked) = try Self.tables(subjects: 60)
        // One subject with 250 rows: its length rests on one record.
        let extra = try Table(columns: [Column(name: "eid", values: .int64((0..<250).map { 10_000 + $0 })),
                                        Column(name: "sid", values: .int64(Array(repeating: 1, count: 250))),
                                        Column(name: "t", values: .int64((0..<250).map { 100 + $0 })),
                                        Column(name: "label", values: .string(StringArray(Array(repeating: "b", count: 250)))),
                                        Column(name: "amount", values: .double(Array(repeating: 100, count: 250)))])
        linked = try Table.concatenating([linked, extra])
        let report = try QAReport.compute(synthetic: linked, training: linked, holdout: nil, link: Self.link,
                                          subjects: QASubjectTables(synthetic: subjects, training: subjects, holdout: nil))
        let sequences = try #require(report.sequences)
        let labels = sequences.lengths.bins.map(\.label) + report.column(named: "Sequence Length")!.bins.map(\.label)
        #expect(!labels.contains { $0.contains("254") || $0.contains("250") }, "\(labels)")
        #expect(sequences.originalMeanLength < 4, "the extreme length is clipped before the mean")
        _ = subjects
    }

    @Test func missingSubjectColumnsAreTypedErrors() throws {
        let (subjects, linked) = try Self.tables(subjects: 10)
        #expect(throws: QAError.missingColumn("kind", role: "synthetic subject")) {
            try QAReport.compute(synthetic: linked, training: linked, holdout: nil, link: Self.link,
                                 subjects: QASubjectTables(synthetic: subjects.dropping(["kind"]), training: subjects, holdout: nil))
        }
        #expect(throws: QAError.missingColumn("label", role: "synthetic")) {
            try QAReport.compute(synthetic: linked.dropping(["label"]), training: linked, holdout: nil, link: Self.link,
                                 subjects: QASubjectTables(synthetic: subjects, training: subjects, holdout: nil))
        }
    }
}

extension QASubjectSequences {
    /// The first listed row of each key (test helper).
    static func firstRowOfEach(_ table: Table, key: String) -> [Int] {
        QASequenceCoherence.sequences(of: table, key: key, order: nil).map { $0[0] }
    }
}
