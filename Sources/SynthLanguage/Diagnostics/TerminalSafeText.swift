/// Text that came from a script, a file name or a data file, made safe to write to a terminal.
///
/// Control characters (C0 except tab, DEL, C1), line and paragraph separators and the
/// bidirectional embedding, override and isolate characters are shown as `\u{1B}`-style
/// escapes, so no input can move the cursor, recolour or retitle the terminal, fake extra
/// lines of output or reorder what is shown.
public enum TerminalSafeText {
    /// Whether `scalar` is shown as an escape rather than written as it is.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The escape shown for `scalar`: `\u{1B}`.
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    /// `text` with every character that `needsEscape` escaped (tabs are kept; line breaks
    /// too when `keepingLineBreaks`, for multi-line output such as tables and help).
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        let escapes = { (scalar: Unicode.Scalar) in needsEscape(scalar) && !(keepingLineBreaks && scalar == "\n") }
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if escapes(scalar) { result += escape(scalar) } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}
