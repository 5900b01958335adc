import SynthData

/// Text figures of one free-text column (`QATextTokens.isTextLike`) in the QA report:
/// privacy (how many synthetic texts repeat a training text, or share a run of words with
/// one, next to the same for the holdout: a holdout text is as new to the model as a
/// synthetic one should be), the length distributions in characters and words, and how well
/// the word-token frequencies agree. Aggregates only: no text or token is named.
public struct QATextColumnReport: Sendable, Hashable, Codable {
    public var column: String
    /// Share of synthetic texts identical to a training text.
    public var syntheticIdenticalShare: Double
    /// Share of holdout texts identical to a training text (`nil` without holdout).
    public var holdoutIdenticalShare: Double?
    /// Share of synthetic texts that share a run of `nGram` words with a training text.
    public var syntheticNGramShare: Double
    /// The same for the holdout texts.
    public var holdoutNGramShare: Double?
    /// Words in the runs compared.
    public var nGram: Int
    /// Length in characters and in words: mean, 10th, 50th and 90th percentile.
    public var originalCharacters: QALengthSummary
    public var syntheticCharacters: QALengthSummary
    public var originalWords: QALengthSummary
    public var syntheticWords: QALengthSummary
    /// `1 − ½ Σ|p − q|` over ten quantile bins of the original's length in characters.
    public var lengthAccuracy: Double
    /// `1 − ½ Σ|p − q|` over word-token frequencies (tokens held by fewer training rows
    /// than the protection threshold pooled into one).
    public var tokenAccuracy: Double
    /// Share of synthetic word tokens (occurrences) that occur in the training texts.
    public var vocabularyOverlap: Double

    /// Words per run for the n-gram overlap.
    static let nGramWords = 5

    /// The report of `name`, or `nil` when it is not free text.
    static func compute(name: String, training: Column, holdout: Column?, synthetic: Column,
                        protection: QAValueProtection) -> QATextColumnReport? {
        guard QATextTokens.isTextLike([training] + (holdout.map { [$0] } ?? [])) else { return nil }
        let train = texts(training), hold = holdout.map(texts), syn = texts(synthetic)
        guard !train.isEmpty, !syn.isEmpty else { return nil }
        let trainingSet = Set(train)
        func identical(_ values: [String]) -> Double {
            values.isEmpty ? 0 : Double(values.filter { trainingSet.contains($0) }.count) / Double(values.count)
        }
        var grams = Set<[Substring]>()
        for text in train { for gram in nGrams(text) { grams.insert(gram) } }
        func sharing(_ values: [String]) -> Double {
            values.isEmpty ? 0 : Double(values.filter { nGrams($0).contains(where: grams.contains) }.count) / Double(values.count)
        }
        let original = train + (hold ?? [])
        let oriChars = original.map { Double($0.unicodeScalars.count) }, synChars = syn.map { Double($0.unicodeScalars.count) }
        let oriWords = original.map { Double(words($0).count) }, synWords = syn.map { Double(words($0).count) }

        // Token frequencies: a token is named only when enough training rows hold it.
        var rowsHolding: [String: Int] = [:]
        for text in train { for token in Set(QATextTokens.tokens(text).map { $0.lowercased() }) { rowsHolding[token, default: 0] += 1 } }
        func frequencies(_ values: [String]) -> ([String: Double], total: Int, known: Int) {
            var counts: [String: Double] = [:]
            var total = 0, known = 0
            for text in values {
                for token in QATextTokens.tokens(text).map({ $0.lowercased() }) {
                    total += 1
                    let held = rowsHolding[token] ?? 0
                    if held > 0 { known += 1 }
                    counts[held >= protection.minimumCount ? token : "\u{0}other", default: 0] += 1
                }
            }
            return (counts.mapValues { $0 / Double(max(total, 1)) }, total, known)
        }
        let (p, _, _) = frequencies(original), (q, synTotal, synKnown) = frequencies(syn)
        let tokenAccuracy = 1 - 0.5 * Set(p.keys).union(q.keys).reduce(0) { $0 + abs((p[$1] ?? 0) - (q[$1] ?? 0)) }

        return QATextColumnReport(
            column: name, syntheticIdenticalShare: identical(syn), holdoutIdenticalShare: hold.map(identical),
            syntheticNGramShare: sharing(syn), holdoutNGramShare: hold.map(sharing), nGram: nGramWords,
            originalCharacters: QALengthSummary(oriChars), syntheticCharacters: QALengthSummary(synChars),
            originalWords: QALengthSummary(oriWords), syntheticWords: QALengthSummary(synWords),
            lengthAccuracy: lengthAccuracy(original: oriChars, synthetic: synChars),
            tokenAccuracy: (tokenAccuracy * 100_000).rounded() / 100_000,
            vocabularyOverlap: synTotal == 0 ? 1 : Double(synKnown) / Double(synTotal))
    }

    static func texts(_ column: Column) -> [String] {
        guard case .string(let values) = column.values else { return [] }
        return (0..<values.count).compactMap { column.isNull($0) ? nil : values[$0] }
    }

    static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0.isWhitespace })
    }

    static func nGrams(_ text: String) -> [[Substring]] {
        let w = words(text)
        guard w.count >= nGramWords else { return [] }
        return (0...(w.count - nGramWords)).map { Array(w[$0..<($0 + nGramWords)]) }
    }

    /// `1 − ½ Σ|p − q|` over ten bins at the original's length deciles.
    static func lengthAccuracy(original: [Double], synthetic: [Double]) -> Double {
        guard !original.isEmpty, !synthetic.isEmpty else { return 0 }
        let sorted = original.sorted()
        var edges: [Double] = []
        for i in 1..<10 {
            let edge = sorted[min(sorted.count - 1, i * sorted.count / 10)]
            if edges.last != edge { edges.append(edge) }
        }
        func shares(_ values: [Double]) -> [Double] {
            var counts = [Double](repeating: 0, count: edges.count + 1)
            for v in values {
                var bin = 0
                while bin < edges.count, v >= edges[bin] { bin += 1 }
                counts[bin] += 1
            }
            return counts.map { $0 / Double(values.count) }
        }
        let a = shares(original), b = shares(synthetic)
        return ((1 - 0.5 * zip(a, b).reduce(0) { $0 + abs($1.0 - $1.1) }) * 100_000).rounded() / 100_000
    }
}

/// Mean and 10th / 50th / 90th percentiles of lengths.
public struct QALengthSummary: Sendable, Hashable, Codable {
    public var mean: Double
    public var p10: Double
    public var p50: Double
    public var p90: Double

    init(_ values: [Double]) {
        let sorted = values.sorted()
        func at(_ q: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))] }
        mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
        p10 = at(0.1); p50 = at(0.5); p90 = at(0.9)
    }
}
