/// The QA report as one self-contained HTML page: inline CSS and SVG charts, no scripts,
/// fonts or images fetched from anywhere. Sections: summary (accuracy with ceilings, privacy
/// verdicts), univariate distributions, bivariate accuracy, correlations, distances to
/// closest records, summary statistics.
public enum QAHTMLRenderer {
    /// Section titles, in page order (each is an `<h2>` with a matching `id`).
    public static let sectionTitles = ["Accuracy", "Privacy", "Univariate distributions", "Bivariate accuracy",
                                       "Correlations", "Distances to closest records", "Summary statistics"]

    static let originalColor = "#666666"
    static let syntheticColor = "#24db96"
    static let holdoutColor = "#b0b0b0"

    /// The page for `report`; `title` heads it.
    public static func render(_ report: QAReport, title: String = "Synthetic data quality report") -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(css)</style>
        </head><body>
        <h1>\(escape(title))</h1>
        <p class="meta">\(rowsLine(report))</p>

        """
        html += section("Accuracy", accuracy(report))
        if let sequences = report.sequences { html += section("Sequences", self.sequences(sequences, report: report)) }
        html += section("Privacy", privacy(report))
        if let text = report.text, !text.isEmpty { html += section("Text", textColumns(text)) }
        html += section("Univariate distributions", univariates(report))
        html += section("Bivariate accuracy", bivariate(report))
        html += section("Correlations", correlations(report))
        html += section("Distances to closest records", distances(report))
        html += section("Summary statistics", statistics(report))
        html += "<footer>Accuracy = 1 − total variation distance of binned distributions; expected max = what a same-sized sample of the original would reach.</footer>\n</body></html>\n"
        return html
    }

    // MARK: Sections

    static func section(_ title: String, _ body: String) -> String {
        "<section id=\"\(anchor(title))\"><h2>\(escape(title))</h2>\n\(body)</section>\n"
    }

    static func rowsLine(_ r: QAReport) -> String {
        var s = "\(r.syntheticRows) synthetic rows vs \(r.trainingRows) training"
        if let h = r.holdoutRows { s += " + \(h) holdout" }
        return s + " rows · \(r.columns.count) columns"
    }

    static func accuracy(_ r: QAReport) -> String {
        let a = r.accuracy
        var rows = ""
        let levels: [(String, Double?, Double?)] = [("Overall", a.overall, a.overallMax), ("Univariate", a.univariate, a.univariateMax),
                                                    ("Bivariate", a.bivariate, a.bivariateMax), ("Trivariate", a.trivariate, a.trivariateMax),
                                                    ("Coherence", a.coherence, a.coherenceMax)]
        for (name, value, ceiling) in levels {
            guard let value, let ceiling else { continue }
            rows += "<tr><td>\(name)</td><td class=\"num big\">\(pct(value))</td><td class=\"num\">\(pct(ceiling))</td><td>\(meter(value))</td></tr>\n"
        }
        return "<table class=\"summary\"><tr><th>Level</th><th>Synthetic</th><th>Expected max</th><th></th></tr>\n\(rows)</table>\n"
            + "<p class=\"note\">\(r.trivariateCount) column triples scored.</p>\n"
    }

    /// A linked table: its subjects, accuracy with the subject's columns, coherence per family
    /// and column, the histogram of rows per subject and what a subject record holds.
    static func sequences(_ s: QASequenceReport, report r: QAReport) -> String {
        var subjects = "\(s.trainingSubjects) training"
        if let holdout = s.holdoutSubjects { subjects += " + \(holdout) holdout" }
        var out = "<p>Rows of each <b>\(escape(s.subjectTable))</b> subject, linked by <code>\(escape(s.contextColumn))</code>"
            + (s.orderColumn.map { ", ordered by <code>\(escape($0))</code>" } ?? "") + ": \(subjects) vs \(s.syntheticSubjects) synthetic subjects. "
            + "Accuracy is scored per subject: one random row of its sequence, its sequence length and its subject's columns as context.</p>\n"
        let context = Set(s.contextColumns)
        let contextPairs = r.bivariate.filter { context.contains($0.first) != context.contains($0.second) }
        if !contextPairs.isEmpty {
            let mean = contextPairs.map(\.score.accuracy).reduce(0, +) / Double(contextPairs.count)
            out += "<p>Pairs with the subject's columns (\(escape(s.contextColumns.joined(separator: ", ")))): mean accuracy <b>\(pct(mean))</b> over \(contextPairs.count) pairs.</p>\n"
        }
        if let c = s.coherence {
            func mean(_ x: [QASequenceCoherence.ColumnScore]) -> String {
                x.isEmpty ? "–" : pct(x.map(\.score.accuracy).reduce(0, +) / Double(x.count))
            }
            var rows = "<tr><th>Coherence</th><th>Distinct categories per sequence</th><th>Sequences per category</th><th>Successive rows</th></tr>\n"
            rows += "<tr><td><b>All columns</b> (\(c.coherence.map(pct) ?? "–"))</td><td class=\"num\">\(mean(c.distinctCategoriesPerSequence))</td><td class=\"num\">\(mean(c.sequencesPerCategory))</td><td class=\"num\">\(mean(c.successiveRows))</td></tr>\n"
            for (index, score) in c.distinctCategoriesPerSequence.enumerated() {
                let perCategory = index < c.sequencesPerCategory.count ? pct(c.sequencesPerCategory[index].score.accuracy) : "–"
                let successive = index < c.successiveRows.count ? pct(c.successiveRows[index].score.accuracy) : "–"
                rows += "<tr><td>\(escape(score.column))</td><td class=\"num\">\(pct(score.score.accuracy))</td><td class=\"num\">\(perCategory)</td><td class=\"num\">\(successive)</td></tr>\n"
            }
            out += "<table class=\"summary\">\(rows)</table>\n"
        } else {
            out += "<p>Coherence: no original subject has two rows.</p>\n"
        }
        out += "<figure><figcaption><b>Sequence length</b> (rows per subject) <span class=\"acc\">\(pct(s.lengths.score.accuracy))</span> "
            + "<span class=\"max\">(max \(pct(s.lengths.score.accuracyMax)))</span>; mean \(fixed(s.originalMeanLength, 1)) original, "
            + "\(fixed(s.syntheticMeanLength, 1)) synthetic</figcaption>\n" + pairedBars(s.lengths.bins) + "</figure>\n"
        return out + "<p class=\"note\">Privacy compares subjects with their sequences; a subject record holds \(escape(s.subjectRecordColumns.joined(separator: ", "))).</p>\n"
    }

    static func privacy(_ r: QAReport) -> String {
        let dp = "<p class=\"note\">\(escape(DifferentialPrivacySpent.summaryLine(r.differentialPrivacy)))</p>\n"
        return dp + distanceTests(r)
    }

    /// Free-text columns: recitation next to the holdout's, lengths, token agreement.
    static func textColumns(_ columns: [QATextColumnReport]) -> String {
        var out = ""
        for t in columns {
            var rows = "<tr><th>\(escape(t.column))</th><th>Synthetic</th><th>Holdout</th></tr>\n"
            rows += "<tr><td>Identical to a training text</td><td class=\"num\">\(pct(t.syntheticIdenticalShare))</td><td class=\"num\">\(t.holdoutIdenticalShare.map(pct) ?? "–")</td></tr>\n"
            rows += "<tr><td>Shares \(t.nGram) consecutive words with a training text</td><td class=\"num\">\(pct(t.syntheticNGramShare))</td><td class=\"num\">\(t.holdoutNGramShare.map(pct) ?? "–")</td></tr>\n"
            var lengths = "<tr><th>Length</th><th>Original</th><th>Synthetic</th></tr>\n"
            for (label, o, s) in [("Characters: mean", t.originalCharacters.mean, t.syntheticCharacters.mean),
                                  ("Characters: 10th / 50th / 90th percentile", t.originalCharacters.p10, t.syntheticCharacters.p10),
                                  ("Words: mean", t.originalWords.mean, t.syntheticWords.mean)] {
                let detail = label.hasPrefix("Characters: 10th")
                    ? (fixed(t.originalCharacters.p10, 0) + " / " + fixed(t.originalCharacters.p50, 0) + " / " + fixed(t.originalCharacters.p90, 0),
                       fixed(t.syntheticCharacters.p10, 0) + " / " + fixed(t.syntheticCharacters.p50, 0) + " / " + fixed(t.syntheticCharacters.p90, 0))
                    : (fixed(o, 1), fixed(s, 1))
                lengths += "<tr><td>\(label)</td><td class=\"num\">\(detail.0)</td><td class=\"num\">\(detail.1)</td></tr>\n"
            }
            out += "<table class=\"summary\">\(rows)</table>\n<table class=\"summary\">\(lengths)</table>\n"
            out += pairedBars([QABin(label: "length accuracy", original: 1, synthetic: t.lengthAccuracy),
                               QABin(label: "token frequency acc.", original: 1, synthetic: t.tokenAccuracy),
                               QABin(label: "tokens in vocabulary", original: 1, synthetic: t.vocabularyOverlap)])
        }
        return out + "<p class=\"note\">A holdout text is as new to the model as a synthetic one should be: synthetic figures near the holdout's mean no recitation beyond what the data itself repeats. Token frequencies pool tokens held by fewer training rows than the protection threshold.</p>\n"
    }

    static func distanceTests(_ r: QAReport) -> String {
        guard let p = r.privacy else { return "<p>No distance metrics.</p>\n" }
        var rows = ""
        for t in p.tests {
            let value = t.name == "DCR ratio" ? fixed(t.value, 2) : pct(t.value)
            let detail = t.uncertaintyText.map { "<br><span class=\"note\">\(escape($0))</span>" } ?? ""
            rows += "<tr><td>\(escape(t.name))</td><td class=\"num\">\(value)</td><td class=\"\(t.verdict.rawValue)\">\(t.verdict.label)</td><td>\(escape(t.rule))\(detail)</td></tr>\n"
        }
        var metrics = "<tr><th></th><th>Synthetic → training</th><th>Synthetic → holdout</th><th>Holdout → training</th></tr>\n"
        metrics += "<tr><td>Mean DCR</td><td class=\"num\">\(fixed(p.dcrTraining, 4))</td><td class=\"num\">\(opt(p.dcrHoldout, 4))</td><td class=\"num\">\(opt(p.dcrTrainingHoldout, 4))</td></tr>\n"
        metrics += "<tr><td>NNDR (10th smallest)</td><td class=\"num\">\(fixed(p.nndrTraining, 3))</td><td class=\"num\">\(opt(p.nndrHoldout, 3))</td><td class=\"num\">\(opt(p.nndrTrainingHoldout, 3))</td></tr>\n"
        metrics += "<tr><td>Identical matches</td><td class=\"num\">\(pct(p.identicalMatchTraining))</td><td class=\"num\">\(p.identicalMatchHoldout.map(pct) ?? "–")</td><td class=\"num\">\(p.identicalMatchTrainingHoldout.map(pct) ?? "–")</td></tr>\n"
        return "<table class=\"summary\"><tr><th>Test</th><th>Value</th><th>Verdict</th><th>Rule</th></tr>\n\(rows)</table>\n"
            + "<table class=\"summary\">\(metrics)</table>\n"
            + "<p class=\"note\">\(p.sampleSize) records drawn from each table; \(p.dimensions) encoded dimensions; figures from the columns \(escape(p.columnsUsed.joined(separator: ", "))).</p>\n"
    }

    static func univariates(_ r: QAReport) -> String {
        var out = "<p class=\"legend\"><span style=\"background:\(originalColor)\"></span>original <span style=\"background:\(syntheticColor)\"></span>synthetic</p>\n<div class=\"grid\">\n"
        for c in r.columns {
            out += "<figure><figcaption><b>\(escape(c.name))</b> <span class=\"acc\">\(pct(c.score.accuracy))</span> <span class=\"max\">(max \(pct(c.score.accuracyMax)))</span></figcaption>\n"
            out += pairedBars(c.bins) + "</figure>\n"
        }
        return out + "</div>\n"
    }

    static func pairedBars(_ bins: [QABin]) -> String {
        let labelWidth = 120.0, barArea = 200.0, rowHeight = 18.0
        let height = Double(bins.count) * rowHeight + 4
        let largest = max(bins.map { max($0.original, $0.synthetic) }.max() ?? 0, 1e-12)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"420\" height=\"\(fixed(height, 0))\" role=\"img\">\n"
        for (i, bin) in bins.enumerated() {
            let y = Double(i) * rowHeight + 2
            svg += "<text x=\"\(fixed(labelWidth - 4, 0))\" y=\"\(fixed(y + 12, 1))\" text-anchor=\"end\">\(escape(trim(bin.label, 20)))</text>"
            svg += "<rect x=\"\(fixed(labelWidth, 0))\" y=\"\(fixed(y + 1, 1))\" width=\"\(fixed(bin.original / largest * barArea, 1))\" height=\"7\" fill=\"\(originalColor)\"><title>original \(pct(bin.original))</title></rect>"
            svg += "<rect x=\"\(fixed(labelWidth, 0))\" y=\"\(fixed(y + 8, 1))\" width=\"\(fixed(bin.synthetic / largest * barArea, 1))\" height=\"7\" fill=\"\(syntheticColor)\"><title>synthetic \(pct(bin.synthetic))</title></rect>"
            svg += "<text x=\"\(fixed(labelWidth + barArea + 6, 0))\" y=\"\(fixed(y + 12, 1))\" class=\"small\">\(pct(bin.original)) / \(pct(bin.synthetic))</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func bivariate(_ r: QAReport) -> String {
        let names = r.columns.map(\.name)
        guard names.count > 1 else { return "<p>Needs at least two columns.</p>\n" }
        return heatmap(names: names, caption: "Accuracy of each pair of columns (%)", colorScale: .accuracy) { i, j in
            i == j ? r.columns[i].score.accuracy : r.pairAccuracy(names[i], names[j])?.accuracy
        }
    }

    static func correlations(_ r: QAReport) -> String {
        let c = r.correlations
        guard !c.columns.isEmpty else { return "<p>No columns.</p>\n" }
        return "<p class=\"note\">Cramér's V between binned columns (0 = independent, 1 = determined).</p>\n<div class=\"grid\">\n"
            + "<figure><figcaption>Original</figcaption>\(heatmap(names: c.columns, caption: nil, colorScale: .association) { c.original[$0][$1] })</figure>\n"
            + "<figure><figcaption>Synthetic</figcaption>\(heatmap(names: c.columns, caption: nil, colorScale: .association) { c.synthetic[$0][$1] })</figure>\n"
            + "</div>\n"
    }

    enum ColorScale { case accuracy, association }

    static func heatmap(names: [String], caption: String?, colorScale: ColorScale, value: (Int, Int) -> Double?) -> String {
        let n = names.count, cell = max(14.0, min(34.0, 480.0 / Double(n))), label = 110.0
        let size = label + cell * Double(n)
        var svg = caption.map { "<p class=\"note\">\(escape($0))</p>\n" } ?? ""
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fixed(size + 4, 0))\" height=\"\(fixed(size + 4, 0))\" role=\"img\">\n"
        for i in 0..<n {
            let y = label + Double(i) * cell
            svg += "<text x=\"\(fixed(label - 4, 0))\" y=\"\(fixed(y + cell * 0.65, 1))\" text-anchor=\"end\">\(escape(trim(names[i], 16)))</text>\n"
            let x = label + Double(i) * cell + cell * 0.65
            svg += "<text transform=\"translate(\(fixed(x, 1)),\(fixed(label - 4, 0))) rotate(-60)\">\(escape(trim(names[i], 16)))</text>\n"
            for j in 0..<n {
                guard let v = value(i, j) else { continue }
                let shade: String
                switch colorScale {
                case .accuracy: shade = color(fraction: min(1, max(0, (v - 0.5) / 0.5)))
                case .association: shade = color(fraction: v)
                }
                svg += "<rect x=\"\(fixed(label + Double(j) * cell, 1))\" y=\"\(fixed(y, 1))\" width=\"\(fixed(cell - 1, 1))\" height=\"\(fixed(cell - 1, 1))\" fill=\"\(shade)\"><title>\(escape(names[i])) × \(escape(names[j])): \(fixed(v * 100, 1))</title></rect>"
                if cell >= 24 {
                    svg += "<text x=\"\(fixed(label + Double(j) * cell + cell / 2, 1))\" y=\"\(fixed(y + cell * 0.62, 1))\" text-anchor=\"middle\" class=\"cell\">\(fixed(v * 100, 0))</text>"
                }
                svg += "\n"
            }
        }
        return svg + "</svg>\n"
    }

    /// White (0) to dark green (1).
    static func color(fraction: Double) -> String {
        let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let r = Int(255 - f * (255 - 10)), g = Int(255 - f * (255 - 140)), b = Int(255 - f * (255 - 90))
        return "rgb(\(r),\(g),\(b))"
    }

    static func distances(_ r: QAReport) -> String {
        guard let p = r.privacy else { return "<p>No distance metrics.</p>\n" }
        let h = p.histogram
        var series: [(String, String, [Double])] = [("synthetic → training", syntheticColor, h.syntheticToTraining)]
        if let s = h.syntheticToHoldout { series.append(("synthetic → holdout", originalColor, s)) }
        if let t = h.holdoutToTraining { series.append(("holdout → training", holdoutColor, t)) }
        let bins = h.edges.count - 1
        let width = 640.0, height = 220.0, left = 40.0, bottom = 30.0
        let groupWidth = (width - left) / Double(max(bins, 1))
        let barWidth = groupWidth / Double(series.count + 1)
        let largest = max(series.flatMap(\.2).max() ?? 0, 1e-12)
        var svg = "<p class=\"legend\">" + series.map { "<span style=\"background:\($0.1)\"></span>\(escape($0.0))" }.joined(separator: " ") + "</p>\n"
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fixed(width, 0))\" height=\"\(fixed(height, 0))\" role=\"img\">\n"
        svg += "<line x1=\"\(fixed(left, 0))\" y1=\"\(fixed(height - bottom, 0))\" x2=\"\(fixed(width, 0))\" y2=\"\(fixed(height - bottom, 0))\" stroke=\"#999\"/>\n"
        for bin in 0..<bins {
            for (s, entry) in series.enumerated() {
                let v = entry.2[bin]
                let barHeight = v / largest * (height - bottom - 10)
                let x = left + Double(bin) * groupWidth + Double(s) * barWidth + barWidth / 2
                svg += "<rect x=\"\(fixed(x, 1))\" y=\"\(fixed(height - bottom - barHeight, 1))\" width=\"\(fixed(barWidth, 1))\" height=\"\(fixed(barHeight, 1))\" fill=\"\(entry.1)\"><title>\(escape(entry.0)): \(pct(v))</title></rect>"
            }
            svg += "<text x=\"\(fixed(left + Double(bin) * groupWidth + groupWidth / 2, 1))\" y=\"\(fixed(height - bottom + 14, 0))\" text-anchor=\"middle\" class=\"small\">\(fixed(h.edges[bin], 3))</text>\n"
        }
        svg += "</svg>\n<p class=\"note\">Distance bins start at the value shown; the last bin holds all larger distances.</p>\n"
        return svg
    }

    static func statistics(_ r: QAReport) -> String {
        var out = "<table class=\"stats\"><tr><th>Column</th><th>Kind</th><th></th><th>Missing</th><th>Distinct</th><th>Mean</th><th>Std</th><th>Min</th><th>Median</th><th>Max</th><th>Most frequent</th></tr>\n"
        for s in r.statistics {
            for (tag, summary) in [("original", s.original), ("synthetic", s.synthetic)] {
                let name = tag == "original" ? "<td rowspan=\"2\">\(escape(s.name))</td><td rowspan=\"2\">\(s.kind.rawValue)</td>" : ""
                out += "<tr>\(name)<td>\(tag)</td><td class=\"num\">\(pct(summary.missingShare))</td><td class=\"num\">\(summary.distinct)</td>"
                out += "<td class=\"num\">\(stat(summary.mean, s.kind))</td><td class=\"num\">\(s.kind == .numeric ? opt(summary.standardDeviation, 3) : "–")</td>"
                out += "<td class=\"num\">\(stat(summary.minimum, s.kind))</td><td class=\"num\">\(stat(summary.median, s.kind))</td><td class=\"num\">\(stat(summary.maximum, s.kind))</td>"
                let top = summary.mostFrequent.map { "\(escape(trim($0, 24))) (\(pct(summary.mostFrequentShare ?? 0)))" } ?? "–"
                out += "<td>\(top)</td></tr>\n"
            }
        }
        out += "</table>\n"
        if r.options.valueProtection {
            out += "<p class=\"note\">Original figures follow value protection: numbers and dates are clipped to the range the model was trained on (no single extreme value is shown), and a category held by too few training rows is never named (_RARE_ or (other)).</p>\n"
        }
        return out
    }

    static func stat(_ value: Double?, _ kind: QAColumnKind) -> String {
        guard let value else { return "–" }
        if kind == .datetime { return QANumericBinner.formatDateTime(value, .second) }
        return abs(value) >= 1e6 || (abs(value) < 1e-3 && value != 0) ? escape(value.description) : fixed(value, 3)
    }

    // MARK: Formatting

    static func pct(_ x: Double) -> String { fixed(x * 100, 1) + "%" }
    static func opt(_ x: Double?, _ decimals: Int) -> String { x.map { fixed($0, decimals) } ?? "–" }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = (scaled / scale).rounded(.down)
        var fraction = String(Int64(scaled - whole * scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        let sign = value < 0 && scaled > 0 ? "-" : ""
        return sign + String(Int64(whole)) + (decimals > 0 ? "." + fraction : "")
    }

    static func meter(_ value: Double) -> String {
        "<span class=\"meter\"><span style=\"width:\(fixed(max(0, min(1, value)) * 100, 1))%\"></span></span>"
    }

    static func trim(_ s: String, _ n: Int) -> String { s.count > n ? String(s.prefix(n - 1)) + "…" : s }

    static func anchor(_ title: String) -> String {
        String(title.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// Escapes text for HTML element content and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static let css = """
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
    h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
    .meta,.note{color:#666;font-size:13px}table{border-collapse:collapse;margin:8px 0}
    td,th{padding:4px 10px;border-bottom:1px solid #eee;font-size:13px;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}
    .big{font-weight:bold}.pass{color:#0a7d4f;font-weight:bold}.fail{color:#c62828;font-weight:bold}.inconclusive{color:#8a6d00;font-weight:bold}
    .meter{display:inline-block;width:160px;height:10px;background:#eee}.meter span{display:block;height:10px;background:#24db96}
    .grid{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid #eee;padding:8px}figcaption{font-size:13px;margin-bottom:4px}
    .acc{color:#0a7d4f}.max{color:#888}svg text{font-size:11px;fill:#333}svg text.small{font-size:10px;fill:#666}svg text.cell{font-size:9px}
    .legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 10px;vertical-align:middle}
    footer{margin-top:32px;color:#888;font-size:12px}
    """
}
