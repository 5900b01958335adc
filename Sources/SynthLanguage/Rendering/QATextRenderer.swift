import SynthEngine

/// The QA report for a terminal: a summary block (accuracy with ceilings, privacy verdicts),
/// per column a histogram with original and synthetic bars paired per bin, a compact
/// bivariate accuracy matrix and the DCR distributions. UTF-8 block bars, or `#` bars and
/// ASCII-only text when `utf8` is false.
public struct QATextRenderer: Sendable {
    public var utf8: Bool
    /// Total line width to fit (at least 30; prose lines are broken by the terminal output).
    public var width: Int

    public init(utf8: Bool, width: Int) {
        self.utf8 = utf8
        self.width = max(30, width)
    }

    /// Width of the bin labels: 20 characters, fewer on a narrow terminal.
    var chartLabelWidth: Int { min(20, max(8, (width - 20) / 2)) }

    /// The report as text. `column` shows only that column's histogram; `worst` only the
    /// `worst` columns with the lowest accuracy (worst first). Otherwise all columns in order.
    public func render(_ report: QAReport, column: String? = nil, worst: Int? = nil) -> String {
        var lines: [String] = []
        lines += summary(report)
        if let sequences = report.sequences, column == nil { lines.append(""); lines += self.sequences(sequences) }
        let columns: [QAColumnReport]
        if let column {
            columns = report.columns.filter { $0.name == column }
            if columns.isEmpty {
                lines.append("")
                lines.append("no column named '\(column)' (columns: \(report.columns.map(\.name).joined(separator: ", ")))")
            }
        } else if let worst {
            columns = Array(report.columns.sorted { $0.score.accuracy < $1.score.accuracy }.prefix(max(0, worst)))
            let hidden = report.columns.count - columns.count
            if hidden > 0 {
                lines.append("")
                lines.append("Showing the \(columns.count) column\(columns.count == 1 ? "" : "s") with the lowest accuracy; "
                             + "\(hidden) other\(hidden == 1 ? " is" : "s are") hidden (without `worst=` every column is shown).")
            }
        } else {
            columns = report.columns
        }
        for c in columns { lines.append(""); lines += histogram(c, report: report) }
        if column == nil {
            if report.columns.count > 1 { lines.append(""); lines += bivariateMatrix(report) }
            if let privacy = report.privacy { lines.append(""); lines += distances(privacy) }
        }
        return lines.map(text).joined(separator: "\n") + "\n"
    }

    // MARK: Sections

    func summary(_ report: QAReport) -> [String] {
        var lines: [String] = []
        var rows = "\(grouped(report.syntheticRows)) synthetic vs \(grouped(report.trainingRows)) training"
        if let holdout = report.holdoutRows { rows += " + \(grouped(holdout)) holdout" }
        lines.append("QA report: \(rows) rows, \(report.columns.count) columns")
        lines.append("")
        lines.append("Accuracy       synthetic  expected max")
        let a = report.accuracy
        let levels: [(String, Double?, Double?)] = [
            ("overall", a.overall, a.overallMax), ("univariate", a.univariate, a.univariateMax),
            ("bivariate", a.bivariate, a.bivariateMax), ("trivariate", a.trivariate, a.trivariateMax),
            ("coherence", a.coherence, a.coherenceMax),
        ]
        for (name, value, ceiling) in levels {
            guard let value, let ceiling else { continue }
            lines.append("  " + pad(name, 12) + BarChart.percent(value) + "        " + BarChart.percent(ceiling))
        }
        if let p = report.privacy {
            lines.append("")
            let unit = report.sequences == nil ? "records" : "subjects with their sequences"
            lines.append("Privacy (\(grouped(p.sampleSize)) \(unit) each; distances on \(p.columnsUsed.joined(separator: ", ")))")
            for test in p.tests {
                let value = test.name == "DCR ratio" ? formatFixed(test.value, decimals: 2) : formatFixed(test.value * 100, decimals: 1) + "%"
                lines.append("  " + pad(test.name, 18) + leftPad(value, 7) + "  " + test.verdict.label + "  " + test.rule)
                if let detail = test.uncertaintyText { lines.append("  " + pad("", 18) + "         " + detail) }
            }
            var dcr = "  DCR mean: synthetic->training \(formatFixed(p.dcrTraining, decimals: 4))"
            if let h = p.dcrHoldout { dcr += ", synthetic->holdout \(formatFixed(h, decimals: 4))" }
            if let th = p.dcrTrainingHoldout { dcr += ", holdout->training \(formatFixed(th, decimals: 4))" }
            lines.append(dcr)
            var nndr = "  NNDR (10th smallest): synthetic->training \(formatFixed(p.nndrTraining, decimals: 3))"
            if let h = p.nndrHoldout { nndr += ", synthetic->holdout \(formatFixed(h, decimals: 3))" }
            lines.append(nndr)
        }
        if report.privacy == nil { lines.append("") }
        lines.append((report.privacy == nil ? "" : "  ") + DifferentialPrivacySpent.summaryLine(report.differentialPrivacy))
        for text in report.text ?? [] { lines.append(""); lines += textColumn(text) }
        return lines
    }

