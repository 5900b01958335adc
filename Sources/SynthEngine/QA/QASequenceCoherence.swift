import SynthData

/// Coherence of a linked table: how well each subject's sequence of rows hangs together, the
/// way mostlyai-qa measures it when given a context key. Three families of scores, each an
/// accuracy (1 − total variation distance, with the sampling-noise ceiling), averaged per
/// family and then over the families:
///
/// - **distinct categories per sequence**: every column is cut into 30 bins on the original
///   rows; per sequence, the number of distinct bins it holds; those counts are binned (10
///   quantile bins) and compared between original and synthetic sequences;
/// - **sequences per category**: for the 9 bins that most original sequences hold (the rest
///   pooled as `(other)`), the number of sequences holding each;
/// - **successive rows**: one random pair of consecutive rows per sequence; each column of the
///   first row against the same column of the next (10 bins; a sequence of one row has a
///   missing next row).
///
/// The original side is the training and holdout rows together; a sequence keeps at most 100
/// of its rows (a seeded sample) for the first two families. (The sequence lengths are in
/// `QASequenceReport`, per subject.)
public struct QASequenceCoherence: Sendable, Hashable, Codable {
    /// One column's score in one family.
    public struct ColumnScore: Sendable, Hashable, Codable {
        public var column: String
        public var score: QAAccuracyScore
    }

    public var distinctCategoriesPerSequence: [ColumnScore]
    public var sequencesPerCategory: [ColumnScore]
    public var successiveRows: [ColumnScore]
    /// Sequences (subjects with at least one row) on each side.
    public var originalSequences: Int
    public var syntheticSequences: Int

    /// The mean of the three families' mean accuracies (families without columns left out).
    public var coherence: Double? { Self.meanOfMeans([distinctCategoriesPerSequence, sequencesPerCategory, successiveRows], \.accuracy) }
    public var coherenceMax: Double? { Self.meanOfMeans([distinctCategoriesPerSequence, sequencesPerCategory, successiveRows], \.accuracyMax) }

    static func meanOfMeans(_ families: [[ColumnScore]], _ value: KeyPath<QAAccuracyScore, Double>) -> Double? {
        let means = families.filter { !$0.isEmpty }.map { family in family.map { $0.score[keyPath: value] }.reduce(0, +) / Double(family.count) }
        return means.isEmpty ? nil : means.reduce(0, +) / Double(means.count)
    }

    /// Most rows of one sequence the category families look at.
    public static let maximumSequenceRows = 100

