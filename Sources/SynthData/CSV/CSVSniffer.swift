/// Guesses the delimiter from a file's first bytes, and whether a header row looks like data.
enum CSVSniffer {
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    /// The candidate giving the most rows with the same (and more than one) field count.
    static func delimiter(_ p: UnsafePointer<UInt8>, count: Int, isFinal: Bool) -> UInt8 {
        let sample = min(count, 64 << 10)
        var best = candidates[0]
        var bestScore = 0
        for candidate in candidates {
            let indexer = CSVChunkIndexer(delimiter: candidate)
            guard (try? indexer.index(p, count: sample, isFinal: isFinal || sample == count, maxRows: 100)) != nil else { continue }
            var histogram: [Int: Int] = [:]
            for row in 0..<indexer.rowCount { histogram[indexer.fieldCount(row: row), default: 0] += 1 }
            guard let (fields, rows) = histogram.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }), fields > 1 else { continue }
            let score = rows * 1000 + fields
            if score > bestScore {
                bestScore = score
                best = candidate
            }
        }
        return best
    }

    /// Whether a row has a field that reads as a value rather than a name: a finite number,
    /// a boolean or a date (`nan` and `inf` are names here). Only used to hint that a file
    /// may have no header; the reader never decides that on its own.
    static func rowLooksLikeData(_ p: UnsafePointer<UInt8>, indexer: CSVChunkIndexer, nulls: CSVNullMatcher) -> Bool {
        guard indexer.rowCount > 0 else { return false }
        let first = Int(indexer.rowFirstField[0])
        for field in first..<Int(indexer.rowFirstField[1]) {
            let start = Int(indexer.fieldStart[field]), n = Int(indexer.fieldEnd[field]) - start
            if indexer.fieldFlags[field] & CSVChunkIndexer.quoted != 0 { continue }
            if nulls.isNull(p + start, n) { continue }
            switch CSVColumnBuilder.classify(p + start, n) {
            case .string, .unknown: continue
            case .double: if TextParsing.parseDouble(p + start, n)?.isFinite == true { return true }
            case .int, .bool, .date, .timestamp: return true
            }
        }
        return false
    }
}
