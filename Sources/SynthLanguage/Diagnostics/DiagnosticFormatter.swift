/// Renders diagnostics as `file:line:column: error: message`, the source line, a caret
/// under the range and an optional hint. Plain text: stable and diffable.
public enum DiagnosticFormatter {
    public static func format(_ diagnostic: Diagnostic, in source: SourceFile?) -> String {
        var text = ""
        guard let source, let range = diagnostic.range else {
            let prefix = source.map { "\($0.name): " } ?? ""
            text = "\(prefix)\(diagnostic.severity.rawValue): \(diagnostic.message)\n"
            if let hint = diagnostic.hint { text += "  hint: \(hint)\n" }
            return text
        }
        let location = source.location(of: range.start)
        text += "\(source.name):\(location): \(diagnostic.severity.rawValue): \(diagnostic.message)\n"
        let line = source.lineText(containing: range.start)
        text += "    " + line + "\n"
        let endLocation = source.location(of: range.end)
        let lineLength = line.count
        var width = endLocation.line == location.line ? endLocation.column - location.column : lineLength - location.column + 1
        width = max(1, width)
        let pad = String(repeating: " ", count: max(0, location.column - 1))
        text += "    " + pad + "^" + String(repeating: "~", count: width - 1) + "\n"
        if let hint = diagnostic.hint { text += "  hint: \(hint)\n" }
        return text
    }
}
