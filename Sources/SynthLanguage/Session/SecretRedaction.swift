import Foundation

/// Removes secrets from a line as typed before synth keeps it anywhere (the REPL history
/// file, `history`, transcripts and notebooks): a `password=` value that is not a reference
/// (`"env:VAR"`, `"file:PATH"`, `"prompt"`) and the password of a `scheme://user:password@host`
/// URL become `<secret removed>`. A command carrying one is refused anyway
/// (`connector add` takes only references); this keeps the typed line from outliving it.
public enum SecretRedaction {
    /// What replaces a secret.
    public static let placeholder = "<secret removed>"

    /// `text` with every secret replaced by `placeholder` (unchanged when it holds none).
    public static func redacted(_ text: String) -> String {
        var result = text
        // Both patterns scan a bounded width from each position (a scheme is at most 32
        // characters), so a huge line costs linear time; most lines skip them altogether.
        let lowered = text.lowercased()
        if lowered.contains("password") {
            result = replace(in: result, pattern: #"(password\s*=\s*)("(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?|[^\s;]+)"#) { prefix, value in
                let bare = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                let isReference = bare.hasPrefix("env:") || bare.hasPrefix("file:") || bare == "prompt"
                return isReference ? nil : prefix + "\"" + placeholder + "\""
            }
        }
        if lowered.contains("://") {
            result = replace(in: result, pattern: #"([A-Za-z][A-Za-z0-9+.-]{0,31}://[^\s:/@"']{0,256}:)([^\s@"']{1,256})(?=@)"#) { prefix, _ in
                prefix + placeholder
            }
        }
        return result
    }

    /// Replaces each match of `pattern` (two groups: kept prefix, secret) by what `replacement`
    /// returns (nil keeps the match).
    private static func replace(in text: String, pattern: String, _ replacement: (String, String) -> String?) -> String {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return text }
        let whole = text as NSString
        var output = ""
        var last = 0
        for match in expression.matches(in: text, range: NSRange(location: 0, length: whole.length)) {
            let prefix = whole.substring(with: match.range(at: 1)), secret = whole.substring(with: match.range(at: 2))
            guard let replaced = replacement(prefix, secret) else { continue }
            output += whole.substring(with: NSRange(location: last, length: match.range.location - last)) + replaced
            last = match.range.location + match.range.length
        }
        return output + whole.substring(from: last)
    }
}
