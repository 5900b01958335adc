extension BuiltinCommands {
    static let forget = CommandSpec(
        name: "forget", group: "Session",
        summary: "Remove a table from the session and free its memory.",
        discussion: """
        Drops the name and every kept cell result (`outN`, `_`) that holds the table's data, so \
        the memory goes back to the system; encoding overrides set with `encode` for it are \
        dropped too, and so are its keys and links. Other names bound to the same data (`let q = p`) keep it: they are listed, \
        forget them as well to free it. `forget out3` drops one cell's result.
        """,
        arguments: [ArgumentSpec("table", .table, positional: true, required: true, help: "The table (a name, or a cell result such as out3).")],
        changesState: true,
        examples: ["forget p"]
    ) { context in
        guard let table = context.arguments.value("table")?.tableOrSchema else { throw context.error("missing table", at: "table") }
        let rowCount = context.arguments.lazyTable("table")?.rowCount ?? table.rowCount
        guard let name = context.arguments.expression("table")?.identifierName else {
            throw context.error("`forget` needs the table's name", at: "table")
        }
        let forgotten = context.session.forget(name)
        context.jobs.clearOverrides(table: name)
        context.session.schema.forget(table: name)
        var message = "forgot \(name) (\(rowCount) rows × \(table.columnCount) columns)"
        if !forgotten.cells.isEmpty {
            message += "; dropped the result\(forgotten.cells.count == 1 ? "" : "s") of cell\(forgotten.cells.count == 1 ? "" : "s") "
                + forgotten.cells.map(String.init).joined(separator: ", ")
        }
        context.output.emit(.message(message))
        if !forgotten.sharedWith.isEmpty {
            context.output.emit(.warning("its data stays in memory while \(forgotten.sharedWith.map { "`\($0)`" }.joined(separator: ", ")) "
                                         + "hold\(forgotten.sharedWith.count == 1 ? "s" : "") it; forget \(forgotten.sharedWith.count == 1 ? "that" : "those") too to free it"))
        }
        return nil
    }
}
