import SynthData

extension TableEncoding {
    /// Codes of the columns of `seed`, for conditional generation: sub-column index → one
    /// code per seed row. Every seed column must be one of this encoding's columns (else
    /// `EncodingError.unknownSeedColumns`, naming them all) with the encoded column's type
    /// (or one that converts to it without changing a value: `conformedSeed(_:)`).
    /// A null cell of a column in `fill` becomes `GenerativeModel.freeCode` in all of that
    /// column's sub-columns, so the model generates it (conditioned on the row's other fixed
    /// values); a null elsewhere is fixed as null. Columns without sub-columns (constants)
    /// have no codes.
    public func seedCodes(_ given: Table, fill: Set<String> = []) throws -> [Int: [Int32]] {
        let known = Set(columns.map(\.name))
        let unknown = given.columnNames.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw EncodingError.unknownSeedColumns(unknown, available: columns.map(\.name)) }
        let seed = try conformedSeed(given)
        var fixed: [Int: [Int32]] = [:]
        var offset = 0
        for encoding in columns {
            let specs = encoding.subColumns
            defer { offset += specs.count }
            guard !specs.isEmpty, let index = seed.columnIndex(named: encoding.name) else { continue }
            let column = seed.columns[index]
            var codes = [Int32](repeating: 0, count: seed.rowCount * specs.count)
            try codes.withUnsafeMutableBufferPointer { buffer in
                try encoding.parameters.codec.encode(column, into: CodeWriter(codes: buffer, stride: specs.count, offset: 0))
            }
            let freeNulls = fill.contains(encoding.name) && column.nullCount > 0
            for j in 0..<specs.count {
                fixed[offset + j] = (0..<seed.rowCount).map {
                    freeNulls && column.isNull($0) ? GenerativeModel.freeCode : codes[$0 * specs.count + j]
                }
            }
        }
        return fixed
    }

    /// `seed` with each column of this encoding in the encoded type (`seedColumn(_:as:)`), so
    /// its cells can be kept exactly; throws `EncodingError.typeMismatch` for a column that
    /// does not convert. Columns the encoding does not know are left as they are.
    public func conformedSeed(_ seed: Table) throws -> Table {
        var table = seed
        for encoding in columns {
            guard let index = seed.columnIndex(named: encoding.name) else { continue }
            guard let column = Self.seedColumn(seed.columns[index], as: encoding.dataType) else {
                throw EncodingError.typeMismatch(column: encoding.name, expected: encoding.dataType, found: seed.columns[index].dataType)
            }
            if column.dataType != seed.columns[index].dataType { try table.replaceColumn(at: index, with: column) }
        }
        return table
    }

    /// `column` as `type` when no value changes: as it is; integers as doubles; doubles that
    /// are all whole numbers in `Int64`'s range as integers (a seed file written by a tool
    /// that reads a column with nulls as floats, `3750.0`). `nil` otherwise.
    static func seedColumn(_ column: Column, as type: DataType) -> Column? {
        if column.dataType == type { return column }
        switch (column.values, type) {
        case (.int64(let values), .double):
            return Column(name: column.name, values: .double(values.map(Double.init)), validity: column.validity)
        case (.double(let values), .int64):
            var ints = [Int64](repeating: 0, count: values.count)
            for (row, value) in values.enumerated() where !column.isNull(row) {
                // 2⁶³ is exactly representable; values at or above it do not fit.
                guard value.rounded() == value, value >= -9.223_372_036_854_775_808e18, value < 9.223_372_036_854_775_808e18
                else { return nil }
                ints[row] = Int64(value)
            }
            return Column(name: column.name, values: .int64(ints), validity: column.validity)
        default:
            return nil
        }
    }

    /// For each named column whose encoding has a code for null, that code in the column's
    /// first sub-column (where null is told apart: the category, or the special-value
    /// sub-column): excluded when the model fills a seed's null, so a filled cell is a value.
    public func nullCodes(ofColumns names: Set<String>) -> [Int: [Int32]] {
        var result: [Int: [Int32]] = [:]
        var offset = 0
        for encoding in columns {
            let specs = encoding.subColumns
            defer { offset += specs.count }
            guard names.contains(encoding.name), !specs.isEmpty, specs[0].cardinality > 1 else { continue }
            let codec = encoding.parameters.codec
            let null = Column(name: encoding.name, values: Self.placeholderValue(encoding.dataType),
                              validity: ValidityBitmap([false]))
            var codes = [Int32](repeating: 0, count: specs.count)
            let encoded: Void? = try? codes.withUnsafeMutableBufferPointer { buffer in
                try codec.encode(null, into: CodeWriter(codes: buffer, stride: specs.count, offset: 0))
            }
            guard encoded != nil else { continue }
            var rng = SeededGenerator(seed: 0)
            let decoded = codes.withUnsafeBufferPointer { buffer in
                codec.decode(CodeReader(codes: buffer, stride: specs.count, offset: 0), rowCount: 1, rng: &rng)
                    .column(named: encoding.name)
            }
            if decoded.count == 1, decoded.isNull(0) { result[offset] = [codes[0]] }
        }
        return result
    }

    /// One value of `type`, to sit under a null.
    static func placeholderValue(_ type: DataType) -> ColumnValues {
        switch type {
        case .int64: .int64([0])
        case .double: .double([0])
        case .bool: .bool([false])
        case .string: .string(StringArray([""]))
        case .date: .date([0])
        case let .timestamp(unit, zone): .timestamp([0], unit: unit, timeZone: zone)
        }
    }

    /// The sub-columns of the named columns (empty for a constant column).
    func subColumnIndices(ofColumns names: Set<String>) -> Set<Int> {
        var result = Set<Int>()
        var offset = 0
        for encoding in columns {
            let count = encoding.subColumns.count
            if names.contains(encoding.name) { result.formUnion(offset..<(offset + count)) }
            offset += count
        }
        return result
    }

    /// The first sub-column of each column, by column name.
    func firstSubColumn(ofColumn name: String) -> Int? {
        var offset = 0
        for encoding in columns {
            if encoding.name == name { return offset }
            offset += encoding.subColumns.count
        }
        return nil
    }
}
