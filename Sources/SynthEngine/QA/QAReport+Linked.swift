import SynthData

extension QAReport {
    /// The report of a linked table: its rows scored with their subjects, as mostlyai-qa
    /// scores a sequential target with context (`scripts/check-coherence-vs-mostlyai-qa`).
    ///
    /// - Accuracy per subject with at least one linked row (`QASequenceFrame`): one random row
    ///   of its sequence, its sequence length, and its subject's columns as context (pairs only).
    /// - Coherence of each subject's sequence (`QASequenceCoherence`), a fourth level of the
    ///   overall accuracy, as in mostlyai-qa.
    /// - Sequence lengths per subject, subjects without rows included, original vs synthetic.
    /// - Privacy on subject records (`QASubjectRecords`): each subject with its sequence is one
    ///   record, so distances compare subjects, not single rows.
    ///
    /// Value protection uses the strictest policy an encoding can draw for every column (the
    /// report mixes two tables' columns and derives per-subject figures).
    ///
    /// - Throws: `QAError` when a table lacks a column, or no subject of a side has linked rows.
    public static func compute(synthetic: Table, training: Table, holdout: Table?, link: QALinkedTable,
                               subjects: QASubjectTables, options: QAOptions = QAOptions()) throws -> QAReport {
        let names = QALinkedColumnNames(linked: training, subjects: subjects.training, link: link)
        guard !names.linkedColumns.isEmpty || !names.subjectColumns.isEmpty else { throw QAError.noColumns }
        try check(synthetic, has: [link.contextColumn] + names.linkedColumns, role: "synthetic")
        try check(training, has: [link.contextColumn], role: "training")
        try check(subjects.synthetic, has: [link.subjectKey] + names.subjectColumns, role: "synthetic subject")
        try check(subjects.training, has: [link.subjectKey], role: "training subject")
        let holdoutParts: (linked: Table, subjects: Table)?
        if let holdout, let holdoutSubjects = subjects.holdout, holdoutSubjects.rowCount > 0 {
            try check(holdout, has: [link.contextColumn] + names.linkedColumns, role: "holdout")
            try check(holdoutSubjects, has: [link.subjectKey] + names.subjectColumns, role: "holdout subject")
            holdoutParts = (holdout, holdoutSubjects)
        } else {
            holdoutParts = nil
        }

        let trainingSequences = try QASubjectSequences(linked: training, link: link, subjects: subjects.training)
        let syntheticSequences = try QASubjectSequences(linked: synthetic, link: link, subjects: subjects.synthetic)
        let holdoutSequences = try holdoutParts.map { try QASubjectSequences(linked: $0.linked, link: link, subjects: $0.subjects) }

        // Per-subject frames for accuracy, and subject records for privacy.
        var random = QARandom(seed: options.seed ^ 0x5EC0_F4A3)
        let frame = { (linked: Table, subjects: Table, sequences: QASubjectSequences) throws -> Table in
            try QASequenceFrame.build(linked: linked, subjects: subjects, sequences: sequences, link: link, names: names, random: &random)
        }
        let trainingFrame = try frame(training, subjects.training, trainingSequences)
        let syntheticFrame = try frame(synthetic, subjects.synthetic, syntheticSequences)
        var holdoutFrame: Table?
        if let holdoutParts, let holdoutSequences {
            let built = try frame(holdoutParts.linked, holdoutParts.subjects, holdoutSequences)
            holdoutFrame = built.rowCount > 0 ? built : nil
        }
        let records = { (linked: Table, subjects: Table, sequences: QASubjectSequences) throws -> Table in
            try QASubjectRecords.build(linked: linked, subjects: subjects, sequences: sequences, names: names)
        }
        let trainingRecords = try records(training, subjects.training, trainingSequences)
        let syntheticRecords = try records(synthetic, subjects.synthetic, syntheticSequences)
        let holdoutRecords = try holdoutParts.flatMap { parts in try holdoutSequences.map { try records(parts.linked, parts.subjects, $0) } }

        let strictest = QAValueProtection(policy: .strictest(enabled: options.valueProtection), options: options)
        let scoring = QAScoring(contextColumns: Set(names.contextColumns),
                                protections: Array(repeating: strictest, count: trainingFrame.columnCount),
                                privacyRecords: (syntheticRecords, trainingRecords, holdoutRecords))
        var report = try compute(synthetic: syntheticFrame, training: trainingFrame, holdout: holdoutFrame, options: options,
                                 scoring: scoring)

        // Coherence, on the linked rows themselves.
        let coherenceColumns = [link.contextColumn] + names.linkedColumns
        let coherence = try QASequenceCoherence.compute(
            training: training.selecting(coherenceColumns), holdout: holdoutParts.map { try $0.linked.selecting(coherenceColumns) },
            synthetic: synthetic.selecting(coherenceColumns), key: link.contextColumn, orderColumn: link.orderColumn, seed: options.seed)
        if let coherence, let value = coherence.coherence, let ceiling = coherence.coherenceMax {
            report.accuracy = summarize(report.accuracy, coherence: value, coherenceMax: ceiling)
        }

        let (lengths, originalMean, syntheticMean) = lengthHistogram(
            training: trainingSequences, holdout: holdoutSequences, synthetic: syntheticSequences, options: options, protection: strictest)
        report.syntheticRows = synthetic.rowCount
        report.trainingRows = training.rowCount
        report.holdoutRows = holdoutParts?.linked.rowCount
        report.sequences = QASequenceReport(
            subjectTable: link.subjectTable, contextColumn: link.contextColumn, orderColumn: link.orderColumn,
            contextColumns: names.contextColumns, trainingSubjects: subjects.training.rowCount,
            holdoutSubjects: holdoutParts?.subjects.rowCount, syntheticSubjects: subjects.synthetic.rowCount,
            coherence: coherence, lengths: lengths, originalMeanLength: originalMean, syntheticMeanLength: syntheticMean,
            subjectRecordColumns: trainingRecords.columnNames)
        return report
    }

