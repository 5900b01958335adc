extension BuiltinCommands {
    static let quit = CommandSpec(
        name: "quit", aliases: ["exit"], group: "Session",
        summary: "Leave synth (Ctrl-D on an empty line does the same).",
        changesState: false,
        examples: ["quit"]
    ) { context in
        context.evaluator.quitRequested = true
        return nil
    }

    static let time = CommandSpec(
        name: "time", group: "Session",
        summary: "Run a command and report how long it took.",
        discussion: "Written before another command: `time describe d`.",
        arguments: [ArgumentSpec("command", .commandName, positional: true, required: true, help: "The command to time, with its arguments.")],
        changesState: false,
        examples: ["time describe d", "time load \"flights.csv\" as f"]
    ) { context in
        throw context.error("`time` goes before a command with its arguments", hint: "for example: time describe d")
    }
}
