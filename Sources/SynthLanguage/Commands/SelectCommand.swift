extension BuiltinCommands {
    static let select = CommandSpec(
        name: "select", group: "Data",
        summary: "Keep only the named columns, in that order.",
        arguments: [
            ArgumentSpec("table", .table, positional: true, required: true, help: "The table."),
            ArgumentSpec("columns", .columns(of: "table"), required: true, variadic: true, help: "Columns to keep: names, or a list [a, b]."),
        ],
        changesState: false,
        examples: ["select d carat price", "select d [cut, color] as cc"]
    ) { context in
        let table = try context.arguments.table("table")
        let names = context.arguments.strings("columns") ?? []
        let result = try table.selecting(names)
        context.show(result)
        return .table(result, name: nil)
    }

    static let drop = CommandSpec(
        name: "drop", group: "Data",
        summary: "Remove the named columns.",
        arguments: [
            ArgumentSpec("table", .table, positional: true, required: true, help: "The table."),
            ArgumentSpec("columns", .columns(of: "table"), required: true, variadic: true, help: "Columns to remove."),
        ],
        changesState: false,
        examples: ["drop d x y z", "drop d [depth, table] as slim"]
    ) { context in
        let table = try context.arguments.table("table")
        let names = context.arguments.strings("columns") ?? []
        let result = try table.dropping(names)
        context.show(result)
        return .table(result, name: nil)
    }
}
