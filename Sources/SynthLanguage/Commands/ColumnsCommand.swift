extension BuiltinCommands {
    static let columns = CommandSpec(
        name: "columns", group: "Data",
        summary: "List a table's columns with their types and null counts.",
        arguments: [ArgumentSpec("table", .table, positional: true, required: true, help: "The table.")],
        changesState: false,
        examples: ["columns d"]
    ) { context in
        let table = try context.arguments.table("table")
        context.output.emit(.table(resultTable([
            ("column", table.columns.map { .text($0.name) }),
            ("type", table.columns.map { .text($0.dataType.description) }),
            ("nulls", table.columns.map { .integer($0.nullCount) }),
        ]), title: nil, totalRows: nil))
        return .list(table.columnNames.map { .string($0) })
    }
}
