import SynthData

extension TableEncoding {
    /// Decodes one chunk of a longer generated table whose first row is row `firstRow` of
    /// the whole: like `decode(_:seed:)`, but primary keys continue from the rows before the
    /// chunk instead of starting again, so keys are unique over every chunk.
    public func decode(_ encoded: EncodedTable, seed: UInt64, firstRow: Int) throws -> Table {
        var table = try decode(encoded, seed: seed)
        guard firstRow != 0 else { return table }
        for (index, column) in columns.enumerated() {
            guard case .primaryKey(let codec) = column.parameters else { continue }
            try table.replaceColumn(at: index, with: codec.keys(firstRow: firstRow, count: encoded.rowCount).column(named: column.name))
        }
        return table
    }
}
