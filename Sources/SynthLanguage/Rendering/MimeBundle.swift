import Foundation
import SynthData
import SynthEngine

/// The rich forms of a result, for notebook front ends (the Jupyter kernel and `.ipynb`
/// sessions): `text/plain` is what the terminal draws on a UTF-8 pipe (box tables, block-bar
/// charts), `text/html` a table or the QA report's HTML with its SVG charts.
public enum MimeBundle {
    /// The width plain text is drawn at.
    public static let plainWidth = 100

    /// The MIME types and texts of a table or QA report (nil for messages and warnings,
    /// which are streams, and for plain text results, which are `text/plain` alone).
    public static func of(_ item: OutputItem) -> [String: String] {
        switch item {
        case let .table(table, title, totalRows):
            let plain = TableRenderer(capabilities: TerminalCapabilities(isTerminal: false, isUTF8: true, colors: false))
                .render(table, title: title, totalRows: totalRows)
            return ["text/plain": plain, "text/html": tableHTML(table, title: title, totalRows: totalRows)]
        case .text(let text):
            return ["text/plain": text]
        case .message(let text), .warning(let text):
            return ["text/plain": text]
        case let .qaReport(report, column, worst):
            let plain = QATextRenderer(utf8: true, width: plainWidth).render(report, column: column, worst: worst)
            return ["text/plain": plain, "text/html": qaHTML(report)]
        }
    }

    /// A table as an HTML `<table>` (every value escaped), with its title and a row count
    /// footer when only a preview is shown.
    public static func tableHTML(_ table: Table, title: String?, totalRows: Int?) -> String {
        var html = "<div class=\"synth-table\">"
        if let title { html += "<p><b>\(escape(title))</b></p>" }
        html += "<table><thead><tr>"
        for column in table.columns { html += "<th>\(escape(column.name))</th>" }
        html += "</tr></thead><tbody>"
        for row in 0..<table.rowCount {
            html += "<tr>"
            for column in table.columns {
                let text = column.isNull(row) ? "<i>null</i>" : escape(column.formattedCell(row) ?? "null")
                let align = column.dataType.isNumeric ? "right" : "left"
                html += "<td style=\"text-align:\(align)\">\(text)</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table>"
        if let totalRows, totalRows > table.rowCount {
            html += "<p>\(table.rowCount) of \(totalRows) rows shown</p>"
        }
        return html + "</div>"
    }

    /// The QA report's self-contained HTML (summary, SVG charts) in a sandboxed frame, so
    /// its styles stay inside it.
    public static func qaHTML(_ report: QAReport) -> String {
        let page = QAHTMLRenderer.render(report)
        return "<iframe sandbox=\"\" style=\"width:100%;height:640px;border:1px solid #ddd\" srcdoc=\"\(escape(page))\"></iframe>"
    }

    /// Text with `&`, `<`, `>` and quotes escaped for HTML.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
