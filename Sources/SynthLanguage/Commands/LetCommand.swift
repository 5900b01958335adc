extension BuiltinCommands {
    static let letCommand = CommandSpec(
        name: "let", group: "Session",
        summary: "Bind a name to a value: a number, text, a list, a table or a cell output.",
        discussion: "Names can then be used wherever a value is expected. Binding a table gives it a new name (`let t = out3`).",
        arguments: [
            ArgumentSpec("name", .newName, positional: true, required: true, help: "The name to bind."),
            ArgumentSpec("value", .value, positional: true, required: true, help: "The value."),
        ],
        changesState: true,
        examples: ["let limit = 5", "let cols = [\"carat\", \"price\"]", "let small = _"],
        isAssignment: true
    ) { context in
        guard let name = context.arguments.string("name"), let value = context.arguments.value("value") else {
            throw context.error("usage: let NAME = VALUE")
        }
        if context.registry.spec(named: name) != nil || Parser.reservedWords.contains(name) || name == "_" {
            throw context.error("`\(name)` cannot be used as a name", at: "name", hint: "it is a command or a reserved word")
        }
        var bound = value
        if value.tableOrSchema != nil { bound = value.named(name) }
        context.session.bind(name, to: bound)
        return bound
    }
}
