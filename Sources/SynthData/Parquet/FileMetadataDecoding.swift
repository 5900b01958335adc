/// Decoding of the footer and page headers from the Thrift compact protocol.
///
/// Unknown fields are skipped; fields of a wrong wire type are corrupt input.
extension FileMetadata {
    init(thrift reader: inout ThriftCompactReader) throws {
        self.init()
        try reader.readStruct { r, field in
            switch field.id {
            case 1: try r.expect(field, .i32, "version"); version = try r.readI32()
            case 2:
                try r.expect(field, .list, "schema")
                schema = try r.readList { r, type in
                    guard type == .structure else { throw ParquetError.corrupt("schema list of non-structs") }
                    return try SchemaElement(thrift: &r)
                }
            case 3: try r.expect(field, .i64, "num_rows"); numRows = try r.readI64()
            case 4:
                try r.expect(field, .list, "row_groups")
                rowGroups = try r.readList { r, type in
                    guard type == .structure else { throw ParquetError.corrupt("row group list of non-structs") }
                    return try RowGroup(thrift: &r)
                }
            case 5:
                try r.expect(field, .list, "key_value_metadata")
                keyValueMetadata = try r.readList { r, type in
                    guard type == .structure else { throw ParquetError.corrupt("key/value list of non-structs") }
                    var key = "", value: String?
                    try r.readStruct { r, field in
                        switch field.id {
                        case 1: try r.expect(field, .binary, "key"); key = try r.readString()
                        case 2: try r.expect(field, .binary, "value"); value = try r.readString()
                        default: try r.skip(field.type)
                        }
                    }
                    return (key, value)
                }
            case 6: try r.expect(field, .binary, "created_by"); createdBy = try r.readString()
            default: try r.skip(field.type)
            }
        }
    }
}

extension SchemaElement {
    init(thrift reader: inout ThriftCompactReader) throws {
        self.init()
        try reader.readStruct { r, field in
            switch field.id {
            case 1:
                try r.expect(field, .i32, "type")
                let raw = try r.readI32()
                guard let value = ParquetPhysicalType(rawValue: raw) else {
                    throw ParquetError.corrupt("unknown physical type \(raw)")
                }
                type = value
            case 2: try r.expect(field, .i32, "type_length"); typeLength = try r.readI32()
            case 3:
                try r.expect(field, .i32, "repetition_type")
                let raw = try r.readI32()
                guard let value = ParquetRepetition(rawValue: raw) else {
                    throw ParquetError.corrupt("unknown repetition type \(raw)")
                }
                repetition = value
            case 4: try r.expect(field, .binary, "name"); name = try r.readString()
            case 5: try r.expect(field, .i32, "num_children"); numChildren = try r.readI32()
            case 6:
                try r.expect(field, .i32, "converted_type")
                convertedType = ParquetConvertedType(rawValue: try r.readI32())
            case 7: try r.expect(field, .i32, "scale"); scale = try r.readI32()
            case 8: try r.expect(field, .i32, "precision"); precision = try r.readI32()
            case 10: try r.expect(field, .structure, "logicalType"); logicalType = try ParquetLogicalType(thrift: &r)
            default: try r.skip(field.type)
            }
        }
    }
}

