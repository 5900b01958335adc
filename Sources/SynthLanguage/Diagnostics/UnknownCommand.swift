/// The error for a statement whose first word is neither a command nor a name with a value,
/// worded for what the user most likely meant: a cell result (`out2`, `_`) that does not
/// exist or holds nothing, a notebook-style `Out[3]`, or a mistyped command.
enum UnknownCommand {
    static func error(_ statement: CommandStatement, session: Session, commands: [String]) -> LanguageError {
        let name = statement.name
        if statement.arguments.isEmpty, let message = missingCellResult(name, session: session) {
            return LanguageError(message.text, at: statement.nameRange, hint: message.hint)
        }
        if ["out", "in", "_"].contains(name.lowercased()) || name == "Out" {
            // `Out[3]`, `out 3`: cell results are written `out3`.
            let number = statement.arguments.first.flatMap { cellNumber(in: $0.value) }
            let example = "out\(number ?? max(1, session.nextCellNumber - 2))"
            return LanguageError("`\(name)` is not a command: a cell's result is written `\(example)`", at: statement.nameRange,
                                 hint: "`\(example)` is the result of cell \(example.dropFirst(3)); `_` is the last result")
        }
        return LanguageError("unknown command `\(name)`", at: statement.nameRange,
                             hint: Suggestions.didYouMean(name, in: commands) ?? "type `help` for the list of commands")
    }

    /// Why `_` or `outN` has no value, when it is one of those.
    private static func missingCellResult(_ name: String, session: Session) -> (text: String, hint: String?)? {
        if name == "_" {
            return ("no cell has produced a result yet", "`_` is the result of the last command that had one")
        }
        guard let number = Session.cellNumber(in: name) else { return nil }
        let current = session.nextCellNumber - 1
        guard number < current, let cell = session.cells[number] else {
            return ("there is no cell \(number)\(number >= current ? " yet" : "")",
                    current > 1 ? "cells so far: 1 to \(current - 1) (`history` lists them)" : "no cell has run yet")
        }
        let input = TerminalSafeText.escaped(String(cell.input.prefix(60)))
        return ("cell \(number) (`\(input)`) has no result", "only commands that produce a table or a value have one; `history` lists the cells")
    }

    /// `3` in `[3]` or `3`.
    private static func cellNumber(in expression: Expression) -> Int? {
        switch expression.kind {
        case .integer(let n): Int(exactly: n)
        case .list(let items) where items.count == 1: cellNumber(in: items[0])
        default: nil
        }
    }
}