    /// A linked table's sequences: subjects, coherence per family and column, and the
    /// histogram of rows per subject.
    func sequences(_ s: QASequenceReport) -> [String] {
        var subjects = "\(grouped(s.trainingSubjects)) training"
        if let holdout = s.holdoutSubjects { subjects += " + \(grouped(holdout)) holdout" }
        var lines = ["Sequences: rows per \(s.subjectTable) subject (linked by \(s.contextColumn)"
            + (s.orderColumn.map { ", ordered by \($0)" } ?? "") + "); \(subjects) vs \(grouped(s.syntheticSubjects)) synthetic subjects"]
        if let c = s.coherence {
            lines.append("")
            let nameWidth = min(24, max(11, c.distinctCategoriesPerSequence.map(\.column.count).max() ?? 11))
            lines.append(pad("Coherence", nameWidth + 2) + "  distinct/seq  seqs/category  successive rows")
            func mean(_ scores: [QASequenceCoherence.ColumnScore]) -> Double? {
                scores.isEmpty ? nil : scores.map(\.score.accuracy).reduce(0, +) / Double(scores.count)
            }
            func row(_ name: String, _ values: [Double?]) -> String {
                let cells = zip(values, [12, 15, 17]).map { value, width in leftPad(value.map(BarChart.percent) ?? "-", width) }
                return "  " + pad(BarChart.fit(name, width: nameWidth, utf8: utf8), nameWidth) + cells.joined()
            }
            lines.append(row("all columns", [mean(c.distinctCategoriesPerSequence), mean(c.sequencesPerCategory), mean(c.successiveRows)]))
            for (index, score) in c.distinctCategoriesPerSequence.enumerated() {
                lines.append(row(score.column, [score.score.accuracy,
                                                index < c.sequencesPerCategory.count ? c.sequencesPerCategory[index].score.accuracy : nil,
                                                index < c.successiveRows.count ? c.successiveRows[index].score.accuracy : nil]))
            }
        } else {
            lines.append("Coherence: no original subject has two rows")
        }
        lines.append("")
        lines.append("Sequence length (rows per subject)  accuracy \(formatFixed(s.lengths.score.accuracy * 100, decimals: 1))%"
            + "  expected max \(formatFixed(s.lengths.score.accuracyMax * 100, decimals: 1))%  mean \(formatFixed(s.originalMeanLength, decimals: 1)) original, "
            + "\(formatFixed(s.syntheticMeanLength, decimals: 1)) synthetic")
        let chart = BarChart(utf8: utf8, barWidth: max(3, width - chartLabelWidth - 15), labelWidth: chartLabelWidth,
                             seriesTags: ["orig", "syn"])
        lines += chart.render(s.lengths.bins.map { BarChart.Row(label: displayLabel($0.label), values: [$0.original, $0.synthetic]) })
        return lines
    }

    /// A free-text column: recitation next to the holdout's, lengths, token agreement.
    func textColumn(_ t: QATextColumnReport) -> [String] {
        func pct(_ x: Double) -> String { formatFixed(x * 100, decimals: 1) + "%" }
        var lines = ["Text '\(t.column)': token frequency accuracy \(pct(t.tokenAccuracy)), length accuracy \(pct(t.lengthAccuracy)), "
            + "\(pct(t.vocabularyOverlap)) of synthetic tokens in the training vocabulary"]
        let chart = BarChart(utf8: utf8, barWidth: max(3, width - chartLabelWidth - 15), labelWidth: chartLabelWidth,
                             seriesTags: ["syn", "hold"])
        lines += chart.render([
            BarChart.Row(label: "= training text", values: [t.syntheticIdenticalShare, t.holdoutIdenticalShare ?? 0]),
            BarChart.Row(label: "\(t.nGram) words shared", values: [t.syntheticNGramShare, t.holdoutNGramShare ?? 0]),
        ])
        let largest = max(t.originalCharacters.p90, t.syntheticCharacters.p90, 1)
        let lengths = BarChart(utf8: utf8, barWidth: max(3, width - chartLabelWidth - 15), labelWidth: chartLabelWidth,
                               seriesTags: ["orig", "syn"])
        lines.append("  characters (bars: share of the longest p90)  original mean \(formatFixed(t.originalCharacters.mean, decimals: 1)), "
            + "synthetic \(formatFixed(t.syntheticCharacters.mean, decimals: 1)); words \(formatFixed(t.originalWords.mean, decimals: 1)) vs "
            + formatFixed(t.syntheticWords.mean, decimals: 1))
        lines += lengths.render([("p10", \QALengthSummary.p10), ("median", \.p50), ("p90", \.p90)].map { label, path in
            BarChart.Row(label: label + " \(Int(t.originalCharacters[keyPath: path]))/\(Int(t.syntheticCharacters[keyPath: path]))",
                         values: [t.originalCharacters[keyPath: path] / largest, t.syntheticCharacters[keyPath: path] / largest])
        })
        return lines
    }

