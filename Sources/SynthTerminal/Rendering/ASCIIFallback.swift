/// ASCII stand-ins for the symbols synth writes (`×`, `—`, `…`, `·`, arrows, comparison
/// signs), for a terminal whose locale is not UTF-8 (`LANG=C`). Other characters (a data
/// file's own text) are kept: they are the user's values, not synth's decoration.
public enum ASCIIFallback {
    static let symbols: [Unicode.Scalar: String] = [
        "×": "x", "—": "--", "–": "-", "…": "...", "·": "-", "≥": ">=", "≤": "<=", "⪰": ">=",
        "→": "->", "←": "<-", "↔": "<->", "✓": "ok", "✗": "x", "•": "*", "█": "#", "░": "-",
        "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
        "▏": "#", "▎": "#", "▍": "#", "▌": "#", "▋": "#", "▊": "#", "▉": "#", "\u{2018}": "'", "\u{2019}": "'",
        "\u{201C}": "\"", "\u{201D}": "\"", "\u{00A0}": " ",
    ]

    /// `text` with synth's symbols replaced by ASCII.
    public static func replacingSymbols(in text: String) -> String {
        guard text.unicodeScalars.contains(where: { symbols[$0] != nil }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let replacement = symbols[scalar] { out += replacement } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
