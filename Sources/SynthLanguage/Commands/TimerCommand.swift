extension BuiltinCommands {
    static let timer = CommandSpec(
        name: "timer", group: "Session",
        summary: "Print each cell's wall time after it: timer on, timer off (alone: switch).",
        discussion: """
        Like psql's `\\timing` and sqlite3's `.timer`, which the REPL also accepts. `time COMMAND` \
        times a single command.
        """,
        arguments: [ArgumentSpec("state", .choice(["on", "off"]), positional: true,
                                 help: "on or off; without it the timer switches.")],
        changesState: false,
        examples: ["timer on", "timer off"], labelsResult: false
    ) { context in
        let session = context.session
        switch context.arguments.string("state") {
        case "on": session.timesCells = true
        case "off": session.timesCells = false
        default: session.timesCells.toggle()
        }
        context.output.emit(.message("timer is \(session.timesCells ? "on" : "off")"))
        return nil
    }
}
