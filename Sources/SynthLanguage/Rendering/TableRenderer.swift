import SynthData

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

    /// One column as drawn: header, cell texts, null flags, alignment.
    private struct DisplayColumn {
        var header: String
        var cells: [String]
        var nulls: [Bool]
        var rightAligned: Bool
        var width: Int
    }

    /// The table as lines of text (with a trailing newline); `totalRows` adds a footer when
    /// more rows exist than are shown. On a terminal, columns that do not fit its width are
    /// left out in the middle (shown as one `…` column); elsewhere every column is drawn.
    public func render(_ table: Table, title: String? = nil, totalRows: Int? = nil) -> String {
        let glyphs = capabilities.isUTF8 ? Glyphs.box : Glyphs.ascii
        var out = ""
        if let title { out += clean(title) + "\n" }
        if table.columns.isEmpty {
            return out + "(no columns, \(table.rowCount) rows)\n"
        }
        var display: [DisplayColumn] = table.columns.map { column in
            var texts: [String] = []
            var nulls: [Bool] = []
            texts.reserveCapacity(table.rowCount)
            nulls.reserveCapacity(table.rowCount)
            for row in 0..<table.rowCount {
                texts.append(cut(clean(column.formattedCell(row) ?? "null"), glyphs))
                nulls.append(column.isNull(row))
            }
            let header = cut(clean(column.name), glyphs)
            let width = texts.reduce(header.count) { max($0, $1.count) }
            return DisplayColumn(header: header, cells: texts, nulls: nulls, rightAligned: column.dataType.isNumeric, width: width)
        }
        let hidden = fitToTerminal(&display, rows: table.rowCount, glyphs: glyphs)

        func rule(_ left: String, _ mid: String, _ right: String) -> String {
            left + display.map { String(repeating: glyphs.horizontal, count: $0.width + 2) }.joined(separator: mid) + right + "\n"
        }
        func line(_ texts: [String], nulls: [Bool], bold: Bool) -> String {
            var parts: [String] = []
            for (index, text) in texts.enumerated() {
                let column = display[index]
                let pad = String(repeating: " ", count: max(0, column.width - text.count))
                var shown = text
                if capabilities.colors {
                    if bold { shown = "\u{1B}[1m" + text + "\u{1B}[0m" } else if nulls[index] { shown = "\u{1B}[2m" + text + "\u{1B}[0m" }
                }
                parts.append(" " + (column.rightAligned ? pad + shown : shown + pad) + " ")
            }
            return glyphs.vertical + parts.joined(separator: glyphs.vertical) + glyphs.vertical + "\n"
        }
        out += rule(glyphs.topLeft, glyphs.topMid, glyphs.topRight)
        out += line(display.map(\.header), nulls: display.map { _ in false }, bold: true)
        out += rule(glyphs.midLeft, glyphs.midMid, glyphs.midRight)
        for row in 0..<table.rowCount {
            out += line(display.map { $0.cells[row] }, nulls: display.map { $0.nulls[row] }, bold: false)
        }
        out += rule(glyphs.bottomLeft, glyphs.bottomMid, glyphs.bottomRight)
        if let totalRows, totalRows > table.rowCount {
            out += "\(table.rowCount) of \(totalRows) rows"
        } else {
            out += "\(table.rowCount) \(table.rowCount == 1 ? "row" : "rows")"
        }
        if hidden > 0 { out += ", \(table.columnCount - hidden) of \(table.columnCount) columns shown" }
        return out + "\n"
    }

    /// On a terminal narrower than the table, keeps columns from both ends while they fit and
    /// puts one `…` column in place of the rest. Returns how many columns were left out.
    private func fitToTerminal(_ display: inout [DisplayColumn], rows: Int, glyphs: Glyphs) -> Int {
        guard capabilities.isTerminal else { return 0 }
        func drawnWidth(_ columns: [DisplayColumn]) -> Int { columns.reduce(1) { $0 + $1.width + 3 } }
        guard drawnWidth(display) > capabilities.width else { return 0 }
        shrinkWideColumns(&display, to: capabilities.width - drawnWidth(display) + display.reduce(0) { $0 + $1.width },
                          glyphs: glyphs)
        guard drawnWidth(display) > capabilities.width, display.count > 2 else { return 0 }
        let ellipsis = DisplayColumn(header: glyphs.ellipsis, cells: Array(repeating: glyphs.ellipsis, count: rows),
                                     nulls: Array(repeating: false, count: rows), rightAligned: false,
                                     width: glyphs.ellipsis.count)
        var left: [DisplayColumn] = [], right: [DisplayColumn] = []
        var low = 0, high = display.count - 1
        var takeLeft = true
        while low <= high {
            let candidate = takeLeft ? display[low] : display[high]
            if drawnWidth(left + [ellipsis] + right) + candidate.width + 3 > capabilities.width { break }
            if takeLeft { left.append(candidate); low += 1 } else { right.insert(candidate, at: 0); high -= 1 }
            takeLeft.toggle()
        }
        let hidden = display.count - left.count - right.count
        guard hidden > 0 else { return 0 }
        display = left + [ellipsis] + right
        return hidden
    }

    /// Narrowest a long column is shrunk to before columns are left out.
    static let shrunkColumnWidth = 12

    /// Cuts the widest columns (long text such as `describe`'s `top`) down towards
    /// `shrunkColumnWidth` until all cells fit in `room` characters, so short columns stay
    /// visible instead of being left out for one long one.
    private func shrinkWideColumns(_ display: inout [DisplayColumn], to room: Int, glyphs: Glyphs) {
        var excess = display.reduce(0) { $0 + $1.width } - room
        while excess > 0 {
            guard let widest = display.indices.max(by: { display[$0].width < display[$1].width }),
                  display[widest].width > Self.shrunkColumnWidth else { return }
            let others = display.indices.filter { $0 != widest }.map { display[$0].width }.max() ?? 0
            let target = max(Self.shrunkColumnWidth, others, display[widest].width - excess)
            let newWidth = target < display[widest].width ? target : display[widest].width - 1
            excess -= display[widest].width - newWidth
            display[widest].width = newWidth
            display[widest].header = cut(display[widest].header, glyphs, to: newWidth)
            display[widest].cells = display[widest].cells.map { cut($0, glyphs, to: newWidth) }
        }
    }

    private func cut(_ text: String, _ glyphs: Glyphs, to width: Int) -> String {
        guard text.count > width else { return text }
        return String(text.prefix(width - glyphs.ellipsis.count)) + glyphs.ellipsis
    }

    private func cut(_ text: String, _ glyphs: Glyphs) -> String {
        guard text.count > maxCellWidth else { return text }
        return String(text.prefix(maxCellWidth - glyphs.ellipsis.count)) + glyphs.ellipsis
    }

    /// Control characters (newlines, tabs) would break the grid, and escape codes would
    /// reach the terminal: show them escaped.
    private func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\t" || TerminalSafeText.needsEscape($0) }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if TerminalSafeText.needsEscape(scalar) { result += TerminalSafeText.escape(scalar) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
