import SynthData

/// Cuts every training column into bins fixed on the original rows (training plus holdout)
/// and codes the synthetic rows with the same bins. Bins follow value protection
/// (`QAValueProtection`): original numbers are clipped into the protected range first, and
/// only values held by enough training rows label a bin.
enum QABinner {
    /// Bins column `name`; `parts` are its original parts, training first.
    static func bin(name: String, original parts: [Column], synthetic: Column, options: QAOptions,
                    protection: QAValueProtection) -> QABinnedColumn {
        let kind = QAColumnKind(parts[0].dataType)
        switch kind {
        case .numeric, .datetime:
            let trainingValues = parts[0].qaNumbers(as: kind)
            let range = protection.range(ofTraining: trainingValues)
            let training = QAValueProtection.clip(trainingValues, to: range)
            let original = training + parts.dropFirst().flatMap { QAValueProtection.clip($0.qaNumbers(as: kind), to: range) }
            let synth = synthetic.qaNumbers(as: kind)
            let breaks: [Double], labels: [String], width: Double
            if kind == .numeric {
                breaks = QANumericBinner.numericBreaks(original, binCount: options.binCount,
                                                       nameable: { protection.nameable($0, training: training) })
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
            // Free text: compare words, drawn independently for each table. As in mostlyai-qa,
            // each table (training, holdout, synthetic) is judged free text on its own rows, so a
            // synthetic column that lost the original's variety (say, common values and `_RARE_`
            // only) is binned by whole values against the original's word bins, and scores low.
            let seed = QATextTokens.seed(options.seed, column: name)
            let textParts = parts.map { QATextTokens.isTextLike([$0]) }
            if textParts.contains(true) {
                parts = parts.enumerated().map { textParts[$0] ? QATextTokens.sampledTokens($1, seed: seed &+ UInt64($0)) : $1 }
                kind = .text
            }
            if QATextTokens.isTextLike([synthetic]) {
                synthetic = QATextTokens.sampledTokens(synthetic, seed: seed &+ 0x5EED)
            }
            let (binner, codes) = QACategoricalBinner.fit(
                original: parts, top: options.topCategories, minimumCount: protection.minimumCount)
            return QABinnedColumn(name: name, kind: kind, labels: binner.labels, original: codes,
                                  synthetic: binner.codes(synthetic))
        }
    }
}
