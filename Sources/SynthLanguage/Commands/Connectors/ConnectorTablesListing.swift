import SynthConnectors

extension ConnectorCommands {
    /// `tables NAME`: a connector's tables with row counts and declared keys.
    static func listTables(of name: String, _ context: CommandContext) throws -> LangValue? {
        let connector = try ConnectorAccess.open(name, context, at: "connector")
        let tables = try ConnectorAccess.run(context, at: "connector") { try connector.tables() }
        if tables.isEmpty {
            context.output.emit(.message("connector \(name) has no tables"))
            return nil
        }
        let table = BuiltinCommands.resultTable([
            ("table", tables.map { .text($0.name) }),
            ("rows", tables.map { .integer($0.rowCount) }),
            ("primary key", tables.map { .text($0.primaryKey.joined(separator: ", ")) }),
            ("foreign keys", tables.map { .text($0.foreignKeys.map(\.description).joined(separator: "; ")) }),
        ])
        context.output.emit(.table(table, title: nil, totalRows: nil))
        return .table(table, name: nil)
    }
}
