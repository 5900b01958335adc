extension BuiltinCommands {
    static let count = CommandSpec(
        name: "count", group: "Data",
        summary: "Count the rows of a table, or the rows where a condition holds.",
        arguments: [
            ArgumentSpec("table", .table, positional: true, required: true, help: "The table."),
            ArgumentSpec("where", .predicate(of: "table"), positional: true, help: "Count only rows where this holds."),
        ],
        changesState: false,
        examples: ["count d", "count d price > 10000"]
    ) { context in
        if let lazy = context.arguments.lazyTable("table") {
            // Counted in batches: the kept count without a condition, else one streamed pass.
            var total = lazy.rowCount
            if let condition = context.arguments.expression("where") {
                total = 0
                try lazy.scan(context, at: "table") { batch in
                    let mask = try PredicateCompiler(table: batch, session: context.session, cancellation: context.cancellation).mask(condition)
                    total += mask.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
            }
            context.output.emit(.text(String(total)))
            return .integer(Int64(total))
        }
        let table = try context.arguments.table("table")
        var total = table.rowCount
        if let condition = context.arguments.expression("where") {
            let mask = try PredicateCompiler(table: table, session: context.session, cancellation: context.cancellation).mask(condition)
            total = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        context.output.emit(.text(String(total)))
        return .integer(Int64(total))
    }
}
