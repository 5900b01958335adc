/// One redraw of a progress bar, made to fit the terminal's width: `label bar 42%`. The
/// bar shrinks first, then the label is cut, so the line is always shorter than the width
/// (a line that fills the last column wraps on many terminals and leaves copies behind).
public struct ProgressLine: Sendable {
    public var utf8: Bool
    /// The terminal's width in columns, read at this redraw.
    public var width: Int

    public init(utf8: Bool, width: Int) {
        self.utf8 = utf8
        self.width = width
    }

    /// The longest bar drawn, and the shortest worth drawing.
    static let longestBar = 30, shortestBar = 5

    /// The line's text, without `\r` or erase codes; at most `width - 1` characters.
    public func text(label: String, fraction: Double) -> String {
        let share = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let percent = "\(Int(share * 100))%"
        let room = max(1, width - 1)
        // label + " " + bar + " " + percent
        var label = label
        var barWidth = min(Self.longestBar, room - label.count - percent.count - 2)
        if barWidth < Self.shortestBar {
            barWidth = min(Self.longestBar, room - percent.count - 2 - min(label.count, 12))
            if barWidth < Self.shortestBar { barWidth = 0 }
            let labelRoom = room - percent.count - 1 - (barWidth > 0 ? barWidth + 1 : 0)
            label = Self.cut(label, to: labelRoom, utf8: utf8)
        }
        var parts: [String] = []
        if !label.isEmpty { parts.append(label) }
        if barWidth > 0 { parts.append(bar(share, width: barWidth)) }
        parts.append(percent)
        let line = parts.joined(separator: " ")
        return line.count <= room ? line : String(line.prefix(room))
    }

    private func bar(_ share: Double, width: Int) -> String {
        let filled = Int((share * Double(width)).rounded())
        return utf8 ? String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                    : String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    }

    /// `text` cut to `room` characters, the last one `…` (or `~`) when something was left out.
    static func cut(_ text: String, to room: Int, utf8: Bool) -> String {
        guard room > 0 else { return "" }
        guard text.count > room else { return text }
        return String(text.prefix(room - 1)) + (utf8 ? "…" : "~")
    }
}
