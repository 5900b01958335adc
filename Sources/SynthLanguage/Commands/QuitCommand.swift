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
}
