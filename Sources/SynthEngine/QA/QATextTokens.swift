import SynthData

/// Free text in the QA: a text column has (nearly) one value per row, so its top categories
/// say nothing. Like mostlyai-qa, the QA compares words instead: every value is cut into
/// word-level tokens and one token, drawn at random, stands for the value; the tokens are
/// then binned as categories. Each table (training, holdout, synthetic) is judged free text on
/// its own rows, as mostlyai-qa judges each frame (`QABinner`); the draws are seeded by the
/// report's seed and the column's name.
enum QATextTokens {
    /// More than this share of the non-null original rows hold a value seen only once.
    static let uniqueShare = 0.05

    /// Whether the rows of `parts` (together) count as free text.
    static func isTextLike(_ parts: [Column]) -> Bool {
        var counts: [String: Int] = [:]
        var rows = 0
        for part in parts {
            guard case .string(let values) = part.values else { return false }
            for i in 0..<values.count where !part.isNull(i) {
                counts[values[i], default: 0] += 1
                rows += 1
            }
        }
        guard rows > 0 else { return false }
        let single = counts.values.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        return Double(single) / Double(rows) > uniqueShare
    }

    /// Word-level tokens in the manner of GPT-2's pre-tokenizer: runs of letters, runs of
    /// digits and runs of other symbols, each with the one space before it (shown as `▁`);
    /// other whitespace is dropped.
    static func tokens(_ text: String) -> [String] {
        enum Class { case letter, digit, symbol, space }
        func classify(_ scalar: Unicode.Scalar) -> Class {
            let properties = scalar.properties
            if properties.isWhitespace { return .space }
            if properties.isAlphabetic { return .letter }
            if properties.numericType != nil { return .digit }
            return .symbol
        }
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        var currentClass: Class?
        var pendingSpace = false
        func flush() {
            if !current.isEmpty { tokens.append(String(current)) }
            current = String.UnicodeScalarView()
            currentClass = nil
        }
        for scalar in text.unicodeScalars {
            let kind = classify(scalar)
            if kind == .space {
                flush()
                pendingSpace = scalar == " "
                continue
            }
            if kind != currentClass {
                flush()
                if pendingSpace { current.append("▁") }
                currentClass = kind
            }
            pendingSpace = false
            current.append(scalar)
        }
        flush()
        return tokens
    }

    /// The column with each value replaced by one of its tokens, drawn at random; nulls,
    /// empty values and values without a token become null.
    static func sampledTokens(_ column: Column, seed: UInt64) -> Column {
        var random = QARandom(seed: seed)
        var out = StringArray()
        var validity = ValidityBitmap(count: column.count, allValid: true)
        guard case .string(let values) = column.values else { return column }
        for i in 0..<values.count {
            let tokens = !column.isNull(i) ? Self.tokens(values[i]) : []
            if tokens.isEmpty {
                out.appendEmpty()
                validity.set(i, valid: false)
            } else {
                out.append(tokens[Int(random.next() % UInt64(tokens.count))])
            }
        }
        return Column(name: column.name, values: .string(out), validity: validity)
    }

    /// A seed for column `name`'s draws: the report's seed mixed with the name's bytes (FNV-1a).
    static func seed(_ reportSeed: UInt64, column name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return reportSeed ^ hash
    }
}
