/// Value protection for text: splits each text into word parts (maximal runs of letters, or
/// of digits; non-ASCII characters count as letters: `13001275CF10A` is `13001275`, `CF`,
/// `10`, `A`) and replaces every part that fewer than
/// `rareThreshold` training texts contain by its *shape*: one shape token per character
/// (uppercase, other letter, digit). So a name, a number, an e-mail's user name or a case
/// number that few rows hold never reaches the model; generation draws a fresh value of the
/// same shape (`TextCharacterPool`). Punctuation, spaces and common parts stay as they are.
struct TextMasker {
    /// Parts contained in at least this many texts are kept (`0`: protection off).
    let rareThreshold: Int
    /// Document frequency of each part that is kept.
    private(set) var keptParts: Set<[UInt8]> = []

    /// Counts the parts of `texts` (each once per text) and keeps the frequent ones.
    init(texts: [[UInt8]], rareThreshold: Int) {
        self.rareThreshold = rareThreshold
        guard rareThreshold > 1 else { return }
        var counts: [[UInt8]: Int] = [:]
        var seen = Set<[UInt8]>()
        for text in texts {
            seen.removeAll(keepingCapacity: true)
            Self.forEachPart(text) { range in seen.insert(Array(text[range])) }
            for part in seen { counts[part, default: 0] += 1 }
        }
        keptParts = Set(counts.compactMap { $0.value >= rareThreshold ? $0.key : nil })
    }

    /// `text` as model tokens: bytes, with rare parts replaced by shape tokens. Also counts
    /// each masked character by shape into `pool`.
    func tokens(_ text: [UInt8], pool: inout TextCharacterPool) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.count)
        var position = 0
        Self.forEachPart(text) { range in
            while position < range.lowerBound { out.append(Int32(text[position])); position += 1 }
            let part = Array(text[range])
            if rareThreshold <= 1 || keptParts.contains(part) {
                out.append(contentsOf: part.map { Int32($0) })
            } else {
                Self.forEachCharacter(part) { bytes in
                    let shape = Self.shape(of: bytes)
                    out.append(shape)
                    pool.add(bytes, shape: shape)
                }
            }
            position = range.upperBound
        }
        while position < text.count { out.append(Int32(text[position])); position += 1 }
        return out
    }

    /// Whether `byte` belongs to a word part: an ASCII letter or digit, or a byte of a
    /// non-ASCII character.
    @inline(__always)
    static func isPartByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
    }

    /// Whether `byte` is an ASCII digit.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Calls `body` with the byte range of every word part of `text`, in order: maximal runs
    /// of letters, or of digits.
    static func forEachPart(_ text: [UInt8], _ body: (Range<Int>) -> Void) {
        var start = -1
        for (i, byte) in text.enumerated() {
            if isPartByte(byte) {
                if start >= 0, isDigit(byte) != isDigit(text[start]) {
                    body(start..<i)
                    start = -1
                }
                if start < 0 { start = i }
            } else if start >= 0 {
                body(start..<i)
                start = -1
            }
        }
        if start >= 0 { body(start..<text.count) }
    }

    /// Calls `body` with the bytes of each UTF-8 character of `part`.
    static func forEachCharacter(_ part: [UInt8], _ body: (ArraySlice<UInt8>) -> Void) {
        var i = 0
        while i < part.count {
            var j = i + 1
            while j < part.count, part[j] & 0xC0 == 0x80 { j += 1 }
            body(part[i..<j])
            i = j
        }
    }

    /// The shape token of one character.
    static func shape(of bytes: ArraySlice<UInt8>) -> Int32 {
        guard bytes.count == 1, let byte = bytes.first else { return TextVocabulary.lower }
        if byte >= 0x30 && byte <= 0x39 { return TextVocabulary.digit }
        if byte >= 0x41 && byte <= 0x5A { return TextVocabulary.upper }
        return TextVocabulary.lower
    }
}
