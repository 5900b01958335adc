import CZlibShim
import CZstd

/// Compression and decompression of page bodies with the codec of a column chunk.
enum PageCodec {
    /// Codecs this reader and writer support.
    static let supported: [ParquetCompression] = [.uncompressed, .snappy, .gzip, .zstd]

    /// Decompresses one page body to exactly `uncompressedSize` bytes.
    static func decompress(_ codec: ParquetCompression, _ input: UnsafeRawBufferPointer,
                           uncompressedSize: Int) throws -> [UInt8] {
        switch codec {
        case .uncompressed:
            guard input.count == uncompressedSize else {
                throw ParquetError.corrupt("uncompressed page of \(input.count) bytes, header says \(uncompressedSize)")
            }
            return Array(input)
        case .snappy: return try Snappy.decompress(input, expectedSize: uncompressedSize)
        case .gzip: return try inflate(input, uncompressedSize: uncompressedSize)
        case .zstd: return try zstdDecompress(input, uncompressedSize: uncompressedSize)
        default:
            throw ParquetError.corrupt("codec \(codec) reached the decompressor")  // filtered out earlier
        }
    }

    /// Compresses one page body.
    static func compress(_ codec: ParquetCompression, _ input: [UInt8], level: Int32? = nil) throws -> [UInt8] {
        switch codec {
        case .uncompressed: return input
        case .snappy: return input.withUnsafeBytes { Snappy.compress($0) }
        case .gzip: return try deflate(input, level: level ?? 6)
        case .zstd: return try zstdCompress(input, level: level ?? 1)
        default: throw ParquetError.invalidWrite("compression \(codec) is not supported for writing")
        }
    }

    // MARK: zlib

    private static func inflate(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        guard uncompressedSize >= 0 else { throw ParquetError.corrupt("negative page size") }
        var stream = z_stream()
        // 15 + 32: accept both zlib and gzip headers.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ParquetError.corrupt("zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        var produced = 0
        var status: Int32 = Z_OK
        let output = [UInt8](unsafeUninitializedCapacity: max(uncompressedSize, 1)) { buffer, initialized in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            stream.avail_in = UInt32(clamping: input.count)
            stream.next_out = buffer.baseAddress
            stream.avail_out = UInt32(clamping: uncompressedSize)
            repeat {
                status = CZlibShim.inflate(&stream, Z_FINISH)
                // gzip members may be concatenated: restart on a new member while input remains.
                if status == Z_STREAM_END, stream.avail_in > 0, stream.avail_out > 0 {
                    status = inflateReset(&stream)
                }
            } while status == Z_OK && stream.avail_out > 0 && stream.avail_in > 0
            produced = uncompressedSize - Int(stream.avail_out)
            initialized = produced
        }
        guard status == Z_STREAM_END || (status == Z_OK || status == Z_BUF_ERROR) && produced == uncompressedSize else {
            throw ParquetError.corrupt("gzip page does not decompress (zlib status \(status))")
        }
        guard produced == uncompressedSize else {
            throw ParquetError.corrupt("gzip page decompressed to \(produced) bytes, header says \(uncompressedSize)")
        }
        return Array(output.prefix(produced))
    }

    private static func deflate(_ input: [UInt8], level: Int32) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: write a gzip header, as Parquet's GZIP codec expects.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ParquetError.invalidWrite("zlib could not be initialised")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(input.count))) + 32
        var status: Int32 = Z_OK
        var output = [UInt8](repeating: 0, count: bound)
        var inputCopy = input
        inputCopy.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(outBuf.count)
                status = CZlibShim.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw ParquetError.invalidWrite("gzip compression failed (zlib status \(status))") }
        output.removeLast(Int(stream.avail_out))
        return output
    }

    // MARK: zstd

    private static func zstdDecompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        guard let source = input.baseAddress else { throw ParquetError.corrupt("empty zstd page") }
        var produced = 0
        let output = [UInt8](unsafeUninitializedCapacity: max(uncompressedSize, 1)) { buffer, initialized in
            let result = ZSTD_decompress(buffer.baseAddress, uncompressedSize, source, input.count)
            produced = ZSTD_isError(result) != 0 ? -1 : result
            initialized = max(produced, 0)
        }
        guard produced == uncompressedSize else {
            throw ParquetError.corrupt(produced < 0 ? "zstd page does not decompress"
                                       : "zstd page decompressed to \(produced) bytes, header says \(uncompressedSize)")
        }
        return output
    }

    private static func zstdCompress(_ input: [UInt8], level: Int32) throws -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        var written = 0
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, initialized in
            let result = input.withUnsafeBytes { ZSTD_compress(buffer.baseAddress, bound, $0.baseAddress, $0.count, level) }
            written = ZSTD_isError(result) != 0 ? -1 : result
            initialized = max(written, 0)
        }
        guard written >= 0 else { throw ParquetError.invalidWrite("zstd compression failed") }
        return output
    }
}
