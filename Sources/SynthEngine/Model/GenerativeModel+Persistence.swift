import Foundation
import SynthData

/// Model file format, version 1 (all integers little-endian):
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `SYNTHMDL` |
/// | 4 | format version (UInt32) |
/// | 8 | header length L (UInt64) |
/// | L | header: JSON of sub-columns, settings, summary, architecture |
/// | 8 | parameter count P (UInt64) |
/// | 4·P | parameters, Float32 bit patterns |
/// | 8 | FNV-1a 64 checksum of every byte before it |
extension GenerativeModel {
    static let fileMagic: [UInt8] = Array("SYNTHMDL".utf8)
    /// The format version this build writes and reads.
    public static let fileFormatVersion: UInt32 = 1

    struct FileHeader: Codable {
        var subColumns: [SubColumnInfo]
        var settings: ModelSettings
        var summary: TrainingSummary
        var architecture: ModelArchitecture
    }

    /// The model as the bytes of a model file.
    public func serialized() throws -> [UInt8] {
        let header = FileHeader(subColumns: subColumns, settings: settings, summary: summary, architecture: architecture)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var out = [UInt8]()
        out.reserveCapacity(36 + json.count + parameters.count * 4)
        out.append(contentsOf: Self.fileMagic)
        LittleEndianBytes.append(Self.fileFormatVersion, to: &out)
        LittleEndianBytes.append(UInt64(json.count), to: &out)
        out.append(contentsOf: json)
        LittleEndianBytes.append(UInt64(parameters.count), to: &out)
        for p in parameters { LittleEndianBytes.append(p.bitPattern, to: &out) }
        LittleEndianBytes.append(FNV1a.hash(out[...]), to: &out)
        return out
    }

    /// Writes the model to `path`, replacing it, through `AtomicFileWriter` (a reader never
    /// sees half a file; a failed write leaves none).
    public func save(to path: String) throws {
        let bytes = try serialized()
        do {
            try AtomicFileWriter.write(bytes, to: path, replace: true)
        } catch {
            throw ModelError.fileIO(path: path, reason: "\(error)")
        }
    }

    /// Reads a model written by `save(to:)`. Throws `ModelError.badModelFile` for anything
    /// that is not an intact model file of a supported version, and for a file larger than
    /// `maximumBytes` (checked before it is read).
    public static func load(from path: String, maximumBytes: Int = .max) throws -> GenerativeModel {
        try deserialize(ModelFileReader.bytes(at: path, maximumBytes: maximumBytes), path: path)
    }

    /// The largest model file that can belong to these sub-columns (any model size, with room
    /// for the header); `nil` when no model of them could be stored at all.
    public static func maximumFileBytes(subColumns: [SubColumnInfo]) -> Int? {
        guard let parameters = ModelArchitecture.maximumParameterCount(cardinalities: subColumns.map(\.cardinality)),
              parameters <= Int.max / 8
        else { return nil }
        return 36 + (64 << 20) + 4 * parameters
    }

    /// Decodes the bytes of a model file; `path` only names it in errors.
    public static func deserialize(_ bytes: [UInt8], path: String = "<memory>") throws -> GenerativeModel {
        func bad(_ reason: String) -> ModelError { .badModelFile(path: path, reason: reason) }
        guard bytes.count >= 8, Array(bytes[0..<8]) == fileMagic else {
            throw bytes.count < 8 ? bad("too short (\(bytes.count) bytes)") : bad("wrong magic bytes (not a synth model)")
        }
        guard bytes.count >= 8 + 4 + 8 + 8 + 8 else { throw bad("too short (\(bytes.count) bytes)") }
        var cursor = 8
        let version: UInt32 = LittleEndianBytes.read(bytes, &cursor)
        guard version == fileFormatVersion else {
            throw bad("format version \(version) is not supported (this build reads version \(fileFormatVersion))")
        }
        let stored: UInt64 = bytes.withUnsafeBytes { raw in
            var v: UInt64 = 0
            withUnsafeMutableBytes(of: &v) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[(bytes.count - 8)...])) }
            return UInt64(littleEndian: v)
        }
        guard FNV1a.hash(bytes[0..<(bytes.count - 8)]) == stored else { throw bad("checksum mismatch (file is damaged)") }
        let headerLength: UInt64 = LittleEndianBytes.read(bytes, &cursor)
        guard headerLength <= UInt64(bytes.count - cursor - 16) else { throw bad("header length \(headerLength) exceeds the file") }
        let headerEnd = cursor + Int(headerLength)
        let header: FileHeader
        do {
            // The architecture may declare no more parameters than the rest of the file holds,
            // checked before any of its layout is allocated.
            let decoder = JSONDecoder()
            decoder.userInfo[ModelArchitecture.parameterLimitKey] = (bytes.count - headerEnd - 16) / 4
            header = try decoder.decode(FileHeader.self, from: Data(bytes[cursor..<headerEnd]))
        } catch {
            throw bad("unreadable header: \(error)")
        }
        cursor = headerEnd
        let count: UInt64 = LittleEndianBytes.read(bytes, &cursor)
        guard count == UInt64(header.architecture.parameterCount) else {
            throw bad("\(count) parameters stored, the architecture needs \(header.architecture.parameterCount)")
        }
        guard UInt64(bytes.count - cursor - 8) == count * 4 else { throw bad("parameter block has the wrong length") }
        guard header.subColumns.count == header.architecture.subColumnCount,
              zip(header.subColumns, header.architecture.cardinalities).allSatisfy({ $0.cardinality == $1 }),
              header.subColumns.map(\.columnIndex) == header.architecture.columnOfSubColumn
        else { throw bad("sub-columns disagree with the architecture") }
        var params = [Float](repeating: 0, count: Int(count))
        for i in 0..<Int(count) {
            let bits: UInt32 = LittleEndianBytes.read(bytes, &cursor)
            params[i] = Float(bitPattern: bits)
        }
        guard params.allSatisfy(\.isFinite) else { throw bad("non-finite parameters") }
        return GenerativeModel(subColumns: header.subColumns, settings: header.settings, summary: header.summary,
                               architecture: header.architecture, parameters: params)
    }

}