    func histogram(_ column: QAColumnReport, report: QAReport) -> [String] {
        var header = "\(column.name) (\(column.kind.rawValue))  accuracy \(formatFixed(column.score.accuracy * 100, decimals: 1))%"
        header += "  expected max \(formatFixed(column.score.accuracyMax * 100, decimals: 1))%"
        var lines = [header]
        let chart = BarChart(utf8: utf8, barWidth: max(3, width - chartLabelWidth - 15), labelWidth: chartLabelWidth,
                             seriesTags: ["orig", "syn"])
        lines += chart.render(column.bins.map { BarChart.Row(label: displayLabel($0.label), values: [$0.original, $0.synthetic]) })
        return lines
    }

    func bivariateMatrix(_ report: QAReport) -> [String] {
        let names = report.columns.map(\.name)
        // Columns are numbered: names cut to a cell's width collide (`bill bill`).
        let cell = 5
        let labelWidth = min(24, max(12, (width - 4) / 3))
        let maxColumns = max(1, (width - labelWidth - 6) / cell)
        let shown = Array(names.prefix(maxColumns))
        var lines = ["Bivariate accuracy (%); columns are numbered as the rows"]
        lines.append(String(repeating: " ", count: labelWidth + 6) + shown.indices.map { leftPad(String($0 + 1), cell) }.joined())
        for (number, row) in shown.enumerated() {
            var line = leftPad(String(number + 1), 3) + "  " + pad(BarChart.fit(row, width: labelWidth, utf8: utf8), labelWidth + 1)
            for col in shown {
                if row == col { line += leftPad("-", cell); continue }
                let score = report.pairAccuracy(row, col)
                line += leftPad(score.map { formatFixed($0.accuracy * 100, decimals: 0) } ?? "", cell)
            }
            lines.append(line)
        }
        if names.count > shown.count { lines.append("(\(names.count - shown.count) more columns not shown)") }
        return lines
    }

    func distances(_ privacy: QAPrivacy) -> [String] {
        var lines = ["Distance to closest record (share of records per distance bin)"]
        var tags = ["syn->trn"]
        if privacy.histogram.syntheticToHoldout != nil { tags.append("syn->hol") }
        if privacy.histogram.holdoutToTraining != nil { tags.append("hol->trn") }
        let chart = BarChart(utf8: utf8, barWidth: max(3, width - chartLabelWidth - 19), labelWidth: chartLabelWidth, seriesTags: tags)
        let h = privacy.histogram
        var rows: [BarChart.Row] = []
        for bin in 0..<(h.edges.count - 1) {
            var values = [h.syntheticToTraining[bin]]
            if let s = h.syntheticToHoldout { values.append(s[bin]) }
            if let t = h.holdoutToTraining { values.append(t[bin]) }
            let last = bin == h.edges.count - 2
            let label = (last ? ">= " : "< ") + formatFixed(last ? h.edges[bin] : h.edges[bin + 1], decimals: 4)
            rows.append(BarChart.Row(label: label, values: values))
        }
        lines += chart.render(rows)
        return lines
    }

    // MARK: Text helpers

    func displayLabel(_ label: String) -> String {
        // The engine labels bins `⪰ lower` (as mostlyai-qa does); `≥` is the sign people know.
        utf8 ? label.replacingEvery("⪰ ", with: "≥ ") : label.replacingEvery("⪰ ", with: ">= ")
    }

    /// ASCII stand-ins for the symbols the report uses.
    static let asciiSymbols: [Unicode.Scalar: String] = ["≤": "<=", "≥": ">=", "⪰": ">=", "×": "x", "→": "->", "…": "~", "–": "-", "—": "--", "·": "-",
                                                         "ε": "epsilon", "δ": "delta"]

    /// Makes a line ASCII-only when the terminal is not UTF-8.
    func text(_ line: String) -> String {
        guard !utf8 else { return line }
        var out = ""
        for scalar in line.unicodeScalars {
            if scalar.isASCII { out.unicodeScalars.append(scalar) } else { out += Self.asciiSymbols[scalar] ?? "?" }
        }
        return out
    }

    func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    func leftPad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }

    func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }
}

private extension String {
    func replacingEvery(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[rest.startIndex..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
