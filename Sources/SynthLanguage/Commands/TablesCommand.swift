extension BuiltinCommands {
    static let tables = CommandSpec(
        name: "tables", group: "Session",
        summary: "List the named tables and variables of the session.",
        changesState: false,
        examples: ["tables"], labelsResult: false
    ) { context in
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
