import SynthData

/// `exclude`: the column is not trained on and comes back as nulls of its type.
struct ExcludeCodec: ColumnCodec {
    var dataType: DataType

    var subColumns: [SubColumnSpec] { [] }

    func encode(_ column: Column, into writer: CodeWriter) throws {}

    func decode(_ reader: CodeReader, rowCount: Int, rng: inout SeededGenerator) -> ColumnAssembler {
        var out = ColumnAssembler(dataType: dataType, capacity: rowCount)
        for _ in 0..<rowCount { out.appendNull() }
        return out
    }
}
