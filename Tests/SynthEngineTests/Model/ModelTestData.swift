@testable import SynthEngine

/// Small synthetic encoded tables with known structure.
enum ModelTestData {
    /// Column 0 (`a`, 5 codes, uniform), column 1 (`b`, 5 codes) = (2a + 1) mod 5, column 2
    /// (`c`, 3 codes) independent with probabilities 0.6 / 0.3 / 0.1, and column 3 split in
    /// two sub-columns (tens, units digits of `a * 7 mod 20`).
    static func correlated(rows: Int, seed: UInt64) -> EncodedTable {
        var rng = ModelRNG(seed: seed)
        let subs = [
            SubColumnInfo(name: "a", cardinality: 5, columnIndex: 0),
            SubColumnInfo(name: "b", cardinality: 5, columnIndex: 1),
            SubColumnInfo(name: "c", cardinality: 3, columnIndex: 2),
            SubColumnInfo(name: "d/tens", cardinality: 2, columnIndex: 3),
            SubColumnInfo(name: "d/units", cardinality: 10, columnIndex: 3),
        ]
        var codes = [Int32]()
        for _ in 0..<rows {
            let a = rng.nextInt(below: 5)
            let b = (2 * a + 1) % 5
            let u = rng.nextDouble()
            let c = u < 0.6 ? 0 : (u < 0.9 ? 1 : 2)
            let d = (a * 7) % 20
            codes += [Int32(a), Int32(b), Int32(c), Int32(d / 10), Int32(d % 10)]
        }
        return EncodedTable(subColumns: subs, rowCount: rows, codes: codes)
    }

    static func b(of a: Int32) -> Int32 { (2 * a + 1) % 5 }
    static func d(of a: Int32) -> (Int32, Int32) { let d = (a * 7) % 20; return (d / 10, d % 10) }

    /// A table shaped like encoded diamonds: `rows` rows, ~30 sub-columns (numbers as digit
    /// sub-columns, a few categoricals), with dependencies between columns.
    static func diamondsShaped(rows: Int, seed: UInt64) -> EncodedTable {
        var rng = ModelRNG(seed: seed)
        var subs: [SubColumnInfo] = []
        // carat (3 digits), cut(5), color(7), clarity(8), depth(3 digits), table(3 digits),
        // price (5 digits), x, y, z (3 digits each), plus a 100-level and a 60-level column.
        let layout: [(String, [Int])] = [
            ("carat", [6, 10, 10]), ("cut", [5]), ("color", [7]), ("clarity", [8]), ("depth", [4, 10, 10]),
            ("table", [5, 10, 10]), ("price", [2, 10, 10, 10, 10]), ("x", [11, 10, 10]), ("y", [11, 10, 10]),
            ("z", [8, 10, 10]), ("bucket", [100]), ("minute", [60]),
        ]
        for (c, (name, cards)) in layout.enumerated() {
            for (i, card) in cards.enumerated() { subs.append(SubColumnInfo(name: "\(name)/\(i)", cardinality: card, columnIndex: c)) }
        }
        let width = subs.count
        var codes = [Int32](repeating: 0, count: rows * width)
        for r in 0..<rows {
            let size = rng.nextDouble()
            var j = 0
            for (info) in subs {
                let card = info.cardinality
                // Each code depends on the row's latent "size" and noise.
                let mean = size * Double(card - 1)
                let noise = (rng.nextDouble() - 0.5) * Double(card) * 0.6
                let v = min(max(Int((mean + noise).rounded()), 0), card - 1)
                codes[r * width + j] = Int32(v)
                j += 1
            }
        }
        return EncodedTable(subColumns: subs, rowCount: rows, codes: codes)
    }
}
