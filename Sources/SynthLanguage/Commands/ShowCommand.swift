extension BuiltinCommands {
    static let show = CommandSpec(
        name: "show", aliases: ["head"], group: "Data",
        summary: "Show the first rows of a table.",
        discussion: "Prints a table of the first `limit` rows. On a terminal the table is drawn with box characters; otherwise it is plain ASCII, stable for diffs.",
        arguments: [
            ArgumentSpec("table", .table, positional: true, required: true, help: "The table to show."),
            ArgumentSpec("limit", .integer, positional: true, default: "10", help: "How many rows to show."),
        ],
        changesState: false,
        examples: ["show d", "head d 5", "show penguins limit=3"]
    ) { context in
        let limit = context.arguments.integer("limit") ?? 10
        guard limit >= 0 else { throw context.error("`limit` must be 0 or more", at: "limit") }
        if let lazy = context.arguments.lazyTable("table") {
            let shown = try lazy.firstRows(Int(clamping: limit), context, at: "table")
            context.output.emit(.table(shown, title: nil, totalRows: lazy.rowCount))
            return .table(shown, name: nil)
        }
        let table = try context.arguments.table("table")
        let shown = table.head(Int(clamping: limit))
        context.output.emit(.table(shown, title: nil, totalRows: table.rowCount))
        return .table(shown, name: nil)
    }
}
