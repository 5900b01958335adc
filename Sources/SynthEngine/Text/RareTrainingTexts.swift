import SynthData

/// The training texts a text model must not generate verbatim: per `text` column, each
/// training text held by fewer training rows than the column's protection threshold (a
/// case number, an account id, a one-off comment), kept in memory only as 64-bit hashes and
/// never saved with the model. Generation redraws a text that hashes like one of them
/// (`TextModel.generate`), so no rare training value comes out whole even when its every
/// part is common (`john.smith`, `AB-12`). Common texts (`Thank you!`, held by at least the
/// threshold of rows) may come out, as common categories do. Without value protection
/// (threshold 0 or 1) nothing is excluded.
public struct RareTrainingTexts: Sendable {
    private var hashes: [String: Set<UInt64>] = [:]

    /// The rare texts of `encoding`'s text columns in `tables` together (rows of the
    /// encoding's table: the training rows, and every other source row the caller holds, such
    /// as validation and holdout rows, which are the user's data too; a text is rare when all
    /// of them together hold it fewer times than the threshold; columns a table lacks are
    /// skipped).
    public init(tables: [Table], encoding: TableEncoding) {
        for column in encoding.columns where column.type == .text {
            let threshold = column.protection.rareThreshold ?? 0
            guard threshold > 1 else { continue }
            var counts: [UInt64: Int] = [:]
            for table in tables {
                guard let values = try? table.column(named: column.name), case .string(let strings) = values.values else { continue }
                for row in 0..<values.count where !values.isNull(row) {
                    counts[strings.withBytes(at: row) { Self.hash($0) }, default: 0] += 1
                }
            }
            hashes[column.name] = Set(counts.compactMap { $0.value < threshold ? $0.key : nil })
        }
    }

    /// Whether `text` of `column` is a rare training text (or shares its hash, 2⁻⁶⁴ by chance).
    public func contains(_ text: String, column: String) -> Bool {
        guard let set = hashes[column], !set.isEmpty else { return false }
        var text = text
        return set.contains(text.withUTF8 { Self.hash($0) })
    }

    /// The number of rare texts remembered for `column`.
    public func count(column: String) -> Int { hashes[column]?.count ?? 0 }

    /// FNV-1a 64 of the bytes.
    static func hash<Bytes: Collection>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
