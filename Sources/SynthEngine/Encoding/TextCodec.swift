import SynthData

/// `text`: free text (comments, reviews, tweets) and unique structured strings (case numbers,
/// ids, plates). The tabular model sees one sub-column, `present` (0: null, 1: a text), so
/// whether a row has a text follows the other columns; the text itself comes from the
/// column's `TextModel`, trained on the training rows and conditioned on the row's codes.
/// Decoding gives an empty string for each present text: a placeholder that
/// `Synthesizer.fillText` (the job's *Generating text* task) replaces with generated text.
struct TextCodec: ColumnCodec {
    var subColumns: [SubColumnSpec] { [SubColumnSpec("present", 2)] }

    static func fit(_ column: Column, policy: ProtectionPolicy) throws -> (TextCodec, ProtectionReport) {
        guard column.dataType == .string else {
            throw EncodingError.incompatible(column: column.name, encoding: .text, dataType: column.dataType,
                                             reason: "needs a text column")
        }
        var report = ProtectionReport.none(enabled: policy.enabled)
        if policy.enabled { report.rareThreshold = policy.rareThreshold }
        return (TextCodec(), report)
    }

    func encode(_ column: Column, into writer: CodeWriter) throws {
        guard column.dataType == .string else {
            throw EncodingError.typeMismatch(column: "text", expected: .string, found: column.dataType)
        }
        for row in 0..<column.count { writer.set(row: row, 0, column.isNull(row) ? 0 : 1) }
    }

    func decode(_ reader: CodeReader, rowCount: Int, rng: inout SeededGenerator) -> ColumnAssembler {
        var out = ColumnAssembler(dataType: .string, capacity: rowCount)
        for row in 0..<rowCount {
            if reader.code(row: row, 0, cardinality: 2) == 0 { out.appendNull() } else { out.append(string: "") }
        }
        return out
    }
}
