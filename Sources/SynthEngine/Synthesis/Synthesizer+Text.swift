import Foundation
import SynthData

extension Synthesizer {
    /// The encoding's `text` columns, in column order.
    public var textColumnNames: [String] { encoding.columns.filter { $0.type == .text }.map(\.name) }

    /// Trains one `TextModel` per `text` column of `encoding` on the training rows (validated
    /// on `validation`), each conditioned on the row's encoded codes; `nil` when the encoding
    /// has no text column. Rare word parts are masked with the column's protection threshold.
    /// `progress` gets the column's name with each training event.
    public static func trainText(encoding: TableEncoding, training: Table, validation: Table, settings: ModelSettings,
                                 progress: (String, TrainingProgress) -> Void = { _, _ in },
                                 isCancelled: () -> Bool = { false }, shouldStop: () -> Bool = { false }) throws -> TextModels? {
        let columns = encoding.columns.filter { $0.type == .text }
        guard !columns.isEmpty else { return nil }
        let trainingCodes = try encoding.encode(training)
        let validationCodes = try encoding.encode(validation)
        var models: [TextModel] = []
        for column in columns {
            let trainingColumn = try training.column(named: column.name)
            let validationColumn = try validation.column(named: column.name)
            var columnSettings = settings
            columnSettings.seed = settings.seed &+ UInt64(models.count) &* 0x9E37_79B9
            models.append(try TextModel.train(column: column.name, texts: trainingColumn, conditions: trainingCodes,
                                              validationTexts: validationColumn, validationConditions: validationCodes,
                                              settings: columnSettings, rareThreshold: column.protection.rareThreshold ?? 0,
                                              progress: { progress(column.name, $0) }, isCancelled: isCancelled,
                                              shouldStop: shouldStop))
        }
        return TextModels(models: models)
    }

    /// `table` (rows of this synthesizer's schema) with every non-null cell of each `text`
    /// column replaced by text generated conditionally on its row's other columns, never one
    /// of `rareTrainingTexts` (such a draw is redrawn; see `TextModel.generate`). Row `i`
    /// of `table` draws from the stream `firstRow + i` of `seed`, so a file filled chunk by
    /// chunk gets the same texts as in one piece. Returns `table` unchanged without text models.
    public func fillText(_ table: Table, seed: UInt64, firstRow: Int = 0, options: GenerationOptions = GenerationOptions(),
                         isCancelled: () -> Bool = { false }, progress: (Int) -> Void = { _ in }) throws -> Table {
        guard let text, !text.models.isEmpty, table.rowCount > 0 else { return table }
        let codes = try encoding.encode(table)
        var result = table
        var finished = 0
        for model in text.models {
            guard let index = result.columnIndex(named: model.column) else { continue }
            let column = result.columns[index]
            let rows = (0..<column.count).filter { !column.isNull($0) }
            let texts = try model.generate(conditions: codes, rows: rows, seed: seed &+ Self.textSeedOffset(model.column),
                                           streamBase: UInt64(firstRow), temperature: options.temperature, topP: options.topP,
                                           isExcluded: { rareTrainingTexts?.contains($0, column: model.column) ?? false },
                                           isCancelled: isCancelled, progress: { progress(finished + $0) })
            // Streams are by row of the table, not by position among the present rows.
            finished += rows.count
            var values = [String](repeating: "", count: column.count)
            var validity = column.validity
            for (i, row) in rows.enumerated() {
                if let text = texts[i] {
                    values[row] = text
                } else {
                    if validity == nil { validity = ValidityBitmap(count: column.count, allValid: true) }
                    validity?.set(row, valid: false)
                }
            }
            try result.replaceColumn(at: index, with: Column(name: column.name, values: .string(StringArray(values)),
                                                             validity: validity))
        }
        return result
    }

    /// A per-column offset of the generation seed (stable across runs: FNV-1a of the name).
    static func textSeedOffset(_ column: String) -> UInt64 {
        FNV1a.hash(Array(column.utf8)[...])
    }
}

extension Synthesizer {
    /// The text models saved beside a model of `encoding`: required (and checked) when the
    /// encoding has text columns, `nil` otherwise. Each model must be the one of a text
    /// column and be conditioned on the encoding's sub-columns; the file may be no larger
    /// than text models of that encoding can be (checked before it is read).
    static func loadText(from folder: URL, encoding: TableEncoding) throws -> TextModels? {
        let columns = encoding.columns.filter { $0.type == .text }.map(\.name)
        guard !columns.isEmpty else { return nil }
        let path = folder.appendingPathComponent(StoredFile.text.rawValue).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModelError.fileIO(path: path, reason: "the encoding has text columns but their text models are missing")
        }
        let text = try TextModels.load(from: path, maximumBytes: TextModels.maximumFileBytes(subColumns: encoding.subColumns,
                                                                                              textColumns: columns.count))
        let cardinalities = encoding.subColumns.map(\.cardinality)
        guard text.models.map(\.column) == columns,
              text.models.allSatisfy({ $0.shape.conditionCardinalities == cardinalities }) else {
            throw ModelError.badModelFile(path: path, reason: "the text models do not match the saved encoding")
        }
        return text
    }
}
