import SynthData

/// The fitted coder of one column: which sub-columns it writes and how values map to codes
/// and back. Each encoding type has one, fitted by `TableEncoder`.
protocol ColumnCodec: Codable, Sendable, Hashable {
    /// The sub-columns, in order (empty for columns the model does not see).
    var subColumns: [SubColumnSpec] { get }
    /// Writes the codes of every row of `column`.
    func encode(_ column: Column, into writer: CodeWriter) throws
    /// Reads `rowCount` rows of codes back into values of the source type.
    func decode(_ reader: CodeReader, rowCount: Int, rng: inout SeededGenerator) -> ColumnAssembler
}
