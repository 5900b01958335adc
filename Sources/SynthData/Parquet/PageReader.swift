import CZstd

/// Reads the pages of one column chunk — dictionary page, then data pages v1/v2 — and feeds
/// the decoded values to a `ColumnAccumulator`.
///
/// All offsets and sizes from the footer and page headers are checked against the file.
struct PageReader {
    let file: UnsafeRawBufferPointer
    let leaf: LeafColumn
    let chunk: ColumnChunk
    let rowGroupRows: Int
    /// The file offset of `file`'s first byte (0 when `file` is the whole file; a row group's
    /// first chunk when only that group was read).
    var fileOffset = 0

    private func corrupt(_ detail: String) -> ParquetError { .corrupt("column '\(leaf.name)': \(detail)") }

    func read(into accumulator: inout ColumnAccumulator) throws {
        guard let meta = chunk.metadata else { throw corrupt("column chunk without metadata") }
        guard chunk.filePath == nil || chunk.filePath == "" else {
            throw ParquetError.unsupported(column: leaf.name, feature: "column data in another file ('\(chunk.filePath ?? "")')")
        }
        guard let codec = ParquetCompression(rawValue: meta.codecRaw) else {
            throw ParquetError.unsupported(column: leaf.name, feature: "compression codec #\(meta.codecRaw)")
        }
        guard PageCodec.supported.contains(codec) else {
            throw ParquetError.unsupported(column: leaf.name, feature:
                "compression codec \(codec) (supported: \(PageCodec.supported.map(\.description).joined(separator: ", ")))")
        }
        guard meta.type == leaf.physicalType else {
            throw corrupt("chunk type \(meta.type) differs from the schema type \(leaf.physicalType)")
        }
        // A row group without rows has no values to read, whatever its chunk metadata says:
        // pyarrow writes such a chunk with data page offset 0 (no data page at all).
        guard rowGroupRows > 0 else { return }
        var start = meta.dataPageOffset
        if let dictionaryOffset = meta.dictionaryPageOffset, dictionaryOffset > 0, dictionaryOffset < start {
            start = dictionaryOffset
        }
        let length = meta.totalCompressedSize
        let local = start - Int64(fileOffset)
        guard start >= 4, length >= 0, local >= 0, local <= Int64(file.count), length <= Int64(file.count) - local else {
            throw corrupt("column chunk bytes \(start)..<\(start &+ length) lie outside the file (\(file.count + fileOffset) bytes)")
        }
        let bytes = UnsafeRawBufferPointer(rebasing: file[Int(local)..<Int(local + length)])
        var position = 0
        var dictionary: DenseValues?
        var rowsRead = 0
        while rowsRead < rowGroupRows {
            guard position < bytes.count else {
                throw corrupt("column chunk ends after \(rowsRead) of \(rowGroupRows) rows")
            }
            var thrift = ThriftCompactReader(ByteCursor(bytes, position: position, context: "page header of column '\(leaf.name)'"))
            let header = try PageHeader(thrift: &thrift)
            position = thrift.position
            let compressedSize = Int(header.compressedPageSize)
            let uncompressedSize = Int(header.uncompressedPageSize)
            guard compressedSize >= 0, compressedSize <= bytes.count - position, uncompressedSize >= 0 else {
                throw corrupt("page of \(compressedSize) bytes at offset \(start + Int64(position)) runs past its column chunk")
            }
            let body = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + compressedSize)])
            position += compressedSize
            switch ParquetPageType(rawValue: header.type) {
            case .dictionaryPage:
                guard let dictionaryHeader = header.dictionaryPage else { throw corrupt("dictionary page without its header") }
                let encoding = ParquetEncoding(rawValue: dictionaryHeader.encoding)
                guard encoding == .plain || encoding == .plainDictionary else {
                    throw ParquetError.unsupported(column: leaf.name, feature: "dictionary page encoding \(dictionaryHeader.encoding)")
                }
                let data = try decompress(codec, body, uncompressedSize: uncompressedSize)
                let count = Int(dictionaryHeader.numValues)
                guard count >= 0 else { throw corrupt("negative dictionary size") }
                dictionary = try data.withUnsafeBytes {
                    try PlainDecoding.decode($0, type: leaf.physicalType, typeLength: leaf.typeLength, count: count)
                }
            case .dataPage:
                guard let dataHeader = header.dataPage else { throw corrupt("data page without its header") }
                let rows = try pageRows(Int(dataHeader.numValues), read: rowsRead)
                let data = try decompress(codec, body, uncompressedSize: uncompressedSize)
                try data.withUnsafeBytes { data in
                    var cursor = ByteCursor(data, context: "data page of column '\(leaf.name)'")
                    var present: [Bool]?
                    if leaf.maxDefinitionLevel > 0 {
                        guard dataHeader.definitionLevelEncoding == ParquetEncoding.rle.rawValue else {
                            throw ParquetError.unsupported(column: leaf.name,
                                feature: "definition level encoding \(ParquetEncoding(rawValue: dataHeader.definitionLevelEncoding)?.description ?? "#\(dataHeader.definitionLevelEncoding)")")
                        }
                        let levelBytes = Int(try cursor.readLE(UInt32.self))
                        present = try definitionLevels(try cursor.readBytes(levelBytes), rows: rows)
                    }
                    let values = UnsafeRawBufferPointer(rebasing: data[cursor.position...])
                    try decodeValues(values, encoding: dataHeader.encoding, rows: rows, present: present,
                                     dictionary: dictionary, into: &accumulator)
                }
                rowsRead += rows
            case .dataPageV2:
                guard let v2 = header.dataPageV2 else { throw corrupt("data page v2 without its header") }
                let rows = try pageRows(Int(v2.numValues), read: rowsRead)
                let repLength = Int(v2.repetitionLevelsByteLength), defLength = Int(v2.definitionLevelsByteLength)
                guard repLength >= 0, defLength >= 0, repLength + defLength <= body.count,
                      repLength + defLength <= uncompressedSize else {
                    throw corrupt("data page v2 level sizes (\(repLength) + \(defLength)) exceed the page")
                }
                var present: [Bool]?
                if leaf.maxDefinitionLevel > 0 {
                    present = try definitionLevels(
                        UnsafeRawBufferPointer(rebasing: body[repLength..<(repLength + defLength)]), rows: rows)
                }
                let compressedValues = UnsafeRawBufferPointer(rebasing: body[(repLength + defLength)...])
                let valuesSize = uncompressedSize - repLength - defLength
                let values = v2.isCompressed ? try decompress(codec, compressedValues, uncompressedSize: valuesSize)
                    : try decompress(.uncompressed, compressedValues, uncompressedSize: valuesSize)
                try values.withUnsafeBytes {
                    try decodeValues($0, encoding: v2.encoding, rows: rows, present: present,
                                     dictionary: dictionary, into: &accumulator)
                }
                rowsRead += rows
            default:
                continue  // index pages and unknown page kinds carry no values
            }
        }
    }

    private func pageRows(_ numValues: Int, read: Int) throws -> Int {
        guard numValues >= 0, numValues <= rowGroupRows - read else {
            throw corrupt("page holds \(numValues) values, only \(rowGroupRows - read) rows remain in the row group")
        }
        return numValues
    }

    private func decompress(_ codec: ParquetCompression, _ body: UnsafeRawBufferPointer,
                            uncompressedSize: Int) throws -> [UInt8] {
        // Bound what a corrupt header can make us allocate.
        switch codec {
        case .gzip:
            guard uncompressedSize <= body.count &* 1100 &+ (1 << 16) else {
                throw corrupt("gzip page claims \(uncompressedSize) bytes from \(body.count)")
            }
        case .zstd:
            if let base = body.baseAddress {
                let frameSize = ZSTD_getFrameContentSize(base, body.count)
                if frameSize < UInt64.max - 1, frameSize != UInt64(uncompressedSize),
                   ZSTD_findFrameCompressedSize(base, body.count) == body.count {
                    throw corrupt("zstd page holds \(frameSize) bytes, header says \(uncompressedSize)")
                }
            }
            guard uncompressedSize <= body.count &* 32768 &+ (1 << 20) else {
                throw corrupt("zstd page claims \(uncompressedSize) bytes from \(body.count)")
            }
        default: break
        }
        do {
            return try PageCodec.decompress(codec, body, uncompressedSize: uncompressedSize)
        } catch let ParquetError.corrupt(detail) {
            throw corrupt(detail)
        }
    }

    /// Decodes RLE definition levels into per-row presence flags.
    private func definitionLevels(_ data: UnsafeRawBufferPointer, rows: Int) throws -> [Bool] {
        let bitWidth = RLEHybrid.bitWidth(forMax: UInt64(leaf.maxDefinitionLevel))
        var levels = [UInt32](repeating: 0, count: rows)
        try levels.withUnsafeMutableBufferPointer {
            guard let base = $0.baseAddress else { return }
            try RLEHybrid.decode(data, bitWidth: bitWidth, count: rows, into: base)
        }
        let maxLevel = UInt32(leaf.maxDefinitionLevel)
        var present = [Bool](repeating: false, count: rows)
        for i in 0..<rows {
            guard levels[i] <= maxLevel else { throw corrupt("definition level \(levels[i]) above the maximum \(maxLevel)") }
            present[i] = levels[i] == maxLevel
        }
        return present
    }

    private func decodeValues(_ data: UnsafeRawBufferPointer, encoding raw: Int32, rows: Int, present: [Bool]?,
                              dictionary: DenseValues?, into accumulator: inout ColumnAccumulator) throws {
        let count = present.map { flags in flags.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? rows
        guard let encoding = ParquetEncoding(rawValue: raw) else {
            throw ParquetError.unsupported(column: leaf.name, feature: "value encoding #\(raw)")
        }
        let type = leaf.physicalType
        let values: DenseValues
        switch encoding {
        case .plain:
            values = try PlainDecoding.decode(data, type: type, typeLength: leaf.typeLength, count: count)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else { throw corrupt("dictionary-encoded page without a dictionary page") }
            var cursor = ByteCursor(data, context: "dictionary indices of column '\(leaf.name)'")
            let bitWidth = Int(try cursor.readByte())
            var indices = [UInt32](repeating: 0, count: count)
            let rest = UnsafeRawBufferPointer(rebasing: data[cursor.position...])
            try indices.withUnsafeMutableBufferPointer {
                guard let base = $0.baseAddress else { return }
                try RLEHybrid.decode(rest, bitWidth: bitWidth, count: count, into: base)
            }
            try withPresence(present) { try accumulator.append(indices: indices, dictionary: dictionary, present: $0) }
            return
        case .rle:
            guard type == .boolean else { throw unsupportedEncoding(encoding) }
            var cursor = ByteCursor(data, context: "RLE booleans of column '\(leaf.name)'")
            let length = Int(try cursor.readLE(UInt32.self))
            let runs = try cursor.readBytes(length)
            var raw = [UInt32](repeating: 0, count: count)
            try raw.withUnsafeMutableBufferPointer {
                guard let base = $0.baseAddress else { return }
                try RLEHybrid.decode(runs, bitWidth: 1, count: count, into: base)
            }
            values = .bool(raw.map { $0 != 0 })
        case .deltaBinaryPacked:
            let (decoded, _) = try DeltaBinaryPacked.decode(data, count: count)
            switch type {
            case .int32: values = .int32(decoded.map { Int32(truncatingIfNeeded: $0) })
            case .int64: values = .int64(decoded)
            default: throw unsupportedEncoding(encoding)
            }
        case .deltaLengthByteArray:
            guard type == .byteArray else { throw unsupportedEncoding(encoding) }
            values = .bytes(try DeltaByteArrays.decodeDeltaLength(data, count: count).values)
        case .deltaByteArray:
            guard type == .byteArray || type == .fixedLenByteArray else { throw unsupportedEncoding(encoding) }
            values = .bytes(try DeltaByteArrays.decodeDeltaByteArray(data, count: count))
        case .byteStreamSplit:
            values = try ByteStreamSplit.decode(data, type: type, typeLength: leaf.typeLength, count: count)
        case .bitPacked:
            throw unsupportedEncoding(encoding)
        }
        guard values.count == count else { throw corrupt("page decoded \(values.count) values, expected \(count)") }
        if type == .fixedLenByteArray, case .bytes(let arrays) = values {
            for i in 0..<arrays.count where arrays.offsets[i + 1] - arrays.offsets[i] != leaf.typeLength {
                throw corrupt("FIXED_LEN_BYTE_ARRAY value of the wrong length")
            }
        }
        try withPresence(present) { try accumulator.append(values, present: $0) }
    }

    private func withPresence(_ present: [Bool]?, _ body: (UnsafeBufferPointer<Bool>?) throws -> Void) throws {
        if let present {
            try present.withUnsafeBufferPointer { try body($0) }
        } else {
            try body(nil)
        }
    }

    private func unsupportedEncoding(_ encoding: ParquetEncoding) -> ParquetError {
        .unsupported(column: leaf.name, feature: "\(encoding) encoding for \(leaf.physicalType) values")
    }
}
