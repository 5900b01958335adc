extension BuiltinCommands {
    static let sample = CommandSpec(
        name: "sample", group: "Data",
        summary: "Draw random rows without replacement (a count, or a fraction below 1).",
        discussion: "Rows keep their original order. Without `seed` a seed is drawn and recorded, so `session save` replays the same sample.",
        arguments: [
            ArgumentSpec("table", .table, positional: true, required: true, help: "The table."),
            ArgumentSpec("n", .number, positional: true, required: true, help: "Rows to draw (an integer, at most the table's rows), or a fraction of the rows (0 < n ≤ 1)."),
            ArgumentSpec("seed", .integer, help: "Seed of the random generator."),
        ],
        changesState: false,
        examples: ["sample d 1000 seed=42 as small", "sample d 0.1"]
    ) { context in
        let table = try context.arguments.table("table")
        guard let amount = context.arguments.value("n") else { throw context.error("missing `n`") }
        let count: Int
        switch amount {
        case .integer(let n):
            guard n >= 0 else { throw context.error("`n` must not be negative", at: "n") }
            guard n <= table.rowCount else {
                // Sampling draws without replacement: more rows than there are cannot be drawn.
                throw context.error("cannot draw \(n) rows from a table of \(table.rowCount) rows (sampling never repeats a row)",
                                    at: "n", hint: "ask for at most \(table.rowCount) rows, or a fraction such as 0.5")
            }
            count = Int(n)
        case .number(let fraction):
            guard fraction > 0, fraction < 1 || fraction == 1 else {
                throw context.error("`n` must be a row count or a fraction between 0 and 1, not \(amount.literalText)", at: "n",
                                    hint: "write an integer for a count, e.g. 100")
            }
            count = Int((fraction * Double(table.rowCount)).rounded())
        default:
            throw context.error("`n` must be a number", at: "n")
        }
        let seed: UInt64
        if let given = context.arguments.integer("seed") {
            seed = UInt64(bitPattern: given)
        } else {
            seed = context.session.nextSeed()
            context.recordChoice("seed", .integer(Int64(bitPattern: seed)))
        }
        var generator = SeededGenerator(seed: seed)
        // Partial Fisher–Yates over row indices, then restore the original order.
        var indices = Array(0..<table.rowCount)
        for i in 0..<count {
            let j = i + Int(generator.next() % UInt64(table.rowCount - i))
            indices.swapAt(i, j)
        }
        var chosen = Array(indices.prefix(count))
        chosen.sort()
        let result = table.gatheringRows(chosen)
        context.show(result)
        return .table(result, name: nil)
    }
}