extension ParquetLogicalType {
    init(thrift reader: inout ThriftCompactReader) throws {
        var result: ParquetLogicalType = .unknown
        try reader.readStruct { r, field in
            switch field.id {
            case 1: result = .string; try r.skip(field.type)
            case 2: result = .map; try r.skip(field.type)
            case 3: result = .list; try r.skip(field.type)
            case 4: result = .enumeration; try r.skip(field.type)
            case 5:
                var scale: Int32 = 0, precision: Int32 = 0
                try r.expect(field, .structure, "DecimalType")
                try r.readStruct { r, field in
                    switch field.id {
                    case 1: try r.expect(field, .i32, "scale"); scale = try r.readI32()
                    case 2: try r.expect(field, .i32, "precision"); precision = try r.readI32()
                    default: try r.skip(field.type)
                    }
                }
                result = .decimal(scale: scale, precision: precision)
            case 6: result = .date; try r.skip(field.type)
            case 7, 8:
                var adjusted = false, unit: ParquetTimeUnit = .millis
                try r.expect(field, .structure, "TimeType")
                try r.readStruct { r, inner in
                    switch inner.id {
                    case 1: try r.expect(inner, .boolTrue, "isAdjustedToUTC"); adjusted = inner.boolValue
                    case 2: try r.expect(inner, .structure, "unit"); unit = try ParquetTimeUnit(thrift: &r)
                    default: try r.skip(inner.type)
                    }
                }
                result = field.id == 7 ? .time(isAdjustedToUTC: adjusted, unit: unit)
                    : .timestamp(isAdjustedToUTC: adjusted, unit: unit)
            case 10:
                var bitWidth: Int8 = 64, signed = true
                try r.expect(field, .structure, "IntType")
                try r.readStruct { r, inner in
                    switch inner.id {
                    case 1: try r.expect(inner, .byte, "bitWidth"); bitWidth = try r.readByte()
                    case 2: try r.expect(inner, .boolTrue, "isSigned"); signed = inner.boolValue
                    default: try r.skip(inner.type)
                    }
                }
                result = .integer(bitWidth: bitWidth, isSigned: signed)
            case 11: result = .unknown; try r.skip(field.type)
            case 12: result = .json; try r.skip(field.type)
            case 13: result = .bson; try r.skip(field.type)
            case 14: result = .uuid; try r.skip(field.type)
            case 15: result = .float16; try r.skip(field.type)
            default: result = .other(field.id); try r.skip(field.type)
            }
        }
        self = result
    }
}

extension ParquetTimeUnit {
    init(thrift reader: inout ThriftCompactReader) throws {
        var result: ParquetTimeUnit?
        try reader.readStruct { r, field in
            switch field.id {
            case 1: result = .millis
            case 2: result = .micros
            case 3: result = .nanos
            default: break
            }
            try r.skip(field.type)
        }
        guard let result else { throw ParquetError.corrupt("time unit without a value") }
        self = result
    }
}

extension RowGroup {
    init(thrift reader: inout ThriftCompactReader) throws {
        self.init()
        try reader.readStruct { r, field in
            switch field.id {
            case 1:
                try r.expect(field, .list, "columns")
                columns = try r.readList { r, type in
                    guard type == .structure else { throw ParquetError.corrupt("column list of non-structs") }
                    return try ColumnChunk(thrift: &r)
                }
            case 2: try r.expect(field, .i64, "total_byte_size"); totalByteSize = try r.readI64()
            case 3: try r.expect(field, .i64, "num_rows"); numRows = try r.readI64()
            default: try r.skip(field.type)
            }
        }
    }
}

extension ColumnChunk {
    init(thrift reader: inout ThriftCompactReader) throws {
        self.init()
        try reader.readStruct { r, field in
            switch field.id {
            case 1: try r.expect(field, .binary, "file_path"); filePath = try r.readString()
            case 2: try r.expect(field, .i64, "file_offset"); fileOffset = try r.readI64()
            case 3: try r.expect(field, .structure, "meta_data"); metadata = try ColumnMetadata(thrift: &r)
            default: try r.skip(field.type)
            }
        }
    }
}

extension ColumnMetadata {
    init(thrift reader: inout ThriftCompactReader) throws {
        self.init()
        try reader.readStruct { r, field in
            switch field.id {
            case 1:
                try r.expect(field, .i32, "type")
                let raw = try r.readI32()
                guard let value = ParquetPhysicalType(rawValue: raw) else {
                    throw ParquetError.corrupt("unknown physical type \(raw)")
                }
                type = value
            case 2:
                try r.expect(field, .list, "encodings")
                encodings = try r.readList { r, _ in try r.readI32() }
            case 3:
                try r.expect(field, .list, "path_in_schema")
                pathInSchema = try r.readList { r, _ in try r.readString() }
            case 4: try r.expect(field, .i32, "codec"); codecRaw = try r.readI32()
            case 5: try r.expect(field, .i64, "num_values"); numValues = try r.readI64()
            case 6: try r.expect(field, .i64, "total_uncompressed_size"); totalUncompressedSize = try r.readI64()
            case 7: try r.expect(field, .i64, "total_compressed_size"); totalCompressedSize = try r.readI64()
            case 9: try r.expect(field, .i64, "data_page_offset"); dataPageOffset = try r.readI64()
            case 11: try r.expect(field, .i64, "dictionary_page_offset"); dictionaryPageOffset = try r.readI64()
            case 12: try r.expect(field, .structure, "statistics"); statistics = try ParquetStatistics(thrift: &r)
            default: try r.skip(field.type)
            }
        }
    }
}

