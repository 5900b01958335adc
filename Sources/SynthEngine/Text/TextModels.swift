import Foundation
import SynthData

/// The text models of a table's `text` columns, stored beside the tabular model as
/// `text.bin`:
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `SYNTHTXT` |
/// | 4 | format version (UInt32) |
/// | 8 | header length L (UInt64) |
/// | L | header: JSON of each model's column, shape, character pool, token limit, summary |
/// | 8 | parameter count P (UInt64, all models) |
/// | 4·P | parameters, Float32 bit patterns, model after model |
/// | 8 | FNV-1a 64 checksum of every byte before it |
public struct TextModels: Sendable, Hashable {
    /// One model per text column, in the table's column order.
    public var models: [TextModel]

    public init(models: [TextModel]) { self.models = models }

    /// The model of `column`.
    public func model(for column: String) -> TextModel? { models.first { $0.column == column } }

    static let fileMagic: [UInt8] = Array("SYNTHTXT".utf8)
    /// The format version this build writes and reads.
    public static let fileFormatVersion: UInt32 = 1

    struct Entry: Codable {
        var column: String
        var shape: TextModelShape
        var pool: TextCharacterPool
        var maxTokens: Int
        var summary: TextTrainingSummary
    }

    /// The models as the bytes of a `text.bin` file.
    public func serialized() throws -> [UInt8] {
        let entries = models.map { Entry(column: $0.column, shape: $0.shape, pool: $0.pool, maxTokens: $0.maxTokens, summary: $0.summary) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(entries)
        let count = models.reduce(0) { $0 + $1.parameters.count }
        var out = [UInt8]()
        out.reserveCapacity(36 + json.count + 4 * count)
        out.append(contentsOf: Self.fileMagic)
        LittleEndianBytes.append(Self.fileFormatVersion, to: &out)
        LittleEndianBytes.append(UInt64(json.count), to: &out)
        out.append(contentsOf: json)
        LittleEndianBytes.append(UInt64(count), to: &out)
        for model in models { for p in model.parameters { LittleEndianBytes.append(p.bitPattern, to: &out) } }
        LittleEndianBytes.append(FNV1a.hash(out[...]), to: &out)
        return out
    }

    /// Writes `text.bin` through `AtomicFileWriter`.
    public func save(to path: String) throws {
        do {
            try AtomicFileWriter.write(try serialized(), to: path, replace: true)
        } catch {
            throw ModelError.fileIO(path: path, reason: "\(error)")
        }
    }

    /// The largest `text.bin` a table with these sub-columns and `textColumns` text columns
    /// can have (the largest shape, with room for the header).
    public static func maximumFileBytes(subColumns: [SubColumnInfo], textColumns: Int) -> Int {
        let shape = TextModelShape(size: .large, conditionCardinalities: subColumns.map(\.cardinality))
        return 36 + (64 << 20) + textColumns * 4 * shape.parameterCount
    }

    /// Reads a `text.bin` written by `save(to:)`, checking it as it goes: a file larger than
    /// `maximumBytes` is refused before it is read; magic, version, checksum, every shape
    /// against the rest of the file, and finite parameters; anything else is
    /// `ModelError.badModelFile`.
    public static func load(from path: String, maximumBytes: Int) throws -> TextModels {
        try deserialize(ModelFileReader.bytes(at: path, maximumBytes: maximumBytes), path: path)
    }

    /// Decodes the bytes of a `text.bin`; `path` only names it in errors.
    public static func deserialize(_ bytes: [UInt8], path: String = "<memory>") throws -> TextModels {
        func bad(_ reason: String) -> ModelError { .badModelFile(path: path, reason: reason) }
        guard bytes.count >= 36, Array(bytes[0..<8]) == fileMagic else {
            throw bytes.count < 36 ? bad("too short (\(bytes.count) bytes)") : bad("wrong magic bytes (not a synth text model)")
        }
        var cursor = 8
        let version: UInt32 = LittleEndianBytes.read(bytes, &cursor)
        guard version == fileFormatVersion else {
            throw bad("format version \(version) is not supported (this build reads version \(fileFormatVersion))")
        }
        var stored: UInt64 = 0
        for i in 0..<8 { stored |= UInt64(bytes[bytes.count - 8 + i]) << (8 * i) }
        guard FNV1a.hash(bytes[0..<(bytes.count - 8)]) == stored else { throw bad("checksum mismatch (file is damaged)") }
        let headerLength: UInt64 = LittleEndianBytes.read(bytes, &cursor)
        guard headerLength <= UInt64(bytes.count - cursor - 16) else { throw bad("header length \(headerLength) exceeds the file") }
        let headerEnd = cursor + Int(headerLength)
        let entries: [Entry]
        do { entries = try JSONDecoder().decode([Entry].self, from: Data(bytes[cursor..<headerEnd])) } catch {
            throw bad("unreadable header: \(error)")
        }
        cursor = headerEnd
        let count: UInt64 = LittleEndianBytes.read(bytes, &cursor)
        let room = (bytes.count - cursor - 8) / 4
        guard UInt64(bytes.count - cursor - 8) == count * 4 else { throw bad("parameter block has the wrong length") }
        var models: [TextModel] = []
        var used = 0
        for entry in entries {
            guard entry.shape.isPlausible(parameterLimit: room - used) else { throw bad("implausible shape for column '\(entry.column)'") }
            guard (1...TextModel.tokenLimit).contains(entry.maxTokens) else { throw bad("invalid token limit for '\(entry.column)'") }
            let n = entry.shape.parameterCount
            var params = [Float](repeating: 0, count: n)
            for i in 0..<n {
                let bits: UInt32 = LittleEndianBytes.read(bytes, &cursor)
                params[i] = Float(bitPattern: bits)
            }
            guard params.allSatisfy(\.isFinite) else { throw bad("non-finite parameters") }
            used += n
            models.append(TextModel(column: entry.column, shape: entry.shape, parameters: params, pool: entry.pool,
                                    maxTokens: entry.maxTokens, summary: entry.summary))
        }
        guard used == Int(count) else { throw bad("\(count) parameters stored, the models need \(used)") }
        return TextModels(models: models)
    }
}
