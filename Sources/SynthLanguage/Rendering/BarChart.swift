/// Horizontal bars with 1/8-block resolution (`█` plus `▏▎▍▌▋▊▉`), or `#` when the terminal
/// is not UTF-8. Rows pair several series per label (e.g. original and synthetic shares of
/// one bin): one line per series, the label on the first, the value as a percentage at the
/// right.
public struct BarChart: Sendable {
    /// One label with one value per series (shares, 0…1).
    public struct Row: Sendable, Hashable {
        public var label: String
        public var values: [Double]
        public init(label: String, values: [Double]) {
            self.label = label
            self.values = values
        }
    }

    public var utf8: Bool
    /// Characters available for the bar itself.
    public var barWidth: Int
    /// Labels are trimmed (with `…` or `~`) and padded to this many characters.
    public var labelWidth: Int
    /// A short tag per series, printed before its bar (e.g. `orig`, `syn`).
    public var seriesTags: [String]

    public init(utf8: Bool, barWidth: Int, labelWidth: Int = 20, seriesTags: [String]) {
        self.utf8 = utf8
        self.barWidth = max(1, barWidth)
        self.labelWidth = max(1, labelWidth)
        self.seriesTags = seriesTags
    }

    private static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// A bar of `fraction` (0…1) of `width` characters, padded with spaces to `width`.
    public static func bar(fraction: Double, width: Int, utf8: Bool) -> String {
        let f = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        if utf8 {
            let units = Int((f * Double(width * 8)).rounded())
            let full = units / 8, rest = units % 8
            let text = String(repeating: "█", count: full) + eighths[rest]
            return text + String(repeating: " ", count: max(0, width - full - (rest > 0 ? 1 : 0)))
        }
        let full = Int((f * Double(width)).rounded())
        return String(repeating: "#", count: full) + String(repeating: " ", count: max(0, width - full))
    }

    /// `label` cut to `width` characters (last one `…`, or `~` without UTF-8) or padded.
    public static func fit(_ label: String, width: Int, utf8: Bool) -> String {
        let characters = Array(label)
        if characters.count > width {
            return String(characters[0..<(width - 1)]) + (utf8 ? "…" : "~")
        }
        return label + String(repeating: " ", count: width - characters.count)
    }

    /// A share as `12.3%`, right-aligned in 6 characters.
    public static func percent(_ share: Double) -> String {
        let text = share.isFinite ? formatFixed(share * 100, decimals: 1) + "%" : "-"
        return String(repeating: " ", count: max(0, 6 - text.count)) + text
    }

    /// The chart's lines; bars are scaled so that the largest value fills the bar width.
    public func render(_ rows: [Row]) -> [String] {
        let largest = rows.flatMap(\.values).filter(\.isFinite).max() ?? 0
        let scale = largest > 0 ? 1 / largest : 0
        let tagWidth = seriesTags.map(\.count).max() ?? 0
        var lines: [String] = []
        for row in rows {
            for (series, value) in row.values.enumerated() {
                let label = series == 0 ? Self.fit(row.label, width: labelWidth, utf8: utf8)
                                        : String(repeating: " ", count: labelWidth)
                let tag = series < seriesTags.count ? seriesTags[series] : ""
                let paddedTag = tag + String(repeating: " ", count: tagWidth - tag.count)
                let bar = Self.bar(fraction: value * scale, width: barWidth, utf8: utf8)
                lines.append("\(label) \(paddedTag) \(bar) \(Self.percent(value))")
            }
        }
        return lines
    }
}

/// `value` with exactly `decimals` digits after the point (half away from zero).
func formatFixed(_ value: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let negative = value < 0 && scaled > 0
    let whole = Int64(scaled / scale)
    var fraction = String(Int64(scaled) - whole * Int64(scale))
    while fraction.count < decimals { fraction = "0" + fraction }
    return (negative ? "-" : "") + String(whole) + (decimals > 0 ? "." + fraction : "")
}
