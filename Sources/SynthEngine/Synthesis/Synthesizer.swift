import Foundation
import SynthData

/// A trained synthesizer: the fitted encoding of a table plus the generative model over its
/// codes. Generates tables with the source's schema, in chunks.
///
/// ```swift
/// let organized = try DataOrganizer.organize(csvPath: "diamonds.csv")
/// let synthesizer = try Synthesizer.train(organized, settings: ModelSettings(seed: 7))
/// try synthesizer.generate(rows: 100_000, seed: 1) { chunk in ... }   // chunk: Table
/// ```
public struct Synthesizer: Sendable {
    public let encoding: TableEncoding
    public let model: GenerativeModel

    public init(encoding: TableEncoding, model: GenerativeModel) {
        self.encoding = encoding
        self.model = model
    }

    /// Fits the encodings on the training rows (respecting overrides and value protection),
    /// then trains the model on the encoded training rows, validating on the held-out ones.
    public static func train(_ organized: OrganizedData, settings: ModelSettings = .init(),
                             overrides: [String: EncodingType] = [:], valueProtection: Bool = true,
                             progress: (TrainingProgress) -> Void = { _ in },
                             isCancelled: () -> Bool = { false }) throws -> Synthesizer {
        let encoding = try TableEncoder.fit(table: organized.training, analysis: organized.analysis, overrides: overrides,
                                            valueProtection: valueProtection, seed: settings.seed)
        let training = try encoding.encode(organized.training)
        let validation = try encoding.encode(organized.validation)
        let model = try GenerativeModel.train(training: training, validation: validation, settings: settings,
                                              progress: progress, isCancelled: isCancelled)
        return Synthesizer(encoding: encoding, model: model)
    }

    /// Generates `rows` rows in chunks of at most `chunkSize`; memory does not grow with `rows`.
    /// The same seed gives the same rows.
    public func generate(rows: Int, seed: UInt64, temperature: Double = 1, topP: Double = 1, chunkSize: Int = 65_536,
                         isCancelled: () -> Bool = { false }, body: (Table) throws -> Void) throws {
        var chunkIndex: UInt64 = 0
        try model.generate(rows: rows, seed: seed, temperature: temperature, topP: topP, fixed: nil,
                           chunkSize: max(1, chunkSize)) { encoded in
            if isCancelled() { throw ModelError.canceled }
            // Each chunk decodes with its own derived seed, so results don't depend on timing.
            try body(encoding.decode(encoded, seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* (chunkIndex + 1)))
            chunkIndex += 1
        }
    }

    /// "Generate with seed": one row per row of `seed`, whose columns keep the seed's values
    /// while the model fills in the others. Exact conditioning needs a model trained with
    /// flexible column order, or seed columns that come first in the table.
    public func generate(seed table: Table, seed: UInt64, temperature: Double = 1, topP: Double = 1) throws -> Table {
        let fixed = try encoding.seedCodes(table)
        guard !fixed.isEmpty else {
            throw ModelError.invalidGenerationRequest("the seed table shares no column with the model's table")
        }
        let encoded = try model.generateTable(rows: table.rowCount, seed: seed, temperature: temperature, topP: topP, fixed: fixed)
        var generated = try encoding.decode(encoded, seed: seed)
        // The seeded columns are the seed's own values, exactly.
        for column in table.columns {
            guard let index = generated.columnIndex(named: column.name), generated.columns[index].dataType == column.dataType else { continue }
            try generated.replaceColumn(at: index, with: column)
        }
        return generated
    }

    /// All generated rows in one table.
    public func generateTable(rows: Int, seed: UInt64, temperature: Double = 1, topP: Double = 1) throws -> Table {
        var chunks: [Table] = []
        try generate(rows: rows, seed: seed, temperature: temperature, topP: topP) { chunks.append($0) }
        if chunks.isEmpty {
            return try encoding.decode(EncodedTable(subColumns: encoding.subColumns, rowCount: 0, codes: []), seed: seed)
        }
        return try Table.concatenating(chunks)
    }

    // MARK: Persistence: `encoding.json` + `model.bin` in a folder.

    /// The files of a saved synthesizer's folder.
    public enum StoredFile: String, Sendable, CaseIterable {
        /// The fitted encoding (JSON).
        case encoding = "encoding.json"
        /// The model's parameters (`GenerativeModel.save`).
        case model = "model.bin"
    }

    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFileWriter.write(Array(try encoder.encode(encoding)), to: folder.appendingPathComponent(StoredFile.encoding.rawValue).path, replace: true)
        try model.save(to: folder.appendingPathComponent(StoredFile.model.rawValue).path)
    }

    /// Loads a synthesizer saved by `save(to:)`. The model file is checked against the
    /// encoding before it is read: it may be no larger than a model of the encoding's
    /// sub-columns can be, and every dimension it declares must fit the file, so a damaged or
    /// crafted file fails with a `ModelError` instead of exhausting memory.
    public static func load(from folder: URL) throws -> Synthesizer {
        let encodingURL = folder.appendingPathComponent(StoredFile.encoding.rawValue)
        let encoding: TableEncoding
        do {
            encoding = try JSONDecoder().decode(TableEncoding.self, from: Data(contentsOf: encodingURL))
        } catch {
            throw ModelError.fileIO(path: encodingURL.path, reason: "not a readable encoding (\(error))")
        }
        let modelPath = folder.appendingPathComponent(StoredFile.model.rawValue).path
        guard let maximumBytes = GenerativeModel.maximumFileBytes(subColumns: encoding.subColumns) else {
            throw ModelError.badModelFile(path: modelPath, reason: "the saved encoding's sub-columns are too large for any model")
        }
        let model = try GenerativeModel.load(from: modelPath, maximumBytes: maximumBytes)
        guard model.subColumns == encoding.subColumns else {
            throw ModelError.fileIO(path: folder.path, reason: "the model does not match the saved encoding")
        }
        return Synthesizer(encoding: encoding, model: model)
    }
}
