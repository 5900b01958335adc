import SynthData

/// Category bins the way mostlyai-qa cuts them: the `top` most frequent original values
/// (each held by at least `minimumCount` training rows, so no value of fewer records is
/// named) in byte order, then `(empty)`, `(other)`, `_RARE_` and `(n/a)`. Everything else
/// falls into `(other)`.
struct QACategoricalBinner {
    /// Bin labels, value bins first.
    private(set) var labels: [String] = []
    private var dictionary = QAStringDictionary(expectedCount: 256)
    /// Bin of each dictionary id.
    private var binOfID: [Int32] = []
    private let emptyBin: Int32, otherBin: Int32, rareBin: Int32, missingBin: Int32

    /// Fixes the bins on the original column parts (training first, then holdout) and returns
    /// the binner with the original rows' codes. `minimumCount` counts training rows only.
    static func fit(original parts: [Column], top: Int, minimumCount: Int) -> (QACategoricalBinner, [Int32]) {
        // 1. Distinct labels of the original rows: null → (n/a), "" → (empty).
        var dictionary = QAStringDictionary(expectedCount: 256)
        let missingID = dictionary.intern(QASpecialBin.missing)
        let emptyID = dictionary.intern(QASpecialBin.empty)
        var ids: [Int32] = []
        ids.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { appendIDs(of: part, into: &dictionary, ids: &ids, missingID: missingID, emptyID: emptyID) }
        var counts = [Int](repeating: 0, count: dictionary.count)
        for id in ids { counts[Int(id)] += 1 }
        var trainingCounts = [Int](repeating: 0, count: dictionary.count)
        for id in ids.prefix(parts.first?.count ?? 0) { trainingCounts[Int(id)] += 1 }

        // 2. Top values by count (ties: first seen first), specials moved behind.
        // The two specials were interned first; order the rest by first appearance.
        var firstSeen = [Int](repeating: Int.max, count: dictionary.count)
        for (row, id) in ids.enumerated() where firstSeen[Int(id)] == Int.max { firstSeen[Int(id)] = row }
        let ranked = (0..<dictionary.count).filter { counts[$0] > 0 }
            .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : firstSeen[$0] < firstSeen[$1] }
        let specials: Set<String> = [QASpecialBin.missing, QASpecialBin.empty, QASpecialBin.other, QASpecialBin.rare]
        var regular: [(id: Int, text: String)] = []
        for id in ranked.filter({ trainingCounts[$0] >= minimumCount }).prefix(top) {
            let text = dictionary.values[id]
            if !specials.contains(text) { regular.append((id, text)) }
        }
        regular.sort { Array($0.text.utf8).lexicographicallyPrecedes(Array($1.text.utf8)) }

        var binner = QACategoricalBinner(regularCount: regular.count)
        binner.labels = regular.map(\.text) + [QASpecialBin.empty, QASpecialBin.other, QASpecialBin.rare, QASpecialBin.missing]
        binner.dictionary = dictionary
        binner.binOfID = [Int32](repeating: binner.otherBin, count: dictionary.count)
        for (bin, entry) in regular.enumerated() { binner.binOfID[entry.id] = Int32(bin) }
        for id in 0..<dictionary.count {
            switch dictionary.values[id] {
            case QASpecialBin.missing: binner.binOfID[id] = binner.missingBin
            case QASpecialBin.empty: binner.binOfID[id] = binner.emptyBin
            case QASpecialBin.rare: binner.binOfID[id] = binner.rareBin
            case QASpecialBin.other: binner.binOfID[id] = binner.otherBin
            default: break
            }
        }
        let codes = ids.map { binner.binOfID[Int($0)] }
        return (binner, codes)
    }

    private init(regularCount: Int) {
        emptyBin = Int32(regularCount)
        otherBin = Int32(regularCount + 1)
        rareBin = Int32(regularCount + 2)
        missingBin = Int32(regularCount + 3)
    }

    /// Bin codes of another column (synthetic) under these bins.
    func codes(_ column: Column) -> [Int32] {
        var out = [Int32](repeating: otherBin, count: column.count)
        let emptyID = dictionary.lookup(QASpecialBin.empty) ?? -1
        if case .string(let strings) = column.values {
            for row in 0..<column.count {
                if column.isNull(row) { out[row] = missingBin; continue }
                let id: Int32? = strings.byteCount(at: row) == 0 ? emptyID : strings.withBytes(at: row) { dictionary.lookup($0) }
                if let id, id >= 0 { out[row] = binOfID[Int(id)] }
            }
        } else {
            for row in 0..<column.count {
                guard let text = column.formattedCell(row) else { out[row] = missingBin; continue }
                if text.isEmpty { out[row] = emptyBin; continue }
                if let id = dictionary.lookup(text) { out[row] = binOfID[Int(id)] }
            }
        }
        return out
    }

    private static func appendIDs(of column: Column, into dictionary: inout QAStringDictionary, ids: inout [Int32],
                                  missingID: Int32, emptyID: Int32) {
        if case .string(let strings) = column.values {
            for row in 0..<column.count {
                if column.isNull(row) { ids.append(missingID); continue }
                if strings.byteCount(at: row) == 0 { ids.append(emptyID); continue }
                ids.append(strings.withBytes(at: row) { dictionary.intern($0) })
            }
        } else {
            for row in 0..<column.count {
                guard let text = column.formattedCell(row) else { ids.append(missingID); continue }
                ids.append(text.isEmpty ? emptyID : dictionary.intern(text))
            }
        }
    }
}
