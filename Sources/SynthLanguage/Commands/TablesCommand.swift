extension BuiltinCommands {
    static let tables = CommandSpec(
        name: "tables", group: "Session",
        summary: "List the named tables and variables of the session, or a connector's tables (`tables NAME`).",
        discussion: """
        `tables NAME` lists the tables of connector NAME with their row counts and the primary \
        and foreign keys its database declares.
        """,
        arguments: [ArgumentSpec("connector", .string, positional: true, help: "A connector (see `connectors`).")],
        changesState: false,
        examples: ["tables", "connector add here kind=folder path=\"data\"; tables here"], labelsResult: false
    ) { context in
        if let connector = context.arguments.string("connector") {
            return try ConnectorCommands.listTables(of: connector, context)
        }
        let session = context.session
        let names = session.bindingOrder
        if names.isEmpty {
            context.output.emit(.message("no tables or variables yet; load one with: load \"file.csv\" as d"))
            return nil
        }
        var kinds: [ResultCell] = [], rows: [ResultCell] = [], columns: [ResultCell] = [], values: [ResultCell] = []
        for name in names {
            let value = session.value(named: name) ?? .null
            kinds.append(.text(value.typeName))
            if let table = value.table {
                rows.append(.text(String(table.rowCount)))
                columns.append(.text(String(table.columnCount)))
                values.append(.text(""))
            } else if let lazy = value.lazyTable {
                rows.append(.text(String(lazy.rowCount)))
                columns.append(.text(String(lazy.columnCount)))
                values.append(.text("lazy: " + lazy.shownSource))
            } else {
                rows.append(.text(""))
                columns.append(.text(""))
                values.append(.text(value.literalText))
            }
        }
        context.output.emit(.table(resultTable([("name", names.map { .text($0) }), ("kind", kinds), ("rows", rows),
                                                ("columns", columns), ("value", values)]), title: nil, totalRows: nil))
        return nil
    }
}
