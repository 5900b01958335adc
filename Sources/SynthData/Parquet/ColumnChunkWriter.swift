/// A fixed-width value type the writer stores (INT32, INT64, DOUBLE).
protocol ParquetFixedValue: Comparable {
    /// A 64-bit key that is equal exactly when the stored bytes are equal.
    var interningKey: UInt64 { get }
    init(interningKey: UInt64)
    /// Whether the value takes part in min/max statistics (NaN does not).
    var isOrdered: Bool { get }
}

extension Int32: ParquetFixedValue {
    var interningKey: UInt64 { UInt64(UInt32(bitPattern: self)) }
    init(interningKey: UInt64) { self = Int32(bitPattern: UInt32(truncatingIfNeeded: interningKey)) }
    var isOrdered: Bool { true }
}

extension Int64: ParquetFixedValue {
    var interningKey: UInt64 { UInt64(bitPattern: self) }
    init(interningKey: UInt64) { self = Int64(bitPattern: interningKey) }
    var isOrdered: Bool { true }
}

extension Double: ParquetFixedValue {
    var interningKey: UInt64 { bitPattern }
    init(interningKey: UInt64) { self = Double(bitPattern: interningKey) }
    var isOrdered: Bool { !isNaN }
}

/// A column's values in the form they are stored, for the whole table.
enum WriterColumnData {
    case bool([Bool])
    case int32([Int32])
    case int64([Int64])
    case double([Double])
    case bytes(StringArray)
}

/// One encoded column chunk: page bytes plus what its footer entry needs.
struct EncodedChunk {
    var bytes: [UInt8] = []
    var dictionaryPageOffset: Int?
    var dataPageOffset = 0
    var totalUncompressedSize = 0
    var encodings: [ParquetEncoding] = []
    var numValues = 0
    var statistics = ParquetStatistics()
}

/// Encodes a range of rows of one column as a column chunk: an optional dictionary page and
/// data pages (v1) with RLE definition levels and PLAIN or RLE_DICTIONARY values.
struct ColumnChunkWriter {
    let data: WriterColumnData
    let validity: ValidityBitmap?
    let options: ParquetWriteOptions

    func encode(rows: Range<Int>) throws -> EncodedChunk {
        var chunk = EncodedChunk()
        chunk.numValues = rows.count
        // Every column is OPTIONAL, so definition levels are always written.
        var flags = [Bool](repeating: true, count: rows.count)
        var nullCount = 0
        if let validity {
            for (i, row) in rows.enumerated() where !validity.isValid(row) {
                flags[i] = false
                nullCount += 1
            }
        }
        let present: [Bool]? = flags
        chunk.statistics.nullCount = Int64(nullCount)
        switch data {
        case .bool(let values):
            let dense = Self.dense(values, rows: rows, present: present)
            if !dense.isEmpty {
                chunk.statistics.minValue = [dense.allSatisfy { $0 } ? 1 : 0]
                chunk.statistics.maxValue = [dense.contains(true) ? 1 : 0]
            }
            try writePages(&chunk, rows: rows.count, present: present, dictionaryIndices: nil, dictionaryBitWidth: 0) { range, out in
                var packed = ByteWriter(capacity: range.count / 8 + 1)
                var byte: UInt8 = 0
                for (k, i) in range.enumerated() {
                    if dense[i] { byte |= 1 << UInt8(k & 7) }
                    if k & 7 == 7 { packed.writeByte(byte); byte = 0 }
                }
                if range.count & 7 != 0 { packed.writeByte(byte) }
                out.write(packed.bytes)
            }
        case .int32(let values): try encodeFixed(values, rows: rows, present: present, into: &chunk)
        case .int64(let values): try encodeFixed(values, rows: rows, present: present, into: &chunk)
        case .double(let values): try encodeFixed(values, rows: rows, present: present, into: &chunk)
        case .bytes(let strings): try encodeBytes(strings, rows: rows, present: present, into: &chunk)
        }
        return chunk
    }

    private static func dense<T>(_ values: [T], rows: Range<Int>, present: [Bool]?) -> [T] {
        guard let present, present.contains(false) else { return Array(values[rows]) }
        var result: [T] = []
        result.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() where present[i] { result.append(values[row]) }
        return result
    }

    private static func plainBytes<T>(_ values: UnsafeBufferPointer<T>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(values) }

