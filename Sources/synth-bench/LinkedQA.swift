import Foundation
import SynthData
import SynthEngine

/// `linked-qa DIR KEY CONTEXT_COLUMN ORDER|- OUT.json [seed=N] [protect=BOOL]`: the QA report of
/// a linked table (`QAReport.compute(…link:subjects:…)`) on the files `synth-bench linked` writes
/// (`trn_`/`hol_`/`syn_` + `subjects.csv`/`linked.csv` in DIR), for comparison with mostlyai-qa
/// (`scripts/check-coherence-vs-mostlyai-qa`). Value protection is off unless `protect=true`
/// (mostlyai-qa has none). Writes the accuracy levels, the coherence families, the sequence
/// lengths' accuracy, the per-subject DCR share and the per-column and per-pair accuracies as JSON.
func linkedQA(folder: String, arguments: [String]) throws {
    guard arguments.count >= 4 else {
        throw SequenceError("usage: synth-bench linked-qa DIR KEY CONTEXT_COLUMN ORDER|- OUT.json [seed=N] [protect=BOOL]")
    }
    let key = arguments[0], contextColumn = arguments[1], order = arguments[2] == "-" ? nil : arguments[2]
    var options = QAOptions()
    options.valueProtection = false
    for option in arguments.dropFirst(4) {
        let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { continue }
        if parts[0] == "seed", let seed = UInt64(parts[1]) { options.seed = seed }
        if parts[0] == "protect" { options.valueProtection = parts[1] == "true" }
    }
    func read(_ name: String) throws -> Table {
        try CSVReader.read(path: URL(fileURLWithPath: folder).appendingPathComponent(name + ".csv").path).table
    }
    let link = QALinkedTable(subjectTable: "subjects", subjectKey: key, contextColumn: contextColumn, orderColumn: order)
    let holdout = try read("hol_linked")
    let report = try QAReport.compute(
        synthetic: read("syn_linked"), training: read("trn_linked"), holdout: holdout.rowCount > 0 ? holdout : nil, link: link,
        subjects: QASubjectTables(synthetic: read("syn_subjects"), training: read("trn_subjects"), holdout: read("hol_subjects")),
        options: options)
    let a = report.accuracy
    let coherence = report.sequences?.coherence
    func mean(_ scores: [QASequenceCoherence.ColumnScore]?) -> Double? {
        guard let scores, !scores.isEmpty else { return nil }
        return scores.map(\.score.accuracy).reduce(0, +) / Double(scores.count)
    }
    let json: [String: Any?] = [
        "overall": a.overall, "univariate": a.univariate, "bivariate": a.bivariate, "trivariate": a.trivariate,
        "coherence": a.coherence, "distinct_categories_per_sequence": mean(coherence?.distinctCategoriesPerSequence),
        "sequences_per_category": mean(coherence?.sequencesPerCategory), "successive_rows": mean(coherence?.successiveRows),
        "sequence_length_accuracy": report.sequences?.lengths.score.accuracy, "dcr_share": report.privacy?.dcrShare,
        "subjects_compared": report.privacy?.sampleSize,
        "columns": Dictionary(uniqueKeysWithValues: report.columns.map { ($0.name, $0.score.accuracy) }),
        "pairs": Dictionary(report.bivariate.map { ("\($0.first) x \($0.second)", $0.score.accuracy) }, uniquingKeysWith: { a, _ in a }),
    ]
    try JSONSerialization.data(withJSONObject: json.compactMapValues { $0 }, options: [.sortedKeys])
        .write(to: URL(fileURLWithPath: arguments[3]))
}
