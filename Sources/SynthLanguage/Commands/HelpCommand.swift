extension BuiltinCommands {
    static let help = CommandSpec(
        name: "help", group: "Session",
        summary: "List the commands, or explain one: help COMMAND (also COMMAND? or ?COMMAND).",
        discussion: """
        `help NAME` for a name of the session (a table, a variable, `out3`) says what it holds: a \
        table's size and columns with their types, a job variable's job, a value's type and value.
        """,
        arguments: [ArgumentSpec("command", .commandName, positional: true, help: "The command (or session name) to explain.")],
        changesState: false,
        examples: ["help", "help filter", "help p"], labelsResult: false
    ) { context in
        let registry = context.registry
        guard let name = context.arguments.string("command") else {
            context.output.emit(.text(HelpText.overview(registry)))
            return nil
        }
        guard let spec = registry.spec(named: name) else {
            if let value = context.session.value(named: name) {
                context.output.emit(.text(HelpText.describe(name, value, session: context.session)))
                return nil
            }
            throw context.error("unknown command `\(name)`", at: "command",
                                hint: Suggestions.didYouMean(name, in: registry.allNames) ?? "type `help` for the list")
        }
        context.output.emit(.text(HelpText.details(spec)))
        return nil
    }
}

/// Help text generated from the registry.
public enum HelpText {
    /// Commands grouped, one line each.
    public static func overview(_ registry: CommandRegistry) -> String {
        var groups: [String] = []
        var byGroup: [String: [CommandSpec]] = [:]
        for spec in registry.allSpecs {
            if byGroup[spec.group] == nil { groups.append(spec.group) }
            byGroup[spec.group, default: []].append(spec)
        }
        let width = (registry.allSpecs.map(\.name.count).max() ?? 8) + 2
        var lines: [String] = []
        for group in groups {
            lines.append(group + ":")
            for spec in byGroup[group] ?? [] {
                lines.append("  " + spec.name.padding(toLength: width, withPad: " ", startingAt: 0) + spec.summary)
            }
        }
        lines.append("")
        lines.append("Type `help COMMAND` for details. Commands are separated by `;` or new lines; `#` starts a comment.")
        return lines.joined(separator: "\n")
    }

    /// Usage, summary, arguments and examples of one command.
    public static func details(_ spec: CommandSpec) -> String {
        var lines = ["usage: " + spec.usage, "", spec.summary]
        if !spec.discussion.isEmpty { lines += [""] + wrap(spec.discussion, width: 78) }
        if !spec.aliases.isEmpty { lines += ["", "also: " + spec.aliases.joined(separator: ", ")] }
        if !spec.arguments.isEmpty {
            lines += ["", "arguments:"]
            let width = (spec.arguments.map(\.name.count).max() ?? 4) + 2
            let kindWidth = (spec.arguments.map(\.kind.placeholder.count).max() ?? 4) + 2
            for argument in spec.arguments {
                var line = "  " + argument.name.padding(toLength: width, withPad: " ", startingAt: 0)
                    + argument.kind.placeholder.padding(toLength: kindWidth, withPad: " ", startingAt: 0) + argument.help
                if argument.isRequired { line += " (required)" }
                if let defaultText = argument.defaultText { line += " (default \(defaultText))" }
                lines.append(line)
            }
        }
        if spec.changesState { lines += ["", "changes the session: recorded by `session save`."] }
        else if spec.isRecorded { lines += ["", "recorded by `session save`, so a replay does it again."] }
        if !spec.examples.isEmpty { lines += ["", "examples:"] + spec.examples.map { "  " + $0 } }
        return lines.joined(separator: "\n")
    }

    /// What a session name holds: a table's size and columns, a job variable's job, a value.
    public static func describe(_ name: String, _ value: LangValue, session: Session) -> String {
        switch value {
        case .table(let table, _):
            var lines = ["\(name): table, \(table.rowCount) rows × \(table.columnCount) columns"]
            for column in table.columns {
                lines.append("  \(NormalForm.name(column.name))  \(column.dataType)")
            }
            lines.append("`describe \(name)` summarises its columns, `show \(name)` shows its first rows.")
            return lines.joined(separator: "\n")
        case .lazyTable(let table, _):
            var lines = ["\(name): table, \(table.rowCount) rows × \(table.columnCount) columns, left in \(table.shownSource) and read by streaming"]
            for column in table.schema.columns {
                lines.append("  \(NormalForm.name(column.name))  \(column.dataType)")
            }
            lines.append("`describe \(name)`, `show \(name)`, `count \(name)`, `columns \(name)` and `train \(name)` read it in batches.")
            return lines.joined(separator: "\n")
        case .string(let text):
            if let origin = session.jobOrigin(of: text), String(origin.id) == text {
                return "\(name): job \(origin.id) (started in cell \(origin.cell)); `job \(name)` shows it, `watch \(name)` follows it."
            }
            return "\(name): string \(value.literalText)"
        default:
            return "\(name): \(value.typeName) \(value.displayText)"
        }
    }

    /// Splits text into lines of at most `width` characters at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
