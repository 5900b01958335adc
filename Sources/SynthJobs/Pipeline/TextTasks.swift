import Foundation
import SynthData
import SynthEngine

/// Training the text models inside the training task, after the tabular model (same
/// settings, progress, cancel and stop).
enum TextTraining {
    /// Trains the text models of `encoding`'s `text` columns on `training` (90/10 split for
    /// validation, as the tabular model); `nil` without text columns.
    static func run(_ context: TaskContext, encoding: TableEncoding, training: Table) throws -> TextModels? {
        guard encoding.columns.contains(where: { $0.type == .text }) else { return nil }
        let settings = context.settings.modelSettings
        let split = TrainValidationSplit.byRow(rowCount: training.rowCount, validationShare: 0.1, seed: context.settings.seed)
        let trainRows = training.gatheringRows(split.training)
        let validationRows = training.gatheringRows(split.validation)
        context.log("training the text model\(encoding.columns.filter { $0.type == .text }.count == 1 ? "" : "s") of "
            + encoding.columns.filter { $0.type == .text }.map(\.name).joined(separator: ", "))
        var validationLosses: [Double] = []
        let text = try Synthesizer.trainText(encoding: encoding, training: trainRows, validation: validationRows, settings: settings,
                                             progress: { column, p in
            if p.isEpochEnd, let loss = p.valLoss { validationLosses.append(loss) }
            context.report(TaskProgress(fraction: p.totalSteps.map { Double(p.step) / Double(max($0, 1)) },
                                        message: String(format: "text model %@: epoch %.2f", column, p.epoch),
                                        epoch: max(1, Int(p.epoch.rounded(.up))), epochs: p.maxEpochs ?? settings.effectiveMaxEpochs, step: p.step,
                                        trainingLoss: p.trainLoss, validationLoss: validationLosses.last, etaSeconds: p.eta),
                           force: p.isEpochEnd)
            if p.isEpochEnd {
                context.log(String(format: "text model %@: epoch %.0f, training loss %.4f, validation loss %@ (nats per byte)", column,
                                   p.epoch, p.trainLoss, p.valLoss.map { String(format: "%.4f", $0) } ?? "-"))
            }
        }, isCancelled: { context.isCanceled }, shouldStop: { context.isStopRequested })
        for model in text?.models ?? [] {
            context.log(String(format: "text model %@: %d parameters, %d texts, %.2f epochs in %.1f s (%@)", model.column,
                               model.parameterCount, model.summary.texts, model.summary.epochs, model.summary.seconds,
                               model.summary.stopReason))
        }
        return text
    }
}

extension EngineExecutors {
    /// *Generating text*: fills the generated rows' `text` columns, row group by row group,
    /// each text conditioned on its row's other (already generated) columns, and rewrites the
    /// CSV and Parquet files (both appear only when complete). Rows generated from a seed or
    /// imputed got their text with the rows; a table without text columns has nothing to do.
    struct GeneratingText: TaskExecutor {
        func run(_ context: TaskContext) throws {
            // A linked table's sequential model has no text models (its text columns are
            // categories): nothing to fill.
            if context.schema.contextParent(of: context.table.name) != nil {
                context.log("no text columns (a linked table's text columns are modelled as categories)")
                context.report(TaskProgress(fraction: 1, message: "no text columns"), force: true)
                return
            }
            var synthesizer = try Synthesizer.load(from: context.input(.model))
            guard synthesizer.text != nil else {
                context.log("no text columns")
                context.report(TaskProgress(fraction: 1, message: "no text columns"), force: true)
                return
            }
            if FileManager.default.fileExists(atPath: context.file(.seed).path) {
                context.log("text generated with the seeded rows")
                context.report(TaskProgress(fraction: 1, message: "done"), force: true)
                return
            }
            synthesizer.rareTrainingTexts = try RareTrainingTexts.ofHeldRows(context, encoding: synthesizer.encoding)
            let options = context.settings.generation ?? GenerationOptions()
            let reader = try ParquetReader(streamingFrom: context.file(.syntheticParquet).path)
            let total = reader.rowCount
            let csv = try CSVStreamWriter(path: context.file(.syntheticCSV).path, replace: true)
            let parquet: ParquetStreamWriter
            do { parquet = try ParquetStreamWriter(path: context.file(.syntheticParquet).path, replace: true) } catch {
                csv.discard()
                throw error
            }
            var texts = 0
            do {
                // A shard's rows are rows `start…` of the whole table: each text's stream is its row's.
                let start = context.settings.shardRowRange?.lowerBound ?? 0
                var firstRow = start
                for group in 0..<reader.rowGroupCount {
                    try context.checkCanceled()
                    let rows = try reader.readRowGroup(group)
                    let done = firstRow - start
                    let filled = try synthesizer.fillText(rows, seed: context.settings.seed &+ 2, firstRow: firstRow, options: options,
                                                          isCancelled: { context.isCanceled }, progress: { n in
                        context.report(TaskProgress(fraction: total > 0 ? Double(done + min(n, rows.rowCount)) / Double(total) : 1,
                                                    message: "\(done + min(n, rows.rowCount)) rows", rows: done + min(n, rows.rowCount)))
                    })
                    try csv.append(filled)
                    try parquet.append(filled)
                    for name in synthesizer.textColumnNames {
                        if let column = try? filled.column(named: name) { texts += column.count - column.nullCount }
                    }
                    firstRow += rows.rowCount
                }
                if reader.rowGroupCount == 0 {
                    let empty = try reader.readTable()
                    try csv.append(empty)
                    try parquet.append(empty)
                }
                try context.checkCanceled()
                try csv.commit()
                try parquet.commit()
            } catch {
                csv.discard()
                parquet.discard()
                throw error
            }
            context.report(TaskProgress(fraction: 1, message: "\(texts) texts", rows: total), force: true)
            context.log("generated \(texts) texts in \(synthesizer.textColumnNames.joined(separator: ", "))")
        }
    }
}

extension RareTrainingTexts {
    /// The rare texts of the rows the job's store holds for its table (the rows trained on
    /// and the rows held out), which no generated text may repeat whole; `nil` when the store
    /// holds none of them (a model imported from a bundle: its texts rest on masking alone).
    static func ofHeldRows(_ context: TaskContext, encoding: TableEncoding) throws -> RareTrainingTexts? {
        guard encoding.columns.contains(where: { $0.type == .text }) else { return nil }
        let held = try [JobFiles.TableFile.training, .holdout].map { context.input($0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
            .map { try ParquetReader(path: $0.path).readTable() }
        return held.isEmpty ? nil : RareTrainingTexts(tables: held, encoding: encoding)
    }
}
