import Foundation
import SynthData

extension SequentialSynthesizer {
    /// The files of a saved sequential model's folder.
    public enum StoredFile: String, Sendable, CaseIterable {
        /// The encoding of the linked table's own columns (JSON).
        case encoding = "encoding.json"
        /// The model's parameters (`GenerativeModel.save`).
        case model = "model.bin"
        /// The `Layout`: link, subject encoding, order model, columns (JSON).
        case layout = "sequence.json"
    }

    /// Whether `folder` holds a sequential model (rather than a flat `Synthesizer`).
    public static func isStored(in folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(StoredFile.layout.rawValue).path)
    }

    /// Saves the model in `folder` (created if needed), every file written atomically.
    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFileWriter.write(Array(try encoder.encode(encoding)), to: folder.appendingPathComponent(StoredFile.encoding.rawValue).path, replace: true)
        try AtomicFileWriter.write(Array(try encoder.encode(layout)), to: folder.appendingPathComponent(StoredFile.layout.rawValue).path, replace: true)
        try model.save(to: folder.appendingPathComponent(StoredFile.model.rawValue).path)
    }

    /// Loads a model saved by `save(to:)`, checking the model file against the encodings
    /// before reading it (as `Synthesizer.load` does).
    public static func load(from folder: URL) throws -> SequentialSynthesizer {
        func decode<T: Decodable>(_ type: T.Type, _ file: StoredFile) throws -> T {
            let url = folder.appendingPathComponent(file.rawValue)
            do { return try JSONDecoder().decode(type, from: Data(contentsOf: url)) } catch {
                throw ModelError.fileIO(path: url.path, reason: "not a readable \(file.rawValue) (\(error))")
            }
        }
        let encoding = try decode(TableEncoding.self, .encoding)
        let layout = try decode(Layout.self, .layout)
        let (all, _) = subColumns(subject: layout.subjectEncoding, own: encoding)
        let modelPath = folder.appendingPathComponent(StoredFile.model.rawValue).path
        guard let maximumBytes = GenerativeModel.maximumFileBytes(subColumns: all) else {
            throw ModelError.badModelFile(path: modelPath, reason: "the saved encodings' sub-columns are too large for any model")
        }
        let model = try GenerativeModel.load(from: modelPath, maximumBytes: maximumBytes)
        guard model.subColumns == all else {
            throw ModelError.fileIO(path: folder.path, reason: "the model does not match the saved encodings")
        }
        return SequentialSynthesizer(layout: layout, encoding: encoding, model: model)
    }
}
