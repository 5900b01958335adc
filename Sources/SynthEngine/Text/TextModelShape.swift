/// The layout of a `TextModel`: a feed-forward language model over bytes. Each prediction
/// reads the `context` previous tokens (each embedded in `embedding` dimensions), the
/// position in the text (bucketed, embedded), and the row's condition (the sum of one
/// embedding per sub-column code of the row's encoded columns), through two ReLU layers of
/// `hidden` units into a softmax over the next token.
///
/// *Measured choice:* a fixed-context MLP trains every position of a batch in three GEMMs per
/// direction (no recurrence to unroll), so both cores stay busy with large `cblas_sgemm`s.
struct TextModelShape: Codable, Sendable, Hashable {
    /// Tokens of context before each prediction.
    var context: Int
    /// Width of a token embedding.
    var embedding: Int
    /// Width of the position embedding.
    var positionWidth: Int
    /// Width of the condition embedding.
    var conditionWidth: Int
    /// Units of each hidden layer.
    var hidden: Int
    /// Code counts of the condition's sub-columns (the table's encoded sub-columns).
    var conditionCardinalities: [Int]

    /// Position buckets: one per position below 16, then one per 24 positions, up to 32.
    static let positionBuckets = 32

    @inline(__always)
    static func positionBucket(_ position: Int) -> Int {
        position < 16 ? position : min(positionBuckets - 1, 16 + (position - 16) / 24)
    }

    /// The shape for a model size.
    init(size: ModelSettings.Size, conditionCardinalities: [Int]) {
        switch size {
        case .small: (context, embedding, conditionWidth, hidden) = (16, 16, 32, 256)
        case .medium: (context, embedding, conditionWidth, hidden) = (32, 24, 64, 512)
        case .large: (context, embedding, conditionWidth, hidden) = (48, 32, 96, 768)
        }
        positionWidth = 16
        self.conditionCardinalities = conditionCardinalities
    }

    /// Width of a layer-1 input row.
    var inputWidth: Int { context * embedding + positionWidth + conditionWidth }
    var conditionRows: Int { conditionCardinalities.reduce(0, +) }

    // Parameter offsets in the flat vector, in this order.
    var tokenEmbeddingOffset: Int { 0 }
    var positionEmbeddingOffset: Int { tokenEmbeddingOffset + TextVocabulary.inputCount * embedding }
    var conditionEmbeddingOffset: Int { positionEmbeddingOffset + Self.positionBuckets * positionWidth }
    var w1Offset: Int { conditionEmbeddingOffset + conditionRows * conditionWidth }
    var b1Offset: Int { w1Offset + inputWidth * hidden }
    var w2Offset: Int { b1Offset + hidden }
    var b2Offset: Int { w2Offset + hidden * hidden }
    var w3Offset: Int { b2Offset + hidden }
    var b3Offset: Int { w3Offset + hidden * TextVocabulary.outputCount }
    var parameterCount: Int { b3Offset + TextVocabulary.outputCount }

    /// Offsets of each condition sub-column's first embedding row.
    var conditionRowOffsets: [Int] {
        var offsets: [Int] = []
        var next = 0
        for c in conditionCardinalities { offsets.append(next); next += c }
        return offsets
    }

    /// Whether every dimension is in the range training can produce, and the parameters fit
    /// in `limit` (checked on load, before anything is allocated).
    func isPlausible(parameterLimit: Int) -> Bool {
        guard (1...256).contains(context), (1...256).contains(embedding), (1...256).contains(positionWidth),
              (1...1024).contains(conditionWidth), (1...4096).contains(hidden),
              conditionCardinalities.count <= 100_000, conditionCardinalities.allSatisfy({ (1...10_000_000).contains($0) }),
              conditionRows <= 100_000_000 / conditionWidth
        else { return false }
        return parameterCount <= parameterLimit
    }
}
