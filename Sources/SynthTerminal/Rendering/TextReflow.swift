/// Breaks lines wider than the terminal at spaces, so prose (help, QA notes, messages) never
/// wraps mid-word. A continuation line is indented like the line's text column: after the
/// leading spaces, or after a gap of two or more spaces that starts a second column (`help`'s
/// `name   summary` layout) when that leaves room for text. A word longer than the width
/// is cut, since nothing else fits.
public enum TextReflow {
    /// Narrowest text column a hanging indent may leave.
    static let minimumTextColumn = 20

    /// `text` with each line fitted to `width` columns.
    public static func fit(_ text: String, width: Int) -> String {
        guard width > 1 else { return text }
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out += fit(line: String(line), width: width)
        }
        return out.joined(separator: "\n")
    }

    /// One line as one or more lines of at most `width` characters.
    public static func fit(line: String, width: Int) -> [String] {
        guard width > 1, line.count > width else { return [line] }
        let characters = Array(line)
        let leading = min(characters.prefix { $0 == " " }.count, width / 4)
        var indent = leading
        if let gap = secondColumn(characters, after: leading), width - gap >= minimumTextColumn { indent = gap }
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        var current = String(repeating: " ", count: leading)
        var count = leading, lineStart = leading
        func newLine() {
            lines.append(current)
            current = pad
            count = indent
            lineStart = indent
        }
        var index = characters.prefix { $0 == " " }.count
        while index < characters.count {
            var spaces = 0
            while index + spaces < characters.count, characters[index + spaces] == " " { spaces += 1 }
            var end = index + spaces
            while end < characters.count, characters[end] != " " { end += 1 }
            let word = characters[(index + spaces)..<end]
            index = end
            if word.isEmpty { break }
            if count > lineStart, count + spaces + word.count > width { newLine() }
            var piece = String(repeating: " ", count: count > lineStart ? spaces : 0) + String(word)
            // A word wider than the room left is cut into pieces.
            while count + piece.count > width {
                let room = width - count
                current += piece.prefix(room)
                piece = String(piece.dropFirst(room))
                newLine()
            }
            current += piece
            count += piece.count
        }
        if count > lineStart || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// The column where a second column of text starts (after two or more spaces), if any.
    private static func secondColumn(_ characters: [Character], after start: Int) -> Int? {
        var index = start
        while index < characters.count, characters[index] != " " { index += 1 }
        var gap = 0
        while index + gap < characters.count, characters[index + gap] == " " { gap += 1 }
        guard gap >= 2, index + gap < characters.count else { return nil }
        return index + gap
    }
}