    static func check(_ table: Table, has columns: [String], role: String) throws {
        for name in columns where table.columnIndex(named: name) == nil { throw QAError.missingColumn(name, role: role) }
    }

    /// The summary with coherence as a fourth level of `overall` (mostlyai-qa's mean).
    static func summarize(_ a: QAAccuracySummary, coherence: Double, coherenceMax: Double) -> QAAccuracySummary {
        var a = a
        let levels = [a.univariate, coherence] + [a.bivariate, a.trivariate].compactMap { $0 }
        let ceilings = [a.univariateMax, coherenceMax] + [a.bivariateMax, a.trivariateMax].compactMap { $0 }
        a.overall = levels.reduce(0, +) / Double(levels.count)
        a.overallMax = ceilings.reduce(0, +) / Double(ceilings.count)
        a.coherence = coherence
        a.coherenceMax = coherenceMax
        return a
    }

    /// Rows per subject binned on the original subjects (protected), and the mean lengths.
    static func lengthHistogram(training: QASubjectSequences, holdout: QASubjectSequences?, synthetic: QASubjectSequences,
                                options: QAOptions, protection: QAValueProtection) -> (QAColumnReport, Double, Double) {
        func column(_ sequences: QASubjectSequences) -> Column {
            Column(name: QASequenceFrame.lengthColumn, values: .int64(sequences.lengths.map(Int64.init)))
        }
        let parts = [column(training)] + (holdout.map { [column($0)] } ?? [])
        let binned = QABinner.bin(name: QASequenceFrame.lengthColumn, original: parts, synthetic: column(synthetic),
                                  options: options, protection: protection)
        let range = protection.range(ofTraining: training.lengths.map(Double.init))
        let original = QAValueProtection.clip((training.lengths + (holdout?.lengths ?? [])).map(Double.init), to: range).filter(\.isFinite)
        let syntheticLengths = synthetic.lengths.map(Double.init)
        func mean(_ x: [Double]) -> Double { x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count) }
        return (QAColumnReport(name: binned.name, kind: .numeric, score: QAAccuracyComputation.score(of: [binned]), bins: bins(of: binned)),
                mean(original), mean(syntheticLengths))
    }
}
