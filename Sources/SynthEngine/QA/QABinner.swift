import SynthData

/// Cuts every training column into bins fixed on the original rows (training plus holdout)
/// and codes the synthetic rows with the same bins.
enum QABinner {
    static func bin(name: String, original parts: [Column], synthetic: Column, options: QAOptions) -> QABinnedColumn {
        let kind = QAColumnKind(parts[0].dataType)
        switch kind {
        case .numeric, .datetime:
            let original = parts.flatMap { $0.qaNumbers(as: kind) }
            let synth = synthetic.qaNumbers(as: kind)
            let breaks: [Double], labels: [String], width: Double
            if kind == .numeric {
                breaks = QANumericBinner.numericBreaks(original, binCount: options.binCount)
                labels = QANumericBinner.numericLabels(breaks)
                width = 1
            } else {
                breaks = QANumericBinner.datetimeBreaks(original, binCount: options.binCount)
                labels = QANumericBinner.datetimeLabels(breaks)
                width = qaMicrosecondsPerDay
            }
            return QABinnedColumn(
                name: name, kind: kind, labels: labels + [QASpecialBin.missing],
                original: QANumericBinner.codes(original, breaks: breaks, lastWidth: width),
                synthetic: QANumericBinner.codes(synth, breaks: breaks, lastWidth: width))
        case .categorical, .text:
            var parts = parts, synthetic = synthetic, kind = kind
            if QATextTokens.isTextLike(parts) {
                // Free text: compare words, drawn independently for each table.
                let seed = QATextTokens.seed(options.seed, column: name)
                parts = parts.enumerated().map { QATextTokens.sampledTokens($1, seed: seed &+ UInt64($0)) }
                synthetic = QATextTokens.sampledTokens(synthetic, seed: seed &+ 0x5EED)
                kind = .text
            }
            let (binner, codes) = QACategoricalBinner.fit(
                original: parts, top: options.topCategories, minimumCount: options.minimumCategoryCount)
            return QABinnedColumn(name: name, kind: kind, labels: binner.labels, original: codes,
                                  synthetic: binner.codes(synthetic))
        }
    }
}
