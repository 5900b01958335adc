import Foundation
@testable import SynthData
import SynthTestSupport
import Testing

/// The indexer against a plain reference: random well-formed CSV (quoted fields holding
/// delimiters, doubled quotes, LF and CRLF; unquoted fields holding stray quotes), read as
/// text, must give exactly the fields a byte-at-a-time RFC 4180 parser gives.
@Suite("CSV indexer: differential")
struct CSVChunkIndexerTests {
    private static let pieces = ["a", "bc", "1.5", "x y", "\"", ",", "\n", "\r\n", "é", "NA", ";"]

    /// Rows of random fields and their CSV text (every field quoted when it needs it).
    private func randomTable(rows: Int, columns: Int, random: inout SystemRandomNumberGenerator) -> ([[String]], String) {
        var table: [[String]] = [], text = ""
        for _ in 0..<rows {
            var row: [String] = []
            for c in 0..<columns {
                var field = ""
                for _ in 0..<Int.random(in: 0...4, using: &random) { field += Self.pieces.randomElement(using: &random) ?? "" }
                // An unquoted field may hold a quote, but not at its start, nor a delimiter or line break.
                let needsQuotes = field.contains(",") || field.contains("\n") || field.contains("\r") || field.hasPrefix("\"")
                    || (field.contains("\"") && Bool.random(using: &random))
                row.append(field)
                text += needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                text += c + 1 < columns ? "," : (Bool.random(using: &random) ? "\r\n" : "\n")
            }
            table.append(row)
        }
        return (table, text)
    }

    @Test(arguments: [64, 100, 4096, 1 << 18])
    func fieldsMatchAReferenceParser(chunkSize: Int) throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<40 {
            let columns = Int.random(in: 1...5, using: &random)
            let (expected, body) = randomTable(rows: Int.random(in: 1...400, using: &random), columns: columns, random: &random)
            let names = (0..<columns).map { "c\($0)" }
            let path = try Fixtures.writeTemporary(names.joined(separator: ",") + "\n" + body)
            var options = CSVReadOptions(delimiter: UInt8(ascii: ","), hasHeader: true, nullTokens: [], chunkSize: chunkSize)
            options.columnTypes = Dictionary(uniqueKeysWithValues: names.map { ($0, DataType.string) })
            let table = try CSVReader.read(path: path, options: options).table
            // Rows of only one empty field are blank lines to the reader, as to most readers.
            let kept = expected.filter { !($0.count == 1 && $0[0].isEmpty) }
            #expect(table.rowCount == kept.count)
            guard table.rowCount == kept.count else { return }
            for (c, column) in table.columns.enumerated() {
                guard case .string(let values) = column.values else { Issue.record("not text"); return }
                for r in 0..<kept.count where values[r] != kept[r][c] {
                    Issue.record("row \(r) column \(c): \(values[r].debugDescription) != \(kept[r][c].debugDescription)")
                    return
                }
            }
        }
    }
}
