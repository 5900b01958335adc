import SynthData
import SynthLanguage

/// Draws a table as text: box characters on a UTF-8 terminal, ASCII otherwise. Numbers are
/// right-aligned, text left-aligned, nulls show as `null`; long cells are cut.
public struct TableRenderer: Sendable {
    public var capabilities: TerminalCapabilities
    /// Longest cell shown, in characters.
    public var maxCellWidth: Int

    public init(capabilities: TerminalCapabilities, maxCellWidth: Int = 40) {
        self.capabilities = capabilities
        self.maxCellWidth = maxCellWidth
    }

    private struct Glyphs {
        let horizontal, vertical, topLeft, topMid, topRight, midLeft, midMid, midRight, bottomLeft, bottomMid, bottomRight: String
        let ellipsis: String

        static let box = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topMid: "┬", topRight: "┐", midLeft: "├",
                                midMid: "┼", midRight: "┤", bottomLeft: "└", bottomMid: "┴", bottomRight: "┘", ellipsis: "…")
        static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topMid: "+", topRight: "+", midLeft: "+",
                                  midMid: "+", midRight: "+", bottomLeft: "+", bottomMid: "+", bottomRight: "+", ellipsis: "...")
    }

    /// The table as lines of text (with a trailing newline); `totalRows` adds a footer when
    /// more rows exist than are shown.
    public func render(_ table: Table, title: String? = nil, totalRows: Int? = nil) -> String {
        let glyphs = capabilities.isUTF8 ? Glyphs.box : Glyphs.ascii
        let columns = table.columns
        var out = ""
        if let title { out += title + "\n" }
        if columns.isEmpty {
            return out + "(no columns, \(table.rowCount) rows)\n"
        }
        var cells: [[String]] = []
        var widths = columns.map { cut($0.name, glyphs).count }
        for column in columns.indices {
            var texts: [String] = []
            texts.reserveCapacity(table.rowCount)
            for row in 0..<table.rowCount {
                let text = cut(clean(columns[column].formattedCell(row) ?? "null"), glyphs)
                widths[column] = max(widths[column], text.count)
                texts.append(text)
            }
            cells.append(texts)
        }
        let rightAligned = columns.map { $0.dataType.isNumeric }
        func rule(_ left: String, _ mid: String, _ right: String) -> String {
            left + widths.map { String(repeating: glyphs.horizontal, count: $0 + 2) }.joined(separator: mid) + right + "\n"
        }
        func line(_ texts: [String], nulls: [Bool]) -> String {
            var parts: [String] = []
            for (index, text) in texts.enumerated() {
                let pad = String(repeating: " ", count: widths[index] - text.count)
                var shown = text
                if nulls[index], capabilities.colors { shown = "\u{1B}[2m" + text + "\u{1B}[0m" }
                parts.append(" " + (rightAligned[index] ? pad + shown : shown + pad) + " ")
            }
            return glyphs.vertical + parts.joined(separator: glyphs.vertical) + glyphs.vertical + "\n"
        }
        out += rule(glyphs.topLeft, glyphs.topMid, glyphs.topRight)
        var header = ""
        for (index, column) in columns.enumerated() {
            let name = cut(column.name, glyphs)
            let pad = String(repeating: " ", count: widths[index] - name.count)
            let shown = capabilities.colors ? "\u{1B}[1m" + name + "\u{1B}[0m" : name
            header += " " + (rightAligned[index] ? pad + shown : shown + pad) + " " + glyphs.vertical
        }
        out += glyphs.vertical + header + "\n"
        out += rule(glyphs.midLeft, glyphs.midMid, glyphs.midRight)
        for row in 0..<table.rowCount {
            out += line(cells.map { $0[row] }, nulls: columns.map { $0.isNull(row) })
        }
        out += rule(glyphs.bottomLeft, glyphs.bottomMid, glyphs.bottomRight)
        if let totalRows, totalRows > table.rowCount {
            out += "\(table.rowCount) of \(totalRows) rows\n"
        } else {
            out += "\(table.rowCount) \(table.rowCount == 1 ? "row" : "rows")\n"
        }
        return out
    }

    private func cut(_ text: String, _ glyphs: Glyphs) -> String {
        guard text.count > maxCellWidth else { return text }
        return String(text.prefix(maxCellWidth - glyphs.ellipsis.count)) + glyphs.ellipsis
    }

    /// Control characters (newlines, tabs) would break the grid: show them escaped.
    private func clean(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: if scalar.value < 0x20 { result += "?" } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
