/// Encoding of the footer (`FileMetaData`) with the Thrift compact protocol.
extension FileMetadata {
    func thriftEncoded() -> [UInt8] {
        var w = ThriftCompactWriter()
        w.beginStruct()
        w.writeI32(1, version)
        w.listHeader(2, .structure, count: schema.count)
        for element in schema { element.encode(&w) }
        w.writeI64(3, numRows)
        w.listHeader(4, .structure, count: rowGroups.count)
        for (ordinal, group) in rowGroups.enumerated() { group.encode(&w, ordinal: ordinal) }
        if !keyValueMetadata.isEmpty {
            w.listHeader(5, .structure, count: keyValueMetadata.count)
            for (key, value) in keyValueMetadata {
                w.beginStruct()
                w.writeString(1, key)
                if let value { w.writeString(2, value) }
                w.endStruct()
            }
        }
        if let createdBy { w.writeString(6, createdBy) }
        // column_orders: TypeDefinedOrder for every leaf, so readers trust min_value/max_value.
        let leaves = schema.filter { $0.numChildren == 0 && $0.type != nil }.count
        w.listHeader(7, .structure, count: leaves)
        for _ in 0..<leaves {
            w.beginStruct()
            w.beginStructField(1)
            w.endStruct()
            w.endStruct()
        }
        w.endStruct()
        return w.output.bytes
    }
}

extension SchemaElement {
    func encode(_ w: inout ThriftCompactWriter) {
        w.beginStruct()
        if let type { w.writeI32(1, type.rawValue) }
        if let typeLength { w.writeI32(2, typeLength) }
        if let repetition { w.writeI32(3, repetition.rawValue) }
        w.writeString(4, name)
        if numChildren > 0 || type == nil { w.writeI32(5, numChildren) }
        if let convertedType { w.writeI32(6, convertedType.rawValue) }
        if let scale { w.writeI32(7, scale) }
        if let precision { w.writeI32(8, precision) }
        if let logicalType { logicalType.encode(&w, field: 10) }
        w.endStruct()
    }
}

extension ParquetLogicalType {
    func encode(_ w: inout ThriftCompactWriter, field: Int16) {
        w.beginStructField(field)
        func empty(_ id: Int16) {
            w.beginStructField(id)
            w.endStruct()
        }
        func unit(_ unit: ParquetTimeUnit) {
            w.beginStructField(2)
            switch unit {
            case .millis: empty(1)
            case .micros: empty(2)
            case .nanos: empty(3)
            }
            w.endStruct()
        }
        switch self {
        case .string: empty(1)
        case .map: empty(2)
        case .list: empty(3)
        case .enumeration: empty(4)
        case let .decimal(scale, precision):
            w.beginStructField(5)
            w.writeI32(1, scale)
            w.writeI32(2, precision)
            w.endStruct()
        case .date: empty(6)
        case let .time(utc, u):
            w.beginStructField(7)
            w.writeBool(1, utc)
            unit(u)
            w.endStruct()
        case let .timestamp(utc, u):
            w.beginStructField(8)
            w.writeBool(1, utc)
            unit(u)
            w.endStruct()
        case let .integer(bits, signed):
            w.beginStructField(10)
            w.writeByte(1, bits)
            w.writeBool(2, signed)
            w.endStruct()
        case .unknown: empty(11)
        case .json: empty(12)
        case .bson: empty(13)
        case .uuid: empty(14)
        case .float16: empty(15)
        case .other(let id): empty(id)
        }
        w.endStruct()
    }
}

extension RowGroup {
    func encode(_ w: inout ThriftCompactWriter, ordinal: Int) {
        w.beginStruct()
        w.listHeader(1, .structure, count: columns.count)
        for column in columns { column.encode(&w) }
        w.writeI64(2, totalByteSize)
        w.writeI64(3, numRows)
        if let first = columns.first?.fileOffset { w.writeI64(5, first) }
        let compressed = columns.reduce(Int64(0)) { $0 + ($1.metadata?.totalCompressedSize ?? 0) }
        w.writeI64(6, compressed)
        w.writeI16(7, Int16(truncatingIfNeeded: ordinal))
        w.endStruct()
    }
}

extension ColumnChunk {
    func encode(_ w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.writeI64(2, fileOffset)
        if let metadata {
            w.beginStructField(3)
            w.writeI32(1, metadata.type.rawValue)
            w.writeI32List(2, metadata.encodings)
            w.writeStringList(3, metadata.pathInSchema)
            w.writeI32(4, metadata.codecRaw)
            w.writeI64(5, metadata.numValues)
            w.writeI64(6, metadata.totalUncompressedSize)
            w.writeI64(7, metadata.totalCompressedSize)
            w.writeI64(9, metadata.dataPageOffset)
            if let dictionary = metadata.dictionaryPageOffset { w.writeI64(11, dictionary) }
            if let statistics = metadata.statistics {
                w.beginStructField(12)
                if let nullCount = statistics.nullCount { w.writeI64(3, nullCount) }
                if let maxValue = statistics.maxValue { w.writeBinary(5, maxValue) }
                if let minValue = statistics.minValue { w.writeBinary(6, minValue) }
                w.endStruct()
            }
            w.endStruct()
        }
        w.endStruct()
    }
}
