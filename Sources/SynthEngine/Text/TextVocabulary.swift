/// The tokens of the text model: the 256 byte values of UTF-8 text, the end of a text, and
/// three *shape* tokens that stand for one masked character of a rare word part (an
/// uppercase letter, another letter, a digit). The context before a text's first byte is
/// the `start` token, which is never predicted.
enum TextVocabulary {
    /// End of the text.
    static let end: Int32 = 256
    /// A masked uppercase ASCII letter.
    static let upper: Int32 = 257
    /// A masked other letter (lowercase ASCII, or any non-ASCII character).
    static let lower: Int32 = 258
    /// A masked digit.
    static let digit: Int32 = 259
    /// Tokens the model predicts: bytes, end and the three shapes.
    static let outputCount = 260
    /// The context before the first byte (input only).
    static let start: Int32 = 260
    /// Tokens the model reads.
    static let inputCount = 261

    /// Whether `token` is one of the three shape tokens.
    @inline(__always)
    static func isShape(_ token: Int32) -> Bool { token >= upper && token <= digit }
}