    /// Scores the linked table's `synthetic` rows against `training` (and `holdout`) rows,
    /// sequences grouped by `key` (rows with a null key belong to no sequence) and ordered by
    /// `orderColumn` (file order without one, or within ties). Nil when no original sequence
    /// has two rows (then the table is not sequential: mostlyai-qa's 1:1 setup).
    public static func compute(training: Table, holdout: Table?, synthetic: Table, key: String, orderColumn: String? = nil,
                               seed: UInt64 = 42) throws -> QASequenceCoherence? {
        let roles = [("training", training), ("synthetic", synthetic)] + (holdout.map { [("holdout", $0)] } ?? [])
        let columns = training.columnNames.filter { $0 != key }
        for (role, table) in roles {
            for name in [key] + columns where table.columnIndex(named: name) == nil { throw QAError.missingColumn(name, role: role) }
        }
        let parts = [training] + (holdout.map { [$0] } ?? [])
        let originalSequences = parts.flatMap { sequences(of: $0, key: key, order: orderColumn) }
        // The holdout's sequences index its own rows: shift them past the training rows.
        var shifted: [[Int]] = sequences(of: training, key: key, order: orderColumn)
        if let holdout {
            shifted += sequences(of: holdout, key: key, order: orderColumn).map { $0.map { $0 + training.rowCount } }
        }
        let syntheticSequences = sequences(of: synthetic, key: key, order: orderColumn)
        guard originalSequences.contains(where: { $0.count > 1 }) else { return nil }

        var random = QARandom(seed: seed)
        let cappedOriginal = shifted.map { Self.capped($0, random: &random) }
        let cappedSynthetic = syntheticSequences.map { Self.capped($0, random: &random) }

        var options = QAOptions()
        options.valueProtection = false
        var distinct: [ColumnScore] = [], perCategory: [ColumnScore] = [], successive: [ColumnScore] = []
        // Successive rows: one random consecutive pair per sequence.
        let (firstOriginal, nextOriginal) = consecutivePairs(shifted, random: &random)
        let (firstSynthetic, nextSynthetic) = consecutivePairs(syntheticSequences, random: &random)
        for (index, name) in columns.enumerated() {
            let originalColumn = try concatenated(parts.map { $0.columns[$0.columnIndex(named: name)!] })
            let syntheticColumn = synthetic.columns[synthetic.columnIndex(named: name)!]
            var fine = options
            fine.binCount = 30
            fine.topCategories = 30
            let binned = QABinner.bin(name: name, original: [originalColumn], synthetic: syntheticColumn, options: fine,
                                      protection: QAValueProtection(column: index, options: fine))
            distinct.append(ColumnScore(column: name, score: distinctPerSequence(binned, cappedOriginal, cappedSynthetic)))
            perCategory.append(ColumnScore(column: name, score: sequencesPerBin(binned, cappedOriginal, cappedSynthetic)))
            let first = QABinner.bin(name: name, original: [originalColumn.gathering(optional: firstOriginal)],
                                     synthetic: syntheticColumn.gathering(optional: firstSynthetic), options: options,
                                     protection: QAValueProtection(column: index, options: options))
            let next = QABinner.bin(name: name, original: [originalColumn.gathering(optional: nextOriginal)],
                                    synthetic: syntheticColumn.gathering(optional: nextSynthetic), options: options,
                                    protection: QAValueProtection(column: index, options: options))
            successive.append(ColumnScore(column: name, score: QAAccuracyComputation.score(of: [first, next])))
        }
        return QASequenceCoherence(
            distinctCategoriesPerSequence: distinct, sequencesPerCategory: perCategory, successiveRows: successive,
            originalSequences: originalSequences.count, syntheticSequences: syntheticSequences.count)
    }

    /// Row indices of each sequence of `table` (first appearance order of the keys), each
    /// sorted by `order` (stable; nulls last).
    static func sequences(of table: Table, key: String, order: String?) -> [[Int]] {
        let keyColumn = table.columns[table.columnIndex(named: key)!]
        var groupOf: [String: Int] = [:]
        var groups: [[Int]] = []
        for row in 0..<table.rowCount {
            guard let text = keyColumn.formattedCell(row) else { continue }
            if let group = groupOf[text] {
                groups[group].append(row)
            } else {
                groupOf[text] = groups.count
                groups.append([row])
            }
        }
        guard let order, let index = table.columnIndex(named: order) else { return groups }
        let column = table.columns[index]
        let kind = QAColumnKind(column.dataType)
        let values = kind == .categorical ? [] : column.qaNumbers(as: kind)
        return groups.map { rows in
            rows.enumerated().sorted { a, b in
                if kind == .categorical {
                    let x = column.formattedCell(a.element) ?? "", y = column.formattedCell(b.element) ?? ""
                    return x != y ? x < y : a.offset < b.offset
                }
                let x = values[a.element], y = values[b.element]
                if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? a.offset < b.offset : !x.isNaN }
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
        }
    }

    /// At most `maximumSequenceRows` rows of a sequence (a seeded sample, in order).
    static func capped(_ rows: [Int], random: inout QARandom) -> [Int] {
        guard rows.count > maximumSequenceRows else { return rows }
        return random.sample(maximumSequenceRows, from: rows.count).sorted().map { rows[$0] }
    }