extension ParquetStatistics {
    init(thrift reader: inout ThriftCompactReader) throws {
        self.init()
        try reader.readStruct { r, field in
            switch field.id {
            case 1: try r.expect(field, .binary, "max"); max = try r.readBinary()
            case 2: try r.expect(field, .binary, "min"); min = try r.readBinary()
            case 3: try r.expect(field, .i64, "null_count"); nullCount = try r.readI64()
            case 4: try r.expect(field, .i64, "distinct_count"); distinctCount = try r.readI64()
            case 5: try r.expect(field, .binary, "max_value"); maxValue = try r.readBinary()
            case 6: try r.expect(field, .binary, "min_value"); minValue = try r.readBinary()
            default: try r.skip(field.type)
            }
        }
    }
}

extension PageHeader {
    init(thrift reader: inout ThriftCompactReader) throws {
        self.init()
        try reader.readStruct { r, field in
            switch field.id {
            case 1: try r.expect(field, .i32, "page type"); type = try r.readI32()
            case 2: try r.expect(field, .i32, "uncompressed_page_size"); uncompressedPageSize = try r.readI32()
            case 3: try r.expect(field, .i32, "compressed_page_size"); compressedPageSize = try r.readI32()
            case 5:
                try r.expect(field, .structure, "data_page_header")
                var header = DataPageHeader()
                try r.readStruct { r, f in
                    switch f.id {
                    case 1: try r.expect(f, .i32, "num_values"); header.numValues = try r.readI32()
                    case 2: try r.expect(f, .i32, "encoding"); header.encoding = try r.readI32()
                    case 3: try r.expect(f, .i32, "definition_level_encoding"); header.definitionLevelEncoding = try r.readI32()
                    case 4: try r.expect(f, .i32, "repetition_level_encoding"); header.repetitionLevelEncoding = try r.readI32()
                    default: try r.skip(f.type)
                    }
                }
                dataPage = header
            case 7:
                try r.expect(field, .structure, "dictionary_page_header")
                var header = DictionaryPageHeader()
                try r.readStruct { r, f in
                    switch f.id {
                    case 1: try r.expect(f, .i32, "num_values"); header.numValues = try r.readI32()
                    case 2: try r.expect(f, .i32, "encoding"); header.encoding = try r.readI32()
                    default: try r.skip(f.type)
                    }
                }
                dictionaryPage = header
            case 8:
                try r.expect(field, .structure, "data_page_header_v2")
                var header = DataPageHeaderV2()
                try r.readStruct { r, f in
                    switch f.id {
                    case 1: try r.expect(f, .i32, "num_values"); header.numValues = try r.readI32()
                    case 2: try r.expect(f, .i32, "num_nulls"); header.numNulls = try r.readI32()
                    case 3: try r.expect(f, .i32, "num_rows"); header.numRows = try r.readI32()
                    case 4: try r.expect(f, .i32, "encoding"); header.encoding = try r.readI32()
                    case 5: try r.expect(f, .i32, "definition_levels_byte_length"); header.definitionLevelsByteLength = try r.readI32()
                    case 6: try r.expect(f, .i32, "repetition_levels_byte_length"); header.repetitionLevelsByteLength = try r.readI32()
                    case 7: try r.expect(f, .boolTrue, "is_compressed"); header.isCompressed = f.boolValue
                    default: try r.skip(f.type)
                    }
                }
                dataPageV2 = header
            default: try r.skip(field.type)
            }
        }
    }
}
