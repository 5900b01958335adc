extension BuiltinCommands {
    static let history = CommandSpec(
        name: "history", group: "Session",
        summary: "List the inputs of this session with their cell numbers.",
        arguments: [ArgumentSpec("limit", .integer, positional: true, help: "Show only the last `limit` inputs.")],
        changesState: false,
        examples: ["history", "history 5"], labelsResult: false
    ) { context in
        let session = context.session
        var numbers = session.cells.keys.sorted()
        if let limit = context.arguments.integer("limit") { numbers = Array(numbers.suffix(Int(clamping: max(0, limit)))) }
        let lines = numbers.compactMap { number in
            session.cells[number].map { "[\(number)] " + $0.input.replacingNewlines() }
        }
        context.output.emit(.text(lines.joined(separator: "\n")))
        return nil
    }
}

private extension String {
    func replacingNewlines() -> String { split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    ") }
}
