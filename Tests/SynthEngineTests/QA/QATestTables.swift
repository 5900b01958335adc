import SynthData
@testable import SynthEngine

/// Small deterministic tables for the QA tests.
enum QATestTables {
    /// `rows` rows of a population with a numeric, an integer, a categorical (with nulls)
    /// and a date column; `x` and `level` depend on each other.
    static func population(rows: Int, seed: UInt64) -> Table {
        var random = QARandom(seed: seed)
        var x: [Double] = [], level: [Int64] = [], dates: [Int32] = []
        var colour = StringArray()
        var valid: [Bool] = []
        let colours = ["red", "green", "blue", "black", "white"]
        for _ in 0..<rows {
            let u = Double(random.next() % 1_000_000) / 1_000_000
            let v = Double(random.next() % 1_000_000) / 1_000_000
            x.append((u * 100).rounded() / 10)
            level.append(Int64(u * 5) + (v < 0.2 ? 1 : 0))
            colour.append(colours[Int(v * Double(colours.count)) % colours.count])
            valid.append(random.next() % 10 != 0)
            dates.append(Int32(18_000 + Int(u * 400)))
        }
        return (try? Table(columns: [
            Column(name: "x", values: .double(x)),
            Column(name: "level", values: .int64(level)),
            Column(name: "colour", values: .string(colour), validity: ValidityBitmap(valid)),
            Column(name: "day", values: .date(dates)),
        ])) ?? Table()
    }

    /// The same rows with every column permuted on its own (marginals kept, relations lost).
    static func shuffledColumns(_ table: Table, seed: UInt64) -> Table {
        var random = QARandom(seed: seed)
        let columns = table.columns.map { $0.gathering(random.sample(table.rowCount, from: table.rowCount)) }
        return (try? Table(columns: columns)) ?? Table()
    }
}
