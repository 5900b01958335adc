/// The characters a shape token is replaced by when text is generated: for each shape
/// (uppercase, other letter, digit), the characters of masked word parts, each kept only
/// when it was masked at least `rareThreshold` times (so the pool names no rare character),
/// with its count. A shape with no kept character draws from the plain ASCII alphabet.
struct TextCharacterPool: Codable, Sendable, Hashable {
    /// Per shape (upper, lower, digit): characters (UTF-8) and how often each was masked.
    private(set) var characters: [[[UInt8]]] = [[], [], []]
    private(set) var counts: [[Int]] = [[], [], []]
    private var index: [[[UInt8]: Int]] = [[:], [:], [:]]

    private enum CodingKeys: String, CodingKey { case characters, counts }

    init() {}

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        characters = try container.decode([[[UInt8]]].self, forKey: .characters)
        counts = try container.decode([[Int]].self, forKey: .counts)
        guard characters.count == 3, counts.count == 3, zip(characters, counts).allSatisfy({ $0.count == $1.count }),
              characters.allSatisfy({ $0.allSatisfy { (1...4).contains($0.count) } }), counts.allSatisfy({ $0.allSatisfy { $0 > 0 } })
        else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "invalid character pool")) }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(characters, forKey: .characters)
        try container.encode(counts, forKey: .counts)
    }

    static func == (a: Self, b: Self) -> Bool { a.characters == b.characters && a.counts == b.counts }
    func hash(into hasher: inout Hasher) { hasher.combine(characters); hasher.combine(counts) }

    /// Counts one masked character.
    mutating func add(_ bytes: ArraySlice<UInt8>, shape: Int32) {
        let s = Int(shape - TextVocabulary.upper)
        let key = Array(bytes)
        if let i = index[s][key] {
            counts[s][i] += 1
        } else {
            index[s][key] = characters[s].count
            characters[s].append(key)
            counts[s].append(1)
        }
    }

    /// Drops characters masked fewer than `threshold` times.
    mutating func keepFrequent(threshold: Int) {
        for s in 0..<3 {
            let kept = characters[s].indices.filter { counts[s][$0] >= threshold }
            characters[s] = kept.map { characters[s][$0] }
            counts[s] = kept.map { counts[s][$0] }
            index[s] = [:]
        }
    }

    /// A character for `shape`, drawn by count.
    func draw(_ shape: Int32, rng: inout SeededGenerator) -> [UInt8] {
        let s = Int(shape - TextVocabulary.upper)
        let total = counts[s].reduce(0, +)
        guard total > 0 else {
            switch shape {
            case TextVocabulary.upper: return [UInt8(0x41 + rng.nextInt(below: 26))]
            case TextVocabulary.digit: return [UInt8(0x30 + rng.nextInt(below: 10))]
            default: return [UInt8(0x61 + rng.nextInt(below: 26))]
            }
        }
        var r = rng.nextInt(below: total)
        for (i, c) in counts[s].enumerated() {
            if r < c { return characters[s][i] }
            r -= c
        }
        return characters[s][characters[s].count - 1]
    }
}