    /// Per sequence, a random row `i` (`0 … length − 2`, 0 for one row) and the row after it
    /// (nil when the sequence has one row).
    static func consecutivePairs(_ sequences: [[Int]], random: inout QARandom) -> ([Int?], [Int?]) {
        var first: [Int?] = [], next: [Int?] = []
        for rows in sequences where !rows.isEmpty {
            let u = Double(random.next() >> 11) / Double(1 << 53)
            let i = Int(Double(rows.count - 1) * u)
            first.append(rows[i])
            next.append(i + 1 < rows.count ? rows[i + 1] : nil)
        }
        return (first, next)
    }

    /// Distinct bins per sequence, binned (10 quantile bins on the original counts) and scored.
    static func distinctPerSequence(_ binned: QABinnedColumn, _ original: [[Int]], _ synthetic: [[Int]]) -> QAAccuracyScore {
        func counts(_ codes: [Int32], _ sequences: [[Int]]) -> [Double] {
            sequences.map { rows in Double(Set(rows.map { codes[$0] }).count) }
        }
        let originalCounts = counts(binned.original, original), syntheticCounts = counts(binned.synthetic, synthetic)
        let breaks = QANumericBinner.numericBreaks(originalCounts, binCount: 10)
        let column = QABinnedColumn(name: binned.name, kind: .numeric, labels: QANumericBinner.numericLabels(breaks) + [QASpecialBin.missing],
                                    original: QANumericBinner.codes(originalCounts, breaks: breaks, lastWidth: 1),
                                    synthetic: QANumericBinner.codes(syntheticCounts, breaks: breaks, lastWidth: 1))
        return QAAccuracyComputation.score(of: [column])
    }

    /// Sequences holding each of the 9 bins most original sequences hold, the others pooled
    /// in `(other)` (with the `(other)` bin itself), original against synthetic.
    static func sequencesPerBin(_ binned: QABinnedColumn, _ original: [[Int]], _ synthetic: [[Int]]) -> QAAccuracyScore {
        func holding(_ codes: [Int32], _ sequences: [[Int]], slot: (Int32) -> Int, slots: Int) -> [Int32] {
            var counts = [Int32](repeating: 0, count: slots)
            for rows in sequences {
                for s in Set(rows.map { slot(codes[$0]) }) { counts[s] += 1 }
            }
            return counts
        }
        let bins = binned.binCount
        let perBin = holding(binned.original, original, slot: { Int($0) }, slots: bins)
        // nlargest(9): by count, ties by bin order.
        let top = (0..<bins).sorted { perBin[$0] != perBin[$1] ? perBin[$0] > perBin[$1] : $0 < $1 }.prefix(9)
        let otherBin = binned.labels.firstIndex(of: QASpecialBin.other)
        var slotOf = [Int](repeating: 9, count: bins)  // slot 9: (other)
        for (slot, bin) in top.enumerated() where bin != otherBin { slotOf[bin] = slot }
        let originalCounts = holding(binned.original, original, slot: { slotOf[Int($0)] }, slots: 10)
        let syntheticCounts = holding(binned.synthetic, synthetic, slot: { slotOf[Int($0)] }, slots: 10)
        return originalCounts.withUnsafeBufferPointer { o in
            syntheticCounts.withUnsafeBufferPointer { s in
                QAAccuracyScore.score(original: o, synthetic: s, originalTotal: Int(originalCounts.reduce(0, +)),
                                      syntheticTotal: Int(syntheticCounts.reduce(0, +)))
            }
        }
    }

    /// One column of the parts' rows, in order.
    static func concatenated(_ parts: [Column]) throws -> Column {
        guard parts.count > 1 else { return parts[0] }
        let tables = try parts.map { try Table(columns: [$0]) }
        return try Table.concatenating(tables).columns[0]
    }
}

extension Column {
    /// The rows at `indices`; nil gives a null.
    func gathering(optional indices: [Int?]) -> Column {
        var gathered = gathering(indices.map { $0 ?? 0 })
        if indices.contains(where: { $0 == nil }) {
            var validity = gathered.validity ?? ValidityBitmap(count: indices.count, allValid: true)
            for (row, index) in indices.enumerated() where index == nil { validity.set(row, valid: false) }
            gathered.validity = validity
        }
        return gathered
    }
}
