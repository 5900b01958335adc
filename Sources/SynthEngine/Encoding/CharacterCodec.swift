import SynthData

/// `character`: short text position by position (codes like `N14228`, postcodes).
///
/// One sub-column per character position (`char_0`, `char_1`, …, Unicode scalars), each
/// with its own alphabet: code 0 ends the text, code i is the i-th character seen at that
/// position. Under value protection, a character seen at a position fewer times than the
/// rare threshold is replaced by that position's most frequent character. Null rows get a
/// `special` sub-column.
struct CharacterCodec: ColumnCodec {
    /// Longest text accepted.
    static let maxLength = 64

    /// Alphabet per position, in code order (code = index + 1).
    var alphabets: [[UInt32]]
    var hasNull: Bool

    var subColumns: [SubColumnSpec] {
        (hasNull ? [SubColumnSpec("special", 2)] : [])
            + alphabets.enumerated().map { SubColumnSpec("char_\($0.offset)", $0.element.count + 1) }
    }

    static func fit(_ column: Column, policy: ProtectionPolicy) throws -> (CharacterCodec, ProtectionReport) {
        guard case .string(let strings) = column.values else {
            throw EncodingError.incompatible(column: column.name, encoding: .character, dataType: column.dataType,
                                             reason: "needs a text column")
        }
        var counts: [[UInt32: Int]] = []
        for row in 0..<strings.count where !column.isNull(row) {
            let scalars = strings[row].unicodeScalars
            guard scalars.count <= maxLength else {
                throw EncodingError.incompatible(column: column.name, encoding: .character, dataType: column.dataType,
                                                 reason: "row \(row + 1) has \(scalars.count) characters, more than \(maxLength)")
            }
            for (position, scalar) in scalars.enumerated() {
                if position == counts.count { counts.append([:]) }
                counts[position][scalar.value, default: 0] += 1
            }
        }
        var report = ProtectionReport.none(enabled: policy.enabled)
        var alphabets: [[UInt32]] = []
        for table in counts {
            var kept = table.keys.sorted()
            if policy.enabled {
                let rare = kept.filter { (table[$0] ?? 0) < policy.rareThreshold }
                report.rareThreshold = policy.rareThreshold
                report.rareCategories += rare.count
                report.rareRows += rare.reduce(0) { $0 + (table[$1] ?? 0) }
                kept = kept.filter { (table[$0] ?? 0) >= policy.rareThreshold }
                if kept.isEmpty, let top = table.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) {
                    kept = [top.key]
                }
            }
            alphabets.append(kept)
        }
        return (CharacterCodec(alphabets: alphabets, hasNull: column.nullCount > 0), report)
    }

    func encode(_ column: Column, into writer: CodeWriter) throws {
        guard case .string(let strings) = column.values else {
            throw EncodingError.typeMismatch(column: column.name, expected: .string, found: column.dataType)
        }
        let lookups = alphabets.map { alphabet in
            Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($0.element, $0.offset + 1) })
        }
        let j0 = hasNull ? 1 : 0
        for row in 0..<strings.count {
            var position = 0
            if column.isNull(row) {
                if hasNull { writer.set(row: row, 0, 1) }
            } else {
                if hasNull { writer.set(row: row, 0, 0) }
                for scalar in strings[row].unicodeScalars where position < alphabets.count {
                    // A rare or unseen character becomes the position's first kept one.
                    writer.set(row: row, j0 + position, lookups[position][scalar.value] ?? (alphabets[position].isEmpty ? 0 : 1))
                    position += 1
                }
            }
            while position < alphabets.count {
                writer.set(row: row, j0 + position, 0)
                position += 1
            }
        }
    }

    func decode(_ reader: CodeReader, rowCount: Int, rng: inout SeededGenerator) -> ColumnAssembler {
        var out = ColumnAssembler(dataType: .string, capacity: rowCount)
        let j0 = hasNull ? 1 : 0
        var text = String.UnicodeScalarView()
        for row in 0..<rowCount {
            if hasNull, reader.code(row: row, 0, cardinality: 2) == 1 { out.appendNull(); continue }
            text.removeAll(keepingCapacity: true)
            for (position, alphabet) in alphabets.enumerated() {
                let code = reader.code(row: row, j0 + position, cardinality: alphabet.count + 1)
                if code == 0 { break }
                if let scalar = Unicode.Scalar(alphabet[code - 1]) { text.append(scalar) }
            }
            out.append(string: String(text))
        }
        return out
    }
}
