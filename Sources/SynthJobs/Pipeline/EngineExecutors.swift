import Foundation
import SynthData
import SynthEngine
import ZIPFoundation

/// The real tasks of a job, backed by the engine. Each reads its inputs from the job folder
/// and writes its outputs there (atomically), so a task failing or being canceled never
/// leaves a half-written file presented as output.
public enum EngineExecutors {
    /// One executor per task kind.
    public static var all: [TaskKind: any TaskExecutor] {
        [.organizingData: Organizing(), .dataAnalysis: Analysis(), .transformingData: Transforming(),
         .training: Training(), .generating: Generating(), .packaging: Packaging(), .qaReport: QA()]
    }

    static func writeJSON<T: Encodable>(_ value: T, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try AtomicFileWriter.write(Array(try encoder.encode(value)), to: url.path, replace: true)
    }

    static func readJSON<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }

    /// Streams the source, keeps a seeded uniform sample of at most `maxTrainingRows`, and
    /// splits it into training and holdout rows.
    struct Organizing: TaskExecutor {
        func run(_ context: TaskContext) throws {
            let settings = context.settings
            var organizer = DataOrganizer(options: OrganizingOptions(maxTrainingRows: settings.maxTrainingRows,
                                                                    validationShare: settings.holdoutShare, seed: settings.seed))
            var rows = 0
            try TableFiles.scan(context.table.sourcePath) { batch in
                try context.checkCanceled()
                try organizer.consume(batch: batch)
                rows += batch.rowCount
                context.report(TaskProgress(message: "\(rows) rows read", rows: rows))
            }
            let organized = try organizer.finish()
            guard organized.training.rowCount > 0 else { throw JobStoreError.invalidState("the table has no rows to train on") }
            try TableFiles.write(organized.training, to: context.file("training.parquet").path)
            try TableFiles.write(organized.validation, to: context.file("holdout.parquet").path)
            try writeJSON(organized.analysis, to: context.file("analysis.json"))
            try writeJSON(["sourceRows": organized.sourceRowCount], to: context.file("source.json"))
            context.log("\(organized.sourceRowCount) source rows; \(organized.training.rowCount) training, \(organized.validation.rowCount) holdout")
        }
    }

    /// Column-by-column analysis. The organizing pass already analyzed every source row in
    /// its streaming pass (better unique counts and key detection than the sample); this task
    /// checks it and reports what it found, re-analyzing the training rows only when missing.
    struct Analysis: TaskExecutor {
        func run(_ context: TaskContext) throws {
            let file = context.file("analysis.json")
            let analysis: TableAnalysis
            if let stored = try? readJSON(TableAnalysis.self, from: file) {
                analysis = stored
            } else {
                analysis = TableAnalyzer.analyze(try TableFiles.read(context.file("training.parquet").path))
                try writeJSON(analysis, to: file)
            }
            context.log("analyzed \(analysis.columns.count) columns over \(analysis.rowCount) source rows")
            for column in analysis.columns {
                if column.isConstant { context.log("\(column.name): constant column") }
                if column.isUniqueIdentifier { context.log("\(column.name): unique identifier (primary-key candidate)") }
                if let format = column.datetimeText { context.log("\(column.name): datetime text (\(format))") }
            }
        }
    }

    /// Chooses and fits every column's encoding (with the user's overrides).
    struct Transforming: TaskExecutor {
        func run(_ context: TaskContext) throws {
            let training = try TableFiles.read(context.file("training.parquet").path)
            let analysis = try readJSON(TableAnalysis.self, from: context.file("analysis.json"))
            var overrides: [String: EncodingType] = [:]
            for (column, name) in context.settings.encodings {
                guard let type = EncodingType(rawValue: name) else {
                    throw JobStoreError.invalidState("unknown encoding type '\(name)' for column '\(column)'")
                }
                overrides[column] = type
            }
            let encoding = try TableEncoder.fit(table: training, analysis: analysis, overrides: overrides,
                                                valueProtection: context.settings.valueProtection, seed: context.settings.seed)
            try writeJSON(encoding, to: context.file("encoding.json"))
            for detail in encoding.columnDetails() {
                let subs = detail.subColumns.map { "\($0.suffix):\($0.cardinality)" }.joined(separator: " ")
                context.log("\(detail.name): \(detail.encodingType.rawValue) [\(subs)]")
            }
        }
    }

    /// Trains the generative model (90/10 split of the training rows for early stopping).
    struct Training: TaskExecutor {
        func run(_ context: TaskContext) throws {
            let training = try TableFiles.read(context.file("training.parquet").path)
            let encoding = try readJSON(TableEncoding.self, from: context.file("encoding.json"))
            let split = TrainValidationSplit.byRow(rowCount: training.rowCount, validationShare: 0.1, seed: context.settings.seed)
            let trainRows = try encoding.encode(training.gatheringRows(split.training))
            let validationRows = try encoding.encode(training.gatheringRows(split.validation.isEmpty ? split.training : split.validation))
            let settings = context.settings.modelSettings
            let model = try GenerativeModel.train(training: trainRows, validation: validationRows, settings: settings, progress: { p in
                context.report(TaskProgress(fraction: p.totalSteps.map { Double(p.step) / Double(max($0, 1)) },
                                            message: String(format: "epoch %.1f", p.epoch), epoch: Int(p.epoch.rounded(.down)),
                                            step: p.step, trainingLoss: p.trainLoss, validationLoss: p.valLoss, etaSeconds: p.eta),
                               force: p.isEpochEnd)
                if p.isEpochEnd {
                    context.log(String(format: "epoch %.0f: training loss %.4f, validation loss %@", p.epoch, p.trainLoss,
                                       p.valLoss.map { String(format: "%.4f", $0) } ?? "-"))
                }
            }, isCancelled: { context.isCanceled })
            let folder = context.file("model")
            try Synthesizer(encoding: encoding, model: model).save(to: folder)
            try context.addArtifact(kind: "model", url: folder)
            context.log("model: \(model.parameterCount) parameters")
        }
    }

    /// Generates the synthetic rows in chunks, written as CSV and Parquet.
    struct Generating: TaskExecutor {
        func run(_ context: TaskContext) throws {
            let synthesizer = try Synthesizer.load(from: context.input("model"))
            let options = context.settings.generation ?? GenerationOptions()
            let table: Table
            let seedFile = context.file("seed.parquet")
            if FileManager.default.fileExists(atPath: seedFile.path) {
                // Generate with seed: one row per seed row, the seed's columns kept; or impute.
                let seed = try TableFiles.read(seedFile.path)
                for warning in synthesizer.seedWarnings(seed) { context.log("warning: \(warning)") }
                if let columns = context.settings.imputeColumns {
                    table = try synthesizer.impute(seed, columns: columns.isEmpty ? nil : Set(columns),
                                                   seed: context.settings.seed &+ 1, options: options)
                } else {
                    table = try synthesizer.generate(seed: seed, seed: context.settings.seed &+ 1, options: options)
                }
            } else {
                let sourceRows = (try? readJSON([String: Int].self, from: context.input("source.json"))["sourceRows"]) ?? nil
                let rows = context.settings.generatedRows ?? sourceRows ?? 0
                var chunks: [Table] = []
                var done = 0
                try synthesizer.generate(rows: rows, seed: context.settings.seed &+ 1, options: options,
                                         isCancelled: { context.isCanceled }) { chunk in
                    chunks.append(chunk)
                    done += chunk.rowCount
                    context.report(TaskProgress(fraction: rows > 0 ? Double(done) / Double(rows) : 1, message: "\(done) rows", rows: done))
                }
                try context.checkCanceled()
                table = chunks.isEmpty ? try synthesizer.generateTable(rows: 0, seed: 0) : try Table.concatenating(chunks)
            }
            if let fairness = options.fairness {
                // Parity gap: the largest difference in a target value's share between sensitive groups.
                let trainingFile = context.input("training.parquet")
                let before = FileManager.default.fileExists(atPath: trainingFile.path)
                    ? try ParityGap.compute(TableFiles.read(trainingFile.path), target: fairness.target, sensitive: fairness.sensitive)
                    : nil
                let after = try ParityGap.compute(table, target: fairness.target, sensitive: fairness.sensitive)
                context.log("fairness: parity gap of \(fairness.target) over \(fairness.sensitive.joined(separator: ", ")): "
                    + (before.map { String(format: "training %.3f, ", $0) } ?? "") + String(format: "synthetic %.3f", after))
            }
            let csv = context.file("synthetic.csv"), parquet = context.file("synthetic.parquet")
            try TableFiles.write(table, to: csv.path)
            try TableFiles.write(table, to: parquet.path)
            try context.addArtifact(kind: "synthetic.csv", url: csv)
            try context.addArtifact(kind: "synthetic.parquet", url: parquet)
            context.log("generated \(table.rowCount) rows")
        }
    }

    /// Packs synthetic data, settings and logs into a ZIP (the QA report joins it when ready).
    struct Packaging: TaskExecutor {
        func run(_ context: TaskContext) throws {
            let zip = context.folder.appendingPathComponent("package.zip")
            try JobPackage.write(store: context.store, jobID: context.job.id, to: zip, replace: true)
            try context.addArtifact(kind: "package", url: zip)
        }
    }

    /// Scores the synthetic rows against training and holdout rows; writes JSON and HTML.
    /// A model imported from a bundle comes without its training rows: its report says that
    /// accuracy and privacy are not applicable (`ImportedModelQA`) and the task finishes.
    struct QA: TaskExecutor {
        func run(_ context: TaskContext) throws {
            let synthetic = try TableFiles.read(context.file("synthetic.parquet").path)
            let trainingFile = context.input("training.parquet")
            if context.usesImportedModel, !FileManager.default.fileExists(atPath: trainingFile.path) {
                try ImportedModelQA.write(context, synthetic: synthetic)
                try refreshPackage(context)
                return
            }
            let training = try TableFiles.read(trainingFile.path)
            let holdout = try TableFiles.read(context.input("holdout.parquet").path)
            try context.checkCanceled()
            var options = QAOptions()
            options.seed = context.settings.seed
            // Protect with the thresholds of the encoding, fitted with the training job's seed.
            options.valueProtectionSeed = try context.job.parentJobID.map { try context.store.job($0).settings.seed }
                ?? context.settings.seed
            let report = try QAReport.compute(synthetic: synthetic, training: training,
                                              holdout: holdout.rowCount > 0 ? holdout : nil, options: options)
            try writeJSON(report, to: context.file("qa.json"))
            let html = context.file("qa.html")
            try AtomicFileWriter.write(text: QAHTMLRenderer.render(report, title: "\(context.job.name) · \(context.table.name)"),
                                       to: html.path, replace: true)
            try context.addArtifact(kind: "qa.html", url: html)
            context.log(String(format: "accuracy %.3f (max %.3f)", report.accuracy.overall, report.accuracy.overallMax))
            try refreshPackage(context)
        }

        /// Rewrites the package so it carries the report.
        func refreshPackage(_ context: TaskContext) throws {
            let zip = context.folder.appendingPathComponent("package.zip")
            if FileManager.default.fileExists(atPath: zip.path) {
                try JobPackage.write(store: context.store, jobID: context.job.id, to: zip, replace: true)
            }
        }
    }
}

extension JobSettings {
    /// The model settings these job settings ask for.
    public var modelSettings: ModelSettings {
        var settings = ModelSettings(seed: seed)
        settings.goal = goal == .speed ? .speed : .accuracy
        settings.size = switch modelSize {
        case .small: .small
        case .medium: .medium
        case .large: .large
        }
        settings.maxEpochs = maxEpochs
        settings.batchSize = batchSize
        settings.maxTrainingTime = maxTrainingMinutes.map { $0 * 60 }
        if let flexibleOrder { settings.flexibleOrder = flexibleOrder }
        return settings
    }
}
