/// The Parquet footer (`FileMetaData`) and the parts of it this reader uses.
struct FileMetadata {
    var version: Int32 = 0
    var schema: [SchemaElement] = []
    var numRows: Int64 = 0
    var rowGroups: [RowGroup] = []
    var keyValueMetadata: [(key: String, value: String?)] = []
    var createdBy: String?
}

/// One node of the flattened schema tree (depth-first, root first).
struct SchemaElement {
    var type: ParquetPhysicalType?
    var typeLength: Int32?
    var repetition: ParquetRepetition?
    var name: String = ""
    var numChildren: Int32 = 0
    var convertedType: ParquetConvertedType?
    var scale: Int32?
    var precision: Int32?
    var logicalType: ParquetLogicalType?
}

struct RowGroup {
    var columns: [ColumnChunk] = []
    var totalByteSize: Int64 = 0
    var numRows: Int64 = 0
}

struct ColumnChunk {
    var filePath: String?
    var fileOffset: Int64 = 0
    var metadata: ColumnMetadata?
}

struct ColumnMetadata {
    var type: ParquetPhysicalType = .boolean
    var encodings: [Int32] = []
    var pathInSchema: [String] = []
    var codecRaw: Int32 = 0
    var numValues: Int64 = 0
    var totalUncompressedSize: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?
    var statistics: ParquetStatistics?
}

/// Column statistics as stored (min/max are PLAIN-encoded values).
struct ParquetStatistics {
    var max: [UInt8]?
    var min: [UInt8]?
    var nullCount: Int64?
    var distinctCount: Int64?
    var maxValue: [UInt8]?
    var minValue: [UInt8]?
}

/// A page header (`PageHeader` and its per-kind sub-headers).
struct PageHeader {
    var type: Int32 = -1
    var uncompressedPageSize: Int32 = 0
    var compressedPageSize: Int32 = 0
    var dataPage: DataPageHeader?
    var dictionaryPage: DictionaryPageHeader?
    var dataPageV2: DataPageHeaderV2?
}

struct DataPageHeader {
    var numValues: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = 3
    var repetitionLevelEncoding: Int32 = 3
}

struct DictionaryPageHeader {
    var numValues: Int32 = 0
    var encoding: Int32 = 0
}

struct DataPageHeaderV2 {
    var numValues: Int32 = 0
    var numNulls: Int32 = 0
    var numRows: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    var isCompressed: Bool = true
}
