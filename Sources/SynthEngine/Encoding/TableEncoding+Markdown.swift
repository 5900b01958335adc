import Foundation

extension TableEncoding {
    /// The `columns` view as a Markdown table: name, data type, encoding, sub-columns with
    /// cardinalities, unique, nulls, protection. Used to generate docs/ENCODINGS.md.
    public func markdownColumnsTable() -> String {
        var lines = ["| column | data type | encoding | sub-columns (cardinality) | unique | nulls | protected |",
                     "|---|---|---|---|---|---|---|"]
        for detail in columnDetails() {
            let cells = [detail.name, detail.dataType.description, detail.encodingText, detail.subColumnsText,
                         detail.uniqueText, String(detail.nullCount), detail.protection.summary]
            lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}

