/// Shorthands users bring from IPython, psql and sqlite3, accepted where the language has
/// no meaning for them (each is a syntax error otherwise), as a whole entry:
/// `train?`, `?train` and `p?` mean `help train` / `help p`; `\timing` and `.timer` mean
/// `timer` (with `on` or `off` after them, as written).
public enum REPLShorthand {
    /// The source an entry stands for, or nil when it is no shorthand.
    public static func expanded(_ source: SourceFile) -> SourceFile? {
        let text = source.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.contains("\n") else { return nil }
        if let name = helpTarget(text) { return SourceFile(name: source.name, text: "help " + name) }
        for alias in ["\\timing", ".timer"] where text == alias || text.hasPrefix(alias + " ") {
            let rest = text.dropFirst(alias.count).trimmingCharacters(in: .whitespaces)
            guard rest.isEmpty || rest == "on" || rest == "off" else { return nil }
            return SourceFile(name: source.name, text: rest.isEmpty ? "timer" : "timer " + rest)
        }
        return nil
    }

    /// `NAME` for `NAME?`, `NAME??` or `?NAME`.
    static func helpTarget(_ text: String) -> String? {
        var name = Substring(text)
        if name.hasPrefix("?") {
            name = name.dropFirst()
        } else if name.hasSuffix("?") {
            while name.hasSuffix("?") { name = name.dropLast() }
        } else {
            return nil
        }
        name = Substring(name.trimmingCharacters(in: .whitespaces))
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }) else { return nil }
        return String(name)
    }
}
