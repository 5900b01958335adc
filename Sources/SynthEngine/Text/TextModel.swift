import Dispatch

/// The language model of one `text` column: a feed-forward byte-level model
/// (`TextModelShape`) trained from scratch on the column's training texts, conditioned on
/// each row's encoded codes. Rare word parts are masked before training (`TextMasker`), so
/// the model never sees them and generation fills their shapes with pooled characters.
public struct TextModel: Sendable, Hashable {
    /// The column it generates.
    public var column: String
    var shape: TextModelShape
    var parameters: [Float]
    var pool: TextCharacterPool
    /// Longest text generated, in tokens (the longest training text, at most `tokenLimit`).
    var maxTokens: Int
    /// How training went.
    public var summary: TextTrainingSummary

    /// Texts are cut to this many tokens for training.
    static let tokenLimit = 2048

    /// Parameters of the model.
    public var parameterCount: Int { parameters.count }

    /// The embedding rows of row `row`'s condition (one per sub-column), clamped to range.
    func conditionRows(_ codes: EncodedTable, row: Int, offsets: [Int], into out: inout [Int32]) {
        let width = codes.width
        for (j, cardinality) in shape.conditionCardinalities.enumerated() {
            let c = Int(codes.codes[row * width + j])
            out.append(Int32(offsets[j] + min(max(c, 0), cardinality - 1)))
        }
    }

    /// The condition vector (sum of the condition rows' embeddings) into `out`.
    static func conditionVector(params: UnsafePointer<Float>, shape: TextModelShape, rows: UnsafePointer<Int32>, count: Int,
                                into out: UnsafeMutablePointer<Float>) {
        let w = shape.conditionWidth
        out.update(repeating: 0, count: w)
        for c in 0..<count {
            let source = params + shape.conditionEmbeddingOffset + Int(rows[c]) * w
            for i in 0..<w { out[i] += source[i] }
        }
    }
}

/// What training a text model did.
public struct TextTrainingSummary: Codable, Sendable, Hashable {
    /// Epochs completed (with the fraction of the last one).
    public var epochs: Double
    public var steps: Int
    /// Training texts and the tokens predicted per epoch.
    public var texts: Int
    public var tokens: Int
    /// Validation loss per token (nats) of the kept parameters, if there was validation data.
    public var validationLoss: Double?
    /// Why training ended: `epochs`, `budget` (the text step budget), `time`, `early_stopping` or `stopped`.
    public var stopReason: String
    public var seconds: Double
}