    private static func statistic<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    private static func statistic<T: ParquetFixedValue>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }

    private func encodeFixed<T: ParquetFixedValue>(_ values: [T], rows: Range<Int>, present: [Bool]?,
                                                  into chunk: inout EncodedChunk) throws {
        let dense = Self.dense(values, rows: rows, present: present)
        // Dictionary attempt; abandoned when the column turns out to have too many distinct values.
        var interner: ValueInterner?
        var indices: [UInt32] = []
        if options.dictionary, !dense.isEmpty {
            var candidate = ValueInterner(capacity: 1024)
            indices.reserveCapacity(dense.count)
            var abandoned = false
            for (i, value) in dense.enumerated() {
                indices.append(candidate.index(of: value.interningKey))
                if candidate.count > options.dictionaryLimit || (i == 4095 && candidate.count > 2048) {
                    abandoned = true
                    break
                }
            }
            if !abandoned, candidate.count * 2 <= dense.count || candidate.count <= 16 { interner = candidate }
        }
        let orderedSource: [T] = interner.map { $0.keys.map { T(interningKey: $0) } } ?? dense
        var lo: T?, hi: T?
        for value in orderedSource where value.isOrdered {
            if lo.map({ value < $0 }) ?? true { lo = value }
            if hi.map({ value > $0 }) ?? true { hi = value }
        }
        if let lo, let hi {
            chunk.statistics.minValue = Self.statistic(lo)
            chunk.statistics.maxValue = Self.statistic(hi)
        }
        if let interner {
            let dictionary = interner.keys.map { T(interningKey: $0) }
            try writeDictionaryPage(&chunk, count: dictionary.count) { out in
                dictionary.withUnsafeBufferPointer { out.write(Self.plainBytes($0)) }
            }
            let bitWidth = RLEHybrid.bitWidth(forMax: UInt64(max(interner.count - 1, 0)))
            try writePages(&chunk, rows: rows.count, present: present, dictionaryIndices: indices, dictionaryBitWidth: bitWidth) { _, _ in }
        } else {
            try dense.withUnsafeBufferPointer { dense in
                try writePages(&chunk, rows: rows.count, present: present, dictionaryIndices: nil, dictionaryBitWidth: 0) { range, out in
                    out.write(Self.plainBytes(UnsafeBufferPointer(rebasing: dense[range])))
                }
            }
        }
    }

    private func encodeBytes(_ strings: StringArray, rows: Range<Int>, present: [Bool]?, into chunk: inout EncodedChunk) throws {
        var denseRows: [Int] = []
        denseRows.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() where present?[i] ?? true { denseRows.append(row) }
        var interner: ValueInterner?
        var indices: [UInt32] = []
        strings.bytes.withUnsafeBufferPointer { all in
            if options.dictionary, !denseRows.isEmpty {
                var candidate = ValueInterner(capacity: 1024)
                indices.reserveCapacity(denseRows.count)
                var abandoned = false
                for (i, row) in denseRows.enumerated() {
                    indices.append(candidate.index(of: UnsafeBufferPointer(rebasing: all[strings.byteRange(at: row)])))
                    if candidate.count > options.dictionaryLimit || candidate.byteStore.count > 1 << 20
                        || (i == 4095 && candidate.count > 2048) {
                        abandoned = true
                        break
                    }
                }
                if !abandoned, candidate.count * 2 <= denseRows.count || candidate.count <= 16 { interner = candidate }
            }
            // Statistics: unsigned lexicographic order of the bytes (over the dictionary when there is one).
            if let interner {
                interner.byteStore.withUnsafeBufferPointer { store in
                    let ranges = (0..<interner.count).map { interner.byteOffsets[$0]..<interner.byteOffsets[$0 + 1] }
                    Self.byteStatistics(store, ranges, into: &chunk.statistics)
                }
            } else {
                Self.byteStatistics(all, denseRows.lazy.map { strings.byteRange(at: $0) }, into: &chunk.statistics)
            }
        }
        if let interner {
            try writeDictionaryPage(&chunk, count: interner.count) { out in
                interner.byteStore.withUnsafeBytes { store in
                    for index in 0..<interner.count {
                        let start = interner.byteOffsets[index], end = interner.byteOffsets[index + 1]
                        out.writeLE(UInt32(end - start))
                        out.write(UnsafeRawBufferPointer(rebasing: store[start..<end]))
                    }
                }
            }
            let bitWidth = RLEHybrid.bitWidth(forMax: UInt64(max(interner.count - 1, 0)))
            try writePages(&chunk, rows: rows.count, present: present, dictionaryIndices: indices, dictionaryBitWidth: bitWidth) { _, _ in }
        } else {
            try strings.bytes.withUnsafeBytes { all in
                try writePages(&chunk, rows: rows.count, present: present, dictionaryIndices: nil, dictionaryBitWidth: 0) { range, out in
                    for k in range {
                        let byteRange = strings.byteRange(at: denseRows[k])
                        out.writeLE(UInt32(byteRange.count))
                        out.write(UnsafeRawBufferPointer(rebasing: all[byteRange]))
                    }
                }
            }
        }
    }

    private static func byteStatistics<S: Sequence>(_ all: UnsafeBufferPointer<UInt8>, _ ranges: S,
                                                    into statistics: inout ParquetStatistics) where S.Element == Range<Int> {
        var lo: Range<Int>?, hi: Range<Int>?
        for range in ranges {
            if let current = lo { if all[range].lexicographicallyPrecedes(all[current]) { lo = range } } else { lo = range }
            if let current = hi { if all[current].lexicographicallyPrecedes(all[range]) { hi = range } } else { hi = range }
        }
        if let lo, let hi {
            statistics.minValue = Array(all[lo])
            statistics.maxValue = Array(all[hi])
        }
    }

    private func writeDictionaryPage(_ chunk: inout EncodedChunk, count: Int, _ body: (inout ByteWriter) -> Void) throws {
        var plain = ByteWriter()
        body(&plain)
        let compressed = try PageCodec.compress(options.compression, plain.bytes, level: options.compressionLevel)
        guard plain.count <= Int(Int32.max), compressed.count <= Int(Int32.max), count <= Int(Int32.max) else {
            throw ParquetError.invalidWrite("a dictionary page exceeds 2 GiB; lower dictionaryLimit")
        }
        var header = ThriftCompactWriter()
        header.beginStruct()
        header.writeI32(1, ParquetPageType.dictionaryPage.rawValue)
        header.writeI32(2, Int32(plain.count))
        header.writeI32(3, Int32(compressed.count))
        header.beginStructField(7)
        header.writeI32(1, Int32(count))
        header.writeI32(2, ParquetEncoding.plain.rawValue)
        header.endStruct()
        header.endStruct()
        chunk.dictionaryPageOffset = chunk.bytes.count
        chunk.bytes.append(contentsOf: header.output.bytes)
        chunk.bytes.append(contentsOf: compressed)
        chunk.totalUncompressedSize += header.output.count + plain.count
        chunk.encodings.append(.plain)
    }

    /// Writes data pages of at most `pageRowLimit` rows. `plainValues(range, out)` writes the
    /// PLAIN values for dense (non-null) positions `range`; with `dictionaryIndices` the values
    /// are RLE_DICTIONARY indices instead.
    private func writePages(_ chunk: inout EncodedChunk, rows: Int, present: [Bool]?, dictionaryIndices: [UInt32]?,
                            dictionaryBitWidth: Int, plainValues: (Range<Int>, inout ByteWriter) throws -> Void) throws {
        chunk.dataPageOffset = chunk.bytes.count
        chunk.encodings.append(contentsOf: [.rle, dictionaryIndices == nil ? .plain : .rleDictionary])
        let pageRows = max(1, options.pageRowLimit)
        var denseStart = 0
        var rowStart = 0
        repeat {
            let rowEnd = min(rowStart + pageRows, rows)
            var body = ByteWriter(capacity: 1 << 16)
            var denseCount = rowEnd - rowStart
            if let present {
                denseCount = 0
                var levels = [UInt32](repeating: 0, count: rowEnd - rowStart)
                for i in rowStart..<rowEnd where present[i] {
                    levels[i - rowStart] = 1
                    denseCount += 1
                }
                var encoded = ByteWriter()
                levels.withUnsafeBufferPointer { RLEHybrid.encode($0, bitWidth: 1, into: &encoded) }
                body.writeLE(UInt32(encoded.count))
                body.write(encoded.bytes)
            }
            let denseRange = denseStart..<(denseStart + denseCount)
            if let dictionaryIndices {
                body.writeByte(UInt8(dictionaryBitWidth))
                dictionaryIndices.withUnsafeBufferPointer {
                    RLEHybrid.encode(UnsafeBufferPointer(rebasing: $0[denseRange]), bitWidth: dictionaryBitWidth, into: &body)
                }
            } else {
                try plainValues(denseRange, &body)
            }
            denseStart += denseCount
            let compressed = try PageCodec.compress(options.compression, body.bytes, level: options.compressionLevel)
            guard body.count <= Int(Int32.max), compressed.count <= Int(Int32.max) else {
                throw ParquetError.invalidWrite("a data page exceeds 2 GiB; lower pageRowLimit")
            }
            var header = ThriftCompactWriter()
            header.beginStruct()
            header.writeI32(1, ParquetPageType.dataPage.rawValue)
            header.writeI32(2, Int32(body.count))
            header.writeI32(3, Int32(compressed.count))
            header.beginStructField(5)
            header.writeI32(1, Int32(rowEnd - rowStart))
            header.writeI32(2, (dictionaryIndices == nil ? ParquetEncoding.plain : .rleDictionary).rawValue)
            header.writeI32(3, ParquetEncoding.rle.rawValue)
            header.writeI32(4, ParquetEncoding.rle.rawValue)
            header.endStruct()
            header.endStruct()
            chunk.bytes.append(contentsOf: header.output.bytes)
            chunk.bytes.append(contentsOf: compressed)
            chunk.totalUncompressedSize += header.output.count + body.count
            rowStart = rowEnd
        } while rowStart < rows
    }
}
