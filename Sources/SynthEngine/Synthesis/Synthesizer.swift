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
    /// The language models of the `text` columns (`nil` when there are none).
    public let text: TextModels?
    /// The rare training texts generation must not repeat (set by `train`; a loaded model has
    /// none until its owner sets them from the training rows: they are never saved).
    public var rareTrainingTexts: RareTrainingTexts?

    public init(encoding: TableEncoding, model: GenerativeModel, text: TextModels? = nil) {
        self.encoding = encoding
        self.model = model
        self.text = text
    }

    /// Fits the encodings on the training rows (respecting overrides and value protection),
    /// then trains the model on the encoded training rows (the held-out ones score each epoch;
    /// under `ModelSettings.Stopping.validationLoss` they also stop training early), and a text
    /// model per `text` column.
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
        let text = try trainText(encoding: encoding, training: organized.training, validation: organized.validation,
                                 settings: settings, isCancelled: isCancelled)
        var synthesizer = Synthesizer(encoding: encoding, model: model, text: text)
        if text != nil { synthesizer.rareTrainingTexts = RareTrainingTexts(tables: [organized.training, organized.validation], encoding: encoding) }
        return synthesizer
    }

    /// Generates `rows` rows in chunks of at most `chunkSize`; memory does not grow with `rows`.
    /// The same seed gives the same rows.
    public func generate(rows: Int, seed: UInt64, temperature: Double = 1, topP: Double = 1, chunkSize: Int = 65_536,
                         isCancelled: () -> Bool = { false }, body: (Table) throws -> Void) throws {
        try generate(rows: rows, seed: seed, options: GenerationOptions(temperature: temperature, topP: topP),
                     chunkSize: chunkSize, isCancelled: isCancelled, body: body)
    }

    /// Generates `rows` rows steered by `options` (sampling, rare categories, rebalancing,
    /// fairness), in chunks of at most `chunkSize`. Rebalancing fixes the column's value of
    /// every row (its target counts, shuffled) and generates the rest conditionally on it;
    /// fairness fixes the sensitive and target columns (`fairCodes`). With fairness, memory
    /// holds those columns' codes for all rows. With `text` (the default), `text` columns are
    /// filled by their text models (`fillText`); without, they hold empty-string placeholders
    /// for a later `fillText` (the job's *Generating text* task).
    ///
    /// Rows come in fixed blocks of `GenerationShard.blockRows` whose random streams depend
    /// only on `seed` and the block's index, so `rowRange` (whole blocks, a shard's
    /// `GenerationShard.rowRange(ofRows:)`) generates exactly those rows of the whole table,
    /// with the same values and keys, and the chunk size changes nothing.
    public func generate(rows: Int, seed: UInt64, options: GenerationOptions, chunkSize: Int = 65_536, text: Bool = true,
                         rowRange: Range<Int>? = nil,
                         isCancelled: () -> Bool = { false }, body: (Table) throws -> Void) throws {
        var fixed: [Int: [Int32]]?
        if let fairness = options.fairness {
            guard options.rebalancing == nil else { throw FairnessError.combinedWithRebalancing }
            fixed = try fairCodes(rows: rows, seed: seed, fairness: fairness, options: options)
        } else if let rebalancing = options.rebalancing {
            let target = try encoding.rebalancedCodes(column: rebalancing.column, shares: rebalancing.shares, rows: rows,
                                                      seed: seed &+ 0x5851_F42D_4C95_7F2D)
            fixed = [target.subColumn: target.codes]
        }
        let blockRows = GenerationShard.blockRows
        // Chunks hold whole blocks, so each chunk starts on a block.
        let chunkRows = max(1, (max(1, chunkSize) + blockRows - 1) / blockRows) * blockRows
        let range = rowRange ?? 0..<rows
        var firstRow = range.lowerBound
        try model.generate(rows: rows, seed: seed, temperature: options.temperature, topP: options.topP, fixed: fixed,
                           excluded: excludedCodes(options), chunkSize: chunkRows, range: range) { encoded in
            if isCancelled() { throw ModelError.canceled }
            // Each block decodes with its own derived seed and its keys continue from the
            // block's first row, so the rows depend neither on timing nor on chunking.
            var chunk = try encoding.decode(encoded, seed: seed, firstRow: firstRow, blockRows: blockRows)
            if text { chunk = try fillText(chunk, seed: seed, firstRow: firstRow, options: options, isCancelled: isCancelled) }
            try body(chunk)
            firstRow += encoded.rowCount
        }
    }

    /// "Generate with seed": one row per row of `seed`, whose columns keep the seed's values
    /// while the model fills in the others, conditionally on them. A null in a seed column
    /// named in `fill` (`nil`: every seed column) is generated too, conditionally on the row's
    /// other values; elsewhere a null is kept as a fixed null. Every seed column must be a
    /// column of the model (`EncodingError.unknownSeedColumns`). Conditioning is exact with a
    /// flexible-order model; with a fixed-order one, columns before the seed columns follow
    /// them by importance resampling (`GenerativeModel.seedCandidates`; `seedWarnings` says so).
    public func generate(seed given: Table, seed: UInt64, options: GenerationOptions = GenerationOptions(),
                         fill: Set<String>? = nil) throws -> Table {
        let table = try encoding.conformedSeed(given)
        let fillColumns = fill ?? Set(table.columnNames)
        let fixed = try encoding.seedCodes(table, fill: fillColumns)
        let encoded = try model.generateTable(rows: table.rowCount, seed: seed, temperature: options.temperature,
                                              topP: options.topP, fixed: fixed, excluded: excludedCodes(options),
                                              excludedWhenFree: encoding.nullCodes(ofColumns: fillColumns))
        var generated = try fillText(try encoding.decode(encoded, seed: seed), seed: seed, options: options)
        // The seeded cells are the seed's own values, exactly; filled nulls are the model's.
        for column in table.columns {
            guard let index = generated.columnIndex(named: column.name), generated.columns[index].dataType == column.dataType else { continue }
            if fillColumns.contains(column.name) && column.nullCount > 0 {
                try generated.replaceColumn(at: index, with: Self.merging(column, filledFrom: generated.columns[index]))
            } else {
                try generated.replaceColumn(at: index, with: column)
            }
        }
        return generated
    }

    /// Imputation: `table` with the nulls of `columns` (`nil`: every column) replaced by values
    /// drawn conditionally on the rest of each row; every other cell is kept as it is.
    public func impute(_ table: Table, columns: Set<String>? = nil, seed: UInt64,
                       options: GenerationOptions = GenerationOptions()) throws -> Table {
        let known = Set(encoding.columns.map(\.name))
        if let columns {
            let unknown = columns.filter { !known.contains($0) }.sorted()
            guard unknown.isEmpty else { throw EncodingError.unknownSeedColumns(unknown, available: encoding.columns.map(\.name)) }
        }
        let generated = try generate(seed: table, seed: seed, options: options, fill: columns ?? Set(table.columnNames))
        return try generated.selecting(table.columnNames)
    }

    /// What the user should know before generating from `table` as a seed: values the model
    /// never saw (kept, but the model has not learned what goes with them), and conditioning
    /// that is not exact because the model was trained in a fixed column order and the seed
    /// columns do not lead it.
    public func seedWarnings(_ given: Table) -> [String] {
        let table = (try? encoding.conformedSeed(given)) ?? given
        var warnings: [String] = []
        for unfamiliar in encoding.unfamiliarSeedValues(table) {
            warnings.append("seed column '\(unfamiliar.column)' has \(unfamiliar.count) value\(unfamiliar.count == 1 ? "" : "s") "
                + "the model never saw (e.g. \(unfamiliar.example)); they are kept, but the other columns follow them less well")
        }
        if !conditionsExactly(onColumns: Set(table.columnNames)) {
            warnings.append("the model was trained in a fixed column order, so the columns it generates before the seed columns "
                + "follow them by resampling (\(GenerativeModel.seedCandidates) draws a row): close for common seed values, "
                + "looser for rare ones; train with `flexible=true` for exact conditioning")
        }
        return warnings
    }

    /// Whether fixing these columns conditions every other column on them: always with a
    /// flexible-order model, otherwise only when they lead the model's column order.
    public func conditionsExactly(onColumns names: Set<String>) -> Bool {
        model.conditionsExactly(on: encoding.subColumnIndices(ofColumns: names))
    }

    /// Codes the model must not draw under `options`.
    func excludedCodes(_ options: GenerationOptions) -> [Int: [Int32]] {
        options.rareCategories == .sample ? encoding.rareCategoryCodes() : [:]
    }

    /// `seed` where it has a value, `generated` where `seed` is null.
    static func merging(_ seed: Column, filledFrom generated: Column) throws -> Column {
        let both = try Table.concatenating([Table(columns: [seed]), Table(columns: [Column(name: seed.name, values: generated.values,
                                                                                             validity: generated.validity)])])
        let rows = seed.count
        return both.columns[0].gathering((0..<rows).map { seed.isNull($0) ? rows + $0 : $0 })
    }

    /// All generated rows in one table.
    public func generateTable(rows: Int, seed: UInt64, temperature: Double = 1, topP: Double = 1) throws -> Table {
        try generateTable(rows: rows, seed: seed, options: GenerationOptions(temperature: temperature, topP: topP))
    }

    /// All generated rows in one table, steered by `options`.
    public func generateTable(rows: Int, seed: UInt64, options: GenerationOptions) throws -> Table {
        var chunks: [Table] = []
        try generate(rows: rows, seed: seed, options: options) { chunks.append($0) }
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
        /// The text columns' language models (`TextModels.save`), when there are text columns.
        case text = "text.bin"
    }

    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFileWriter.write(Array(try encoder.encode(encoding)), to: folder.appendingPathComponent(StoredFile.encoding.rawValue).path, replace: true)
        try model.save(to: folder.appendingPathComponent(StoredFile.model.rawValue).path)
        if let text { try text.save(to: folder.appendingPathComponent(StoredFile.text.rawValue).path) }
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
        return Synthesizer(encoding: encoding, model: model, text: try loadText(from: folder, encoding: encoding))
    }
}
