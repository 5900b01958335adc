import Testing
@testable import SynthData

@Suite("Parquet encodings and codecs")
struct ParquetEncodingTests {
    static func sampleBytes(_ n: Int, seed: UInt64, repetitive: Bool) -> [UInt8] {
        var rng = ParquetFuzzTests.SplitMix(state: seed)
        if !repetitive { return (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        let words = ["alpha,", "beta;", "gamma ", "2013-01-01", "\u{0}\u{0}\u{0}\u{0}"].map { Array($0.utf8) }
        var out: [UInt8] = []
        while out.count < n { out += words[Int.random(in: 0..<words.count, using: &rng)] }
        return Array(out.prefix(n))
    }

    @Test("snappy compress → decompress is the identity", arguments: [0, 1, 7, 100, 65_536, 70_001, 300_000])
    func snappyRoundTrip(size: Int) throws {
        for repetitive in [true, false] {
            let input = Self.sampleBytes(size, seed: UInt64(size), repetitive: repetitive)
            let compressed = input.withUnsafeBytes { Snappy.compress($0) }
            let back = try compressed.withUnsafeBytes { try Snappy.decompress($0, expectedSize: size) }
            #expect(back == input)
            if repetitive, size >= 65_536 { #expect(compressed.count < size / 3) }
        }
    }

    @Test("corrupt snappy data throws")
    func snappyCorrupt() throws {
        let input = Self.sampleBytes(10_000, seed: 3, repetitive: true)
        var compressed = input.withUnsafeBytes { Snappy.compress($0) }
        #expect(throws: ParquetError.self) { try compressed.withUnsafeBytes { try Snappy.decompress($0, expectedSize: 9_999) } }
        compressed.removeLast(5)
        #expect(throws: ParquetError.self) { try compressed.withUnsafeBytes { try Snappy.decompress($0) } }
        // A copy whose offset reaches before the start of the output.
        let badCopy: [UInt8] = [8, 0b0000_0001 | (0 << 2), 0x10]
        #expect(throws: ParquetError.self) { try badCopy.withUnsafeBytes { try Snappy.decompress($0) } }
    }

    @Test("gzip and zstd page codecs round trip", arguments: [ParquetCompression.gzip, .zstd])
    func zlibAndZstd(codec: ParquetCompression) throws {
        let input = Self.sampleBytes(50_000, seed: 9, repetitive: true)
        let compressed = try PageCodec.compress(codec, input)
        #expect(compressed.count < input.count)
        let back = try compressed.withUnsafeBytes { try PageCodec.decompress(codec, $0, uncompressedSize: input.count) }
        #expect(back == input)
        #expect(throws: ParquetError.self) {
            try compressed.withUnsafeBytes { try PageCodec.decompress(codec, $0, uncompressedSize: input.count + 1) }
        }
    }

    @Test("RLE / bit-packed hybrid round trips at every bit width", arguments: [1, 2, 3, 7, 8, 13, 20, 31, 32])
    func rleRoundTrip(bitWidth: Int) throws {
        var rng = ParquetFuzzTests.SplitMix(state: UInt64(bitWidth))
        let maxValue: UInt32 = bitWidth == 32 ? .max : (1 << UInt32(bitWidth)) - 1
        var values: [UInt32] = []
        while values.count < 5_003 {
            let v = UInt32.random(in: 0...maxValue, using: &rng)
            let run = Bool.random(using: &rng) ? Int.random(in: 1...40, using: &rng) : 1
            values += [UInt32](repeating: v, count: run)
        }
        var writer = ByteWriter()
        values.withUnsafeBufferPointer { RLEHybrid.encode($0, bitWidth: bitWidth, into: &writer) }
        var decoded = [UInt32](repeating: 0, count: values.count)
        try writer.bytes.withUnsafeBytes { data in
            try decoded.withUnsafeMutableBufferPointer { try RLEHybrid.decode(data, bitWidth: bitWidth, count: values.count, into: $0.baseAddress!) }
        }
        #expect(decoded == values)
        // Asking for more values than the runs hold is an error, not an over-read.
        var tooMany = [UInt32](repeating: 0, count: values.count + 100)
        #expect(throws: ParquetError.self) {
            try writer.bytes.withUnsafeBytes { data in
                try tooMany.withUnsafeMutableBufferPointer { try RLEHybrid.decode(data, bitWidth: bitWidth, count: values.count + 100, into: $0.baseAddress!) }
            }
        }
    }

    @Test("DELTA_BINARY_PACKED decodes a hand-built block")
    func deltaBinaryPacked() throws {
        // block 128, 4 miniblocks, 5 values, first value 7; deltas 1, 2, -1, 3 → min delta -1, widths 3.
        var w = ByteWriter()
        w.writeULEB128(128); w.writeULEB128(4); w.writeULEB128(5); w.writeZigZag(7)
        w.writeZigZag(-1)
        for _ in 0..<4 { w.writeByte(3) }
        let packed: [UInt32] = [2, 3, 0, 4] + [UInt32](repeating: 0, count: 28)
        packed.withUnsafeBufferPointer { BitUnpacking.pack($0, bitWidth: 3, into: &w) }
        let (values, _) = try w.bytes.withUnsafeBytes { try DeltaBinaryPacked.decode($0, count: 5) }
        #expect(values == [7, 8, 10, 9, 12])
        #expect(throws: ParquetError.self) { try w.bytes.withUnsafeBytes { try DeltaBinaryPacked.decode($0, count: 6) } }
    }

    @Test("BYTE_STREAM_SPLIT reassembles values")
    func byteStreamSplit() throws {
        let values: [Float] = [1.5, -2.25, 1e-3]
        let raw = values.withUnsafeBytes { Array($0) }
        var split = [UInt8](repeating: 0, count: raw.count)
        for i in 0..<3 { for k in 0..<4 { split[k * 3 + i] = raw[i * 4 + k] } }
        let decoded = try split.withUnsafeBytes { try ByteStreamSplit.decode($0, type: .float, typeLength: 0, count: 3) }
        guard case .float(let back) = decoded else { Issue.record("wrong type"); return }
        #expect(back == values)
    }

    @Test("Thrift compact writer output reads back; skipping unknown fields works")
    func thriftRoundTrip() throws {
        var w = ThriftCompactWriter()
        w.beginStruct()
        w.writeI32(1, 3)
        w.writeI32(2, 100)
        w.writeI32(3, 60)
        w.writeString(4, "unknown field, skipped")   // id 4 is not a PageHeader field we read
        w.beginStructField(5)
        w.writeI32(1, 42)
        w.writeI32(2, ParquetEncoding.rleDictionary.rawValue)
        w.endStruct()
        w.writeI64(40, -5)                             // a long field-id jump (non-delta header)
        w.endStruct()
        let header = try w.output.bytes.withUnsafeBytes { bytes in
            var reader = ThriftCompactReader(ByteCursor(bytes, context: "test"))
            return try PageHeader(thrift: &reader)
        }
        #expect(header.type == 3 && header.uncompressedPageSize == 100 && header.compressedPageSize == 60)
        #expect(header.dataPage?.numValues == 42)
        #expect(header.dataPage?.encoding == ParquetEncoding.rleDictionary.rawValue)
    }

    @Test("ARROW:schema written by synth parses back (units and zones)")
    func arrowSchema() {
        let text = ArrowSchemaMetadata.encode(columns: [
            ("a", .int64), ("t", .timestamp(unit: .microseconds, timeZone: "Europe/Zurich")),
            ("s", .timestamp(unit: .seconds, timeZone: nil)), ("x", .string),
        ])
        let fields = ArrowSchemaMetadata.timestampFields(base64: text)
        #expect(fields == ["t": .init(unit: .microseconds, timeZone: "Europe/Zurich"), "s": .init(unit: .seconds, timeZone: nil)])
        #expect(Base64.decode(Base64.encode([1, 2, 3, 4, 5])) == [1, 2, 3, 4, 5])
    }
}
