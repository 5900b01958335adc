/// The `synth:timestamp_layouts` footer entry: the source text layout of timestamp columns
/// (`Column.timestampLayout`), so a table read from CSV keeps writing `2013-01-26 03:45:27`
/// after a trip through Parquet. Other readers ignore the entry.
///
/// The value is `INDEX:LAYOUT` entries joined by `;`, where INDEX is the column's position
/// and LAYOUT three characters: the separator (`T` or space), `s` when seconds are written
/// (else `-`), and the fraction digits (`0`–`9`), e.g. `0: s0;3:Ts3`, then optionally the
/// offset style (`b` for `+0200`, `h` for `+02`; none for `+02:00`). A malformed entry (a
/// crafted file) is ignored: a layout only changes how values are written, never a value.
enum TimestampLayoutMetadata {
    static let key = "synth:timestamp_layouts"

    /// The character that stands for an offset style.
    static func styleCode(_ style: TimestampTextLayout.OffsetStyle) -> String {
        switch style {
        case .basic: "b"
        case .hours: "h"
        }
    }

    /// The entry for `columns`, or `nil` when no column has a layout.
    static func encode(_ columns: [Column]) -> String? {
        var entries: [String] = []
        for (index, column) in columns.enumerated() {
            guard let layout = column.timestampLayout, layout.isValid else { continue }
            entries.append("\(index):" + String(UnicodeScalar(layout.separator)) + (layout.hasSeconds ? "s" : "-")
                           + String(layout.fractionDigits) + (layout.offsetStyle.map(Self.styleCode) ?? ""))
        }
        return entries.isEmpty ? nil : entries.joined(separator: ";")
    }

    /// Layouts by column position, from an entry's value (at most `columnCount` columns).
    static func decode(_ text: String, columnCount: Int) -> [Int: TimestampTextLayout] {
        var layouts: [Int: TimestampTextLayout] = [:]
        for entry in text.split(separator: ";", omittingEmptySubsequences: true).prefix(columnCount) {
            let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let index = Int(parts[0]), index >= 0, index < columnCount else { continue }
            let bytes = Array(parts[1].utf8)
            guard bytes.count == 3 || bytes.count == 4, bytes[1] == UInt8(ascii: "s") || bytes[1] == UInt8(ascii: "-"),
                  bytes[2] >= UInt8(ascii: "0"), bytes[2] <= UInt8(ascii: "9") else { continue }
            var style: TimestampTextLayout.OffsetStyle?
            if bytes.count == 4 {
                guard let known = [TimestampTextLayout.OffsetStyle.basic, .hours].first(where: { styleCode($0).utf8.first == bytes[3] })
                else { continue }
                style = known
            }
            let layout = TimestampTextLayout(separator: bytes[0], hasSeconds: bytes[1] == UInt8(ascii: "s"),
                                             fractionDigits: Int(bytes[2] - UInt8(ascii: "0")), offsetStyle: style)
            if layout.isValid { layouts[index] = layout }
        }
        return layouts
    }
}
