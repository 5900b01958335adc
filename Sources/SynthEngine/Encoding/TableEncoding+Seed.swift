import SynthData

extension TableEncoding {
    /// Codes of the columns of `seed` that this encoding knows, for conditional generation:
    /// sub-column index → one code per seed row. Columns not in the encoding are ignored;
    /// a known column must have the encoded column's type.
    public func seedCodes(_ seed: Table) throws -> [Int: [Int32]] {
        var fixed: [Int: [Int32]] = [:]
        var offset = 0
        for encoding in columns {
            let specs = encoding.subColumns
            defer { offset += specs.count }
            guard !specs.isEmpty, let index = seed.columnIndex(named: encoding.name) else { continue }
            let column = seed.columns[index]
            guard column.dataType == encoding.dataType else {
                throw EncodingError.typeMismatch(column: encoding.name, expected: encoding.dataType, found: column.dataType)
            }
            var codes = [Int32](repeating: 0, count: seed.rowCount * specs.count)
            try codes.withUnsafeMutableBufferPointer { buffer in
                try encoding.parameters.codec.encode(column, into: CodeWriter(codes: buffer, stride: specs.count, offset: 0))
            }
            for j in 0..<specs.count {
                fixed[offset + j] = (0..<seed.rowCount).map { codes[$0 * specs.count + j] }
            }
        }
        return fixed
    }
}
