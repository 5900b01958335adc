extension BuiltinCommands {
    static let filter = CommandSpec(
        name: "filter", group: "Data",
        summary: "Keep the rows where a condition holds.",
        discussion: """
        A condition compares columns with values or other columns (== != < <= > >=), tests for nulls \
        (`x is null`, `x is not null`), and combines with `and`, `or`, `not` and parentheses. Text goes \
        in quotes; dates and times too ("2013-01-31"). A comparison with a null cell is false.
        """,
        arguments: [
            ArgumentSpec("table", .table, positional: true, required: true, help: "The table."),
            ArgumentSpec("where", .predicate(of: "table"), positional: true, required: true, help: "The condition."),
        ],
        changesState: false,
        examples: ["filter d price > 10000 and cut == \"Ideal\" as pricey", "filter p sex is null"]
    ) { context in
        let table = try context.arguments.table("table")
        guard let condition = context.arguments.expression("where") else { throw context.error("missing condition") }
        let mask = try PredicateCompiler(table: table, session: context.session, cancellation: context.cancellation).mask(condition)
        var rows: [Int] = []
        rows.reserveCapacity(mask.count)
        for (row, keep) in mask.enumerated() where keep { rows.append(row) }
        let result = table.gatheringRows(rows)
        context.show(result)
        return .table(result, name: nil)
    }
}
