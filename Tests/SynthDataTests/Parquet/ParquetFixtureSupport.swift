import Foundation
import SynthTestSupport
@testable import SynthData

/// Helpers for the pyarrow-written Parquet fixtures in `Tests/Fixtures/parquet`.
enum ParquetFixtures {
    static func path(_ name: String) -> String { Fixtures.parquet(name) }

    /// Readable fixture files (all but the brotli and nested ones).
    static var readableFiles: [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.root.appendingPathComponent("parquet").path)) ?? []
        return all.filter { $0.hasSuffix(".parquet") && $0 != "mixed_brotli_v1.parquet" && $0 != "nested_list.parquet" }.sorted()
    }

    static var allFiles: [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.root.appendingPathComponent("parquet").path)) ?? []
        return all.filter { $0.hasSuffix(".parquet") }.sorted()
    }

    /// `expected.csv` as header + rows of cells; a cell is `nil` for an empty unquoted field
    /// (null) and the unquoted text otherwise.
    static func expectedCSV() throws -> (header: [String], rows: [[String?]]) { try parsedExpected.get() }

    private static let parsedExpected = Result { try parseExpectedCSV() }

    private static func parseExpectedCSV() throws -> (header: [String], rows: [[String?]]) {
        let text = try String(contentsOfFile: path("expected.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        return (header, lines.map(parseLine))
    }

    private static func parseLine(_ line: String) -> [String?] {
        var cells: [String?] = []
        var chars = Array(line.unicodeScalars)[...]
        while true {
            if chars.first == "\"" {
                chars.removeFirst()
                var value = String.UnicodeScalarView()
                while let c = chars.first {
                    chars.removeFirst()
                    if c == "\"" {
                        if chars.first == "\"" { chars.removeFirst(); value.append("\"") } else { break }
                    } else {
                        value.append(c)
                    }
                }
                cells.append(String(value))
            } else {
                var value = String.UnicodeScalarView()
                while let c = chars.first, c != "," { value.append(c); chars.removeFirst() }
                cells.append(value.isEmpty ? nil : String(value))
            }
            if chars.first == "," { chars.removeFirst() } else { break }
        }
        return cells
    }

    /// The JSON manifest.
    static func manifest() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("fixtures.json")))
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    /// `YYYY-MM-DDTHH:MM:SS.fff…` (+`Z` when `utc`), as expected.csv writes timestamps.
    static func formatTimestamp(_ ticks: Int64, unit: TimeUnit, utc: Bool) -> String {
        let perSecond = unit.ticksPerSecond
        var seconds = ticks / perSecond
        var fraction = ticks % perSecond
        if fraction < 0 { fraction += perSecond; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let date = CivilDate.format(days: Int32(days))
        let h = secondOfDay / 3600, m = secondOfDay / 60 % 60, s = secondOfDay % 60
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: unit.fractionDigits - digits.count) + digits
        return "\(date)T\(two(h)):\(two(m)):\(two(s)).\(digits)" + (utc ? "Z" : "")
    }
}
