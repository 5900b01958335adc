import SynthData

extension Session {
    /// A stable text fingerprint of the session state: every binding in name order with its
    /// type and, for tables, shape, schema and a hash of the contents (as CSV text). Two
    /// sessions with equal fingerprints hold the same tables and values.
    public func stateFingerprint() -> String {
        var lines: [String] = []
        for name in bindingOrder.sorted() {
            guard let value = value(named: name) else { continue }
            if let table = value.table {
                let schema = table.columns.map { "\($0.name):\($0.dataType)" }.joined(separator: ",")
                let text = Array(CSVWriter.text(of: table).utf8)
                let hash = text.withUnsafeBytes { FNV1a.hash($0) }
                lines.append("\(name) table \(table.rowCount)x\(table.columnCount) [\(schema)] \(FileFingerprint(size: text.count, hash: hash).hashText)")
            } else {
                lines.append("\(name) \(value.typeName) \(value.literalText)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
