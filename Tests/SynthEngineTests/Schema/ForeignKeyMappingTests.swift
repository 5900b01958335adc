import Testing
import SynthData
import SynthEngine

/// `ForeignKeyMapping`: every mapped value is an existing key, the children-per-parent
/// distribution and parent attributes are kept, nulls stay nulls, chunks map like the whole.
@Suite("Foreign key mapping")
struct ForeignKeyMappingTests {
    /// Shops S1…S6 (north: S1-S3, south: S4-S6) and child values with counts 60, 30, 20, 10, 5, 5.
    static let counts = [60, 30, 20, 10, 5, 5]

    static func shops(prefix: String, regions: [String]) throws -> Table {
        try Table(columns: [Column(name: "shop", values: .string(StringArray(regions.indices.map { "\(prefix)\($0 + 1)" }))),
                            Column(name: "region", values: .string(StringArray(regions)))])
    }

    static func childValues(nulls: Int = 0) -> Column {
        var values: [String] = []
        for (index, count) in counts.enumerated() { values += Array(repeating: "S\(index + 1)", count: count) }
        let validity = ValidityBitmap((0..<(values.count + nulls)).map { $0 < values.count })
        return Column(name: "shop", values: .string(StringArray(values + Array(repeating: "", count: nulls))),
                      validity: nulls > 0 ? validity : nil)
    }

    static func texts(_ column: Column) -> [String?] { (0..<column.count).map { column.formattedCell($0) } }

    @Test func inJobKeysAreGeneratedKeysAndEachParentKeepsItsShareAndAttributes() throws {
        let originals = try Self.shops(prefix: "S", regions: ["north", "north", "north", "south", "south", "south"])
        // Generated shops: new keys, regions in another order.
        let generated = try Self.shops(prefix: "G", regions: ["south", "north", "south", "north", "south", "north"])
        let mapping = try ForeignKeyMapping.inJob(column: "shop", childValues: Self.childValues(), originals: originals,
                                                  generated: generated, parentKey: "shop", dataType: .string, seed: 7)
        let child = Self.childValues(nulls: 4)
        let mapped = try mapping.apply(child, firstRow: 0)
        let texts = Self.texts(mapped)
        let generatedKeys = Set((1...6).map { "G\($0)" })
        #expect(texts.compactMap { $0 }.allSatisfy(generatedKeys.contains), "every value is a generated key")
        #expect(texts.suffix(4).allSatisfy { $0 == nil }, "nulls stay nulls")
        // Children per parent: as many generated parents as originals, so the counts are the same multiset.
        var perParent: [String: Int] = [:]
        for text in texts.compactMap({ $0 }) { perParent[text, default: 0] += 1 }
        #expect(perParent.values.sorted(by: >) == Self.counts)
        // A child of a northern shop goes to a generated northern shop.
        let region = Dictionary(uniqueKeysWithValues: (0..<6).map { ("G\($0 + 1)", Self.texts(generated.columns[1])[$0]!) })
        for (row, original) in Self.texts(child).enumerated() {
            guard let original, let target = texts[row] else { continue }
            let north = ["S1", "S2", "S3"].contains(original)
            #expect(region[target] == (north ? "north" : "south"), "\(original) → \(target)")
        }
        // Chunks map like the whole.
        let head = try mapping.apply(child.gathering(Array(0..<50)), firstRow: 0)
        let tail = try mapping.apply(child.gathering(Array(50..<child.count)), firstRow: 50)
        #expect(Self.texts(head) + Self.texts(tail) == texts)
    }

    @Test func moreOrFewerGeneratedParentsStillGetOnlyExistingKeys() throws {
        let originals = try Self.shops(prefix: "S", regions: Array(repeating: "x", count: 6))
        for count in [1, 3, 12] {
            let generated = try Self.shops(prefix: "G", regions: Array(repeating: "x", count: count))
            let mapping = try ForeignKeyMapping.inJob(column: "shop", childValues: Self.childValues(), originals: originals,
                                                      generated: generated, parentKey: "shop", dataType: .string, seed: 1)
            // Values the parents never had (a rare token, an unknown key) are drawn as keys too.
            let child = Column(name: "shop", values: .string(StringArray(["S1", "_RARE_", "S9", "S6"])))
            let keys = Set((1...count).map { "G\($0)" })
            #expect(Self.texts(try mapping.apply(Self.childValues(), firstRow: 0)).allSatisfy { keys.contains($0!) })
            #expect(Self.texts(try mapping.apply(child, firstRow: 3)).allSatisfy { keys.contains($0!) })
        }
        let twice = try ForeignKeyMapping.inJob(column: "shop", childValues: Self.childValues(), originals: originals,
                                                generated: try Self.shops(prefix: "G", regions: Array(repeating: "x", count: 12)),
                                                parentKey: "shop", dataType: .string, seed: 1)
        var perParent: [String: Int] = [:]
        for text in Self.texts(try twice.apply(Self.childValues(), firstRow: 0)) { perParent[text!, default: 0] += 1 }
        #expect(perParent.count >= 10, "twice the parents: each original's children are shared by its two stand-ins")
    }

    @Test func integerKeysStayIntegers() throws {
        let originals = try Table(columns: [Column(name: "id", values: .int64([10, 20, 30]))])
        let generated = try Table(columns: [Column(name: "id", values: .int64([1, 2, 3]))])
        let child = Column(name: "parent", values: .int64([10, 10, 20, 30, 99]))
        let mapping = try ForeignKeyMapping.inJob(column: "parent", childValues: child, originals: originals, generated: generated,
                                                  parentKey: "id", dataType: .int64, seed: 2)
        let mapped = try mapping.apply(child, firstRow: 0)
        #expect(mapped.dataType == .int64)
        #expect(Self.texts(mapped).allSatisfy { ["1", "2", "3"].contains($0!) })
    }

    @Test func outsideTheJobOnlyKeptKeysAreGenerated() throws {
        let kept = Column(name: "channel", values: .string(StringArray(["web", "app"])))
        let mapping = try ForeignKeyMapping.outsideJob(column: "channel", values: kept, frequencies: [90, 10], seed: 3)
        let generated = Column(name: "channel", values: .string(StringArray(Array(repeating: "_RARE_", count: 1000) + ["web", "app", ""])),
                               validity: ValidityBitmap((0..<1003).map { $0 < 1002 }))
        let texts = Self.texts(try mapping.apply(generated, firstRow: 0))
        #expect(texts.prefix(1002).allSatisfy { $0 == "web" || $0 == "app" })
        #expect(texts.suffix(3) == ["web", "app", nil])
        let web = texts.prefix(1000).filter { $0 == "web" }.count
        #expect(web > 820 && web < 970, "stand-ins for rare values are drawn by frequency (\(web) of 1000 web)")
        #expect(throws: ForeignKeyError.self) {
            try ForeignKeyMapping.outsideJob(column: "channel", values: Column(name: "channel", values: .string(StringArray([]))),
                                             frequencies: [], seed: 0)
        }
    }
}
