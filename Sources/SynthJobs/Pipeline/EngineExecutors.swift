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
         .training: Training(), .generating: Generating(), .generatingText: GeneratingText(), .packaging: Packaging(), .qaReport: QA(),
         .writingDestination: DestinationWriting()]
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
            if let link = LinkedTables.link(context) { return try LinkedTables.organize(context, link: link) }
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
            // Progress is throttled: the last batch's figure is shown for sure.
            context.report(TaskProgress(message: "\(rows) rows read", rows: rows), force: true)
            let organized = try organizer.finish()
            guard organized.training.rowCount > 0 else { throw JobStoreError.invalidState("the table has no rows to train on") }
            var (training, holdout) = (organized.training, organized.validation)
            if LinkedTables.hasLinkedTables(context) {
                (training, holdout) = try LinkedTables.addSequenceColumns(context, training: training, holdout: holdout)
            }
            try TableFiles.write(training, to: context.file(.training).path)
            try TableFiles.write(holdout, to: context.file(.holdout).path)
            try writeJSON(organized.analysis, to: context.file(.analysis))
            try writeJSON(["sourceRows": organized.sourceRowCount, "holdoutRows": organized.validation.rowCount],
                          to: context.file(.sourceSummary))
            context.log("\(organized.sourceRowCount) source rows; \(organized.training.rowCount) training, \(organized.validation.rowCount) holdout")
        }
    }

    /// Column-by-column analysis. The organizing pass already analyzed every source row in
    /// its streaming pass (better unique counts and key detection than the sample); this task
    /// checks it and reports what it found, re-analyzing the training rows only when missing.
    struct Analysis: TaskExecutor {
        func run(_ context: TaskContext) throws {
            let file = context.file(.analysis)
            let analysis: TableAnalysis
            if let stored = try? readJSON(TableAnalysis.self, from: file) {
                analysis = stored
            } else {
                analysis = TableAnalyzer.analyze(try TableFiles.read(context.file(.training).path))
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
            if let link = LinkedTables.link(context) { return try LinkedTables.transform(context, link: link) }
            let training = try TableFiles.read(context.file(.training).path)
            let analysis = try readJSON(TableAnalysis.self, from: context.file(.analysis))
            var overrides = try LinkedTables.encodingOverrides(context)
            if let key = context.schema.table(named: context.table.name)?.primaryKey, overrides[key] == nil {
                // A declared primary key is generated as fresh unique keys: the ones generated
                // subjects' linked rows and referring rows carry, and unique at a destination
                // that declares the key.
                overrides[key] = .primaryKey
            }
            LinkedTables.encodeForeignKeysAsCategories(context, &overrides)
            let encoding = try TableEncoder.fit(table: training, analysis: analysis, overrides: overrides,
                                                valueProtection: context.settings.valueProtection, seed: context.settings.seed)
            try writeJSON(encoding, to: context.file(.encoding))
            for detail in encoding.columnDetails() {
                let subs = detail.subColumns.map { "\($0.suffix):\($0.cardinality)" }.joined(separator: " ")
                context.log("\(detail.name): \(detail.encodingType.rawValue) [\(subs)]")
            }
        }
    }

    /// Trains the generative model (90/10 split of the training rows: the validation loss each
    /// epoch shows in `watch`, and stops training early under `Stopping.validationLoss`).
    struct Training: TaskExecutor {
        func run(_ context: TaskContext) throws {
            if let link = LinkedTables.link(context) { return try LinkedTables.train(context, link: link) }
            let training = try TableFiles.read(context.file(.training).path)
            let encoding = try readJSON(TableEncoding.self, from: context.file(.encoding))
            let settings = context.settings.modelSettings
            let trainRows: EncodedTable, validationRows: EncodedTable, validationCount: Int
            if settings.differentialPrivacy != nil {
                // DP-SGD trains on every row and reads no validation rows (they would be
                // records outside the guarantee).
                trainRows = try encoding.encode(training)
                validationRows = try encoding.encode(training.gatheringRows([]))
                validationCount = 0
            } else {
                let split = TrainValidationSplit.byRow(rowCount: training.rowCount, validationShare: 0.1, seed: context.settings.seed)
                trainRows = try encoding.encode(training.gatheringRows(split.training))
                validationRows = try encoding.encode(training.gatheringRows(split.validation.isEmpty ? split.training : split.validation))
                validationCount = split.validation.isEmpty ? 0 : validationRows.rowCount
            }
            let plan = GenerativeModel.plan(training: trainRows, settings: settings)
            var reporter = TrainingReporter(context: context, maxEpochs: plan.maxEpochs)
            let counts = try? readJSON([String: Int].self, from: context.input(.sourceSummary))
            let sourceRows = counts?["sourceRows"], holdoutRows = counts?["holdoutRows"]
            var resolved = ResolvedTraining(sourceRows: sourceRows, trainingRows: training.rowCount, holdoutRows: holdoutRows,
                                            modelTrainingRows: trainRows.rowCount, validationRows: validationCount,
                                            settings: settings, plan: plan)
            try writeJSON(resolved, to: context.file(.resolvedTraining))
            let model = try GenerativeModel.train(training: trainRows, validation: validationRows, settings: settings, progress: { p in
                reporter.report(p)
            }, isCancelled: { context.isCanceled }, shouldStop: { context.isStopRequested })
            resolved.record(model.summary)
            try writeJSON(resolved, to: context.file(.resolvedTraining))
            if model.summary.stopReason == .stopped {
                context.log(String(format: "stopped by the user after %.1f epochs; keeping the best model (epoch %d)",
                                   model.summary.epochs, model.summary.bestEpoch))
            } else if model.summary.stopReason == .nothingToModel {
                context.log("nothing to model: every column is a key or holds one value after value protection; "
                    + "generation makes fresh keys and those values")
            }
            let text = try TextTraining.run(context, encoding: encoding, training: training)
            let folder = context.file(.model)
            try Synthesizer(encoding: encoding, model: model, text: text).save(to: folder)
            try context.addArtifact(.model)
            context.log("model: \(model.parameterCount) parameters")
            if let spent = model.summary.differentialPrivacy {
                try writeJSON(spent, to: context.file(.privacy))
                context.log("differential privacy: \(spent.description); noise multiplier "
                    + String(format: "%.3f", spent.noiseMultiplier) + ", clipping norm \(spent.maxGradientNorm), \(spent.steps) steps")
            }
        }
    }

    /// Generates the synthetic rows in chunks, each written to the CSV and the Parquet file
    /// as it comes (one row group per chunk), so memory is bounded by the chunk size, not the
    /// row count. Both files appear only when complete.
    struct Generating: TaskExecutor {
        func run(_ context: TaskContext) throws {
            let link = LinkedTables.link(context)
            let synthesizer = link == nil ? try Synthesizer.load(from: context.input(.model)) : nil
            let options = context.settings.generation ?? GenerationOptions()
            let csv = try CSVStreamWriter(path: context.file(.syntheticCSV).path, replace: true)
            let parquet: ParquetStreamWriter
            do { parquet = try ParquetStreamWriter(path: context.file(.syntheticParquet).path, replace: true) } catch {
                csv.discard()
                throw error
            }
            // A subject table with linked tables also keeps its rows with their hidden sequence
            // columns, for its linked tables' generation.
            var subjects: ParquetStreamWriter?
            if LinkedTables.hasLinkedTables(context) {
                do { subjects = try ParquetStreamWriter(path: context.file(.generatedSubjects).path, replace: true) } catch {
                    csv.discard()
                    parquet.discard()
                    throw error
                }
            }
            // Fairness: the generated rows' parity gap, counted chunk by chunk as they are written.
            var parity = options.fairness.map { ParityGap(target: $0.target, sensitive: $0.sensitive) }
            let integrity: ForeignKeyIntegrity
            do { integrity = try ForeignKeyIntegrity(context) } catch {
                subjects?.discard()
                csv.discard()
                parquet.discard()
                throw error
            }
            var generatedRows = 0
            /// Writes one chunk of generated rows to both files (and the subjects file), its
            /// foreign keys mapped onto existing keys.
            func write(_ generated: Table) throws {
                let table = integrity.mappings.isEmpty ? generated : try integrity.apply(generated, firstRow: generatedRows)
                generatedRows += table.rowCount
                try subjects?.append(table)
                let visible = subjects == nil ? table : try SequenceColumns.visible(table)
                try csv.append(visible)
                try parquet.append(visible)
                try parity?.add(visible)
            }
            do {
                let seedFile = context.file(.seed)
                if let link {
                    _ = try LinkedTables.generate(context, link: link, write: write)
                } else if var synthesizer, FileManager.default.fileExists(atPath: seedFile.path) {
                    // Generate with seed: one row per seed row, the seed's columns kept; or impute.
                    // Their texts are generated here, never a rare text of the held rows.
                    synthesizer.rareTrainingTexts = try RareTrainingTexts.ofHeldRows(context, encoding: synthesizer.encoding)
                    let seed = try TableFiles.read(seedFile.path)
                    for warning in synthesizer.seedWarnings(seed) { context.log("warning: \(warning)") }
                    let table: Table
                    if let columns = context.settings.imputeColumns {
                        table = try synthesizer.impute(seed, columns: columns.isEmpty ? nil : Set(columns),
                                                       seed: context.settings.seed &+ 1, options: options)
                    } else {
                        table = try synthesizer.generate(seed: seed, seed: context.settings.seed &+ 1, options: options)
                    }
                    try write(table)
                } else if let synthesizer {
                    let sourceRows = (try? readJSON([String: Int].self, from: context.input(.sourceSummary))["sourceRows"]) ?? nil
                    // In a generate job, a table the others only refer to (airlines) keeps its
                    // training size: `rows=` counts the referring tables' rows.
                    let referencedOnly = context.job.parentJobID != nil && context.schema.isReferenced(context.table.name)
                        && !LinkedTables.hasLinkedTables(context)
                    let rows = (referencedOnly ? nil : context.settings.generatedRows) ?? sourceRows ?? 0
                    // A shard generates its blocks of the `rows`-row table, exactly as one process
                    // would; a table the others only refer to is generated whole in every shard
                    // (the same rows: the referring rows of every shard need all its keys);
                    // only shard 0 writes it to a destination (`DestinationWriting`).
                    let range = referencedOnly ? 0..<rows : (context.settings.shardRowRange ?? 0..<rows)
                    if let shard = context.settings.shard, !referencedOnly {
                        context.log("\(shard): " + (range.isEmpty ? "no rows (fewer blocks of \(GenerationShard.blockRows) than shards)"
                            : "rows \(range.lowerBound + 1)–\(range.upperBound)") + " of \(rows)")
                    }
                    // Text columns get placeholders here; the Generating text task fills them.
                    try synthesizer.generate(rows: rows, seed: context.settings.seed &+ 1, options: options, chunkSize: Self.chunkRows,
                                             text: false, rowRange: range, isCancelled: { context.isCanceled }) { chunk in
                        try write(chunk)
                        context.report(TaskProgress(fraction: range.count > 0 ? Double(parquet.rowCount) / Double(range.count) : 1,
                                                    message: "\(parquet.rowCount) rows", rows: parquet.rowCount))
                    }
                    try context.checkCanceled()
                    if parquet.rowCount == 0 {  // no rows: the files still have the columns
                        try write(try synthesizer.generateTable(rows: 0, seed: 0))
                    }
                }
                try subjects?.commit()
                try csv.commit()
                try parquet.commit()
            } catch {
                subjects?.discard()
                csv.discard()
                parquet.discard()
                throw error
            }
            if let fairness = options.fairness, let after = parity?.gap() {
                // Parity gap: the largest difference in a target value's share between sensitive groups.
                let trainingFile = context.input(.training)
                let before = FileManager.default.fileExists(atPath: trainingFile.path)
                    ? try ParityGap.compute(TableFiles.read(trainingFile.path), target: fairness.target, sensitive: fairness.sensitive)
                    : nil
                context.log("fairness: parity gap of \(fairness.target) over \(fairness.sensitive.joined(separator: ", ")): "
                    + (before.map { String(format: "training %.3f, ", $0) } ?? "") + String(format: "synthetic %.3f", after))
            }
            try context.addArtifact(.syntheticCSV)
            try context.addArtifact(.syntheticParquet)
            context.report(TaskProgress(fraction: 1, message: "\(parquet.rowCount) rows", rows: parquet.rowCount), force: true)
            context.log("generated \(parquet.rowCount) rows")
        }

        /// Rows generated, held and written at a time.
        static let chunkRows = 65_536
    }

    /// Packs synthetic data, settings and logs into a ZIP (the QA report joins it when ready).
    struct Packaging: TaskExecutor {
        func run(_ context: TaskContext) throws {
            let zip = context.files.url(.package)
            try JobPackage.write(store: context.store, jobID: context.job.id, to: zip, replace: true)
            try context.addArtifact(kind: "package", url: zip)
        }
    }

    /// Scores the synthetic rows against training and holdout rows; writes JSON and HTML.
    /// A model imported from a bundle comes without its training rows: its report says that
    /// accuracy and privacy are not applicable (`ImportedModelQA`) and the task finishes.
    ///
    /// Generated rows are independent draws of the model, so the report scores the first
    /// `maximumSyntheticRows` of them (whole row groups), a uniform sample: its memory does
    /// not grow with the number of rows generated.
    struct QA: TaskExecutor {
        /// Synthetic rows a report scores at most (mostlyai-qa's accuracy sample size).
        static let maximumSyntheticRows = 100_000

        func run(_ context: TaskContext) throws {
            let synthetic = try TableFiles.readPrefix(context.file(.syntheticParquet).path, rows: Self.maximumSyntheticRows)
            let generated = (try? ParquetReader(streamingFrom: context.file(.syntheticParquet).path).rowCount) ?? synthetic.rowCount
            if generated == 0 {
                context.log("no QA report: there are no synthetic rows to score")
                return
            }
            if generated > synthetic.rowCount {
                context.log("QA scores the first \(synthetic.rowCount) of \(generated) synthetic rows (independent draws)")
            }
            let trainingFile = context.input(.training)
            if context.usesImportedModel, !FileManager.default.fileExists(atPath: trainingFile.path) {
                try ImportedModelQA.write(context, synthetic: synthetic)
                try refreshPackage(context)
                return
            }
            try context.checkCanceled()
            var options = QAOptions()
            options.seed = context.settings.seed
            // Protect with the thresholds of the encoding, fitted with the training job's seed.
            options.valueProtectionSeed = try context.job.parentJobID.map { try context.store.job($0).settings.seed }
                ?? context.settings.seed
            var report: QAReport
            if let link = LinkedTables.link(context) {
                // Scored with its subjects: context, coherence, sequence lengths, privacy per subject.
                report = try LinkedTableQA.report(context, link: link, synthetic: synthetic, generatedRows: generated, options: options)
            } else {
                var training = try LinkedTables.readVisible(trainingFile)
                var holdout = try LinkedTables.readVisible(context.input(.holdout))
                // Foreign keys into the job's tables hold new keys: not values to compare.
                let newKeys = context.schema.foreignKeysInJob(of: context.table.name).map(\.column)
                var synthetic = synthetic
                if !newKeys.isEmpty {
                    (synthetic, training, holdout) = try (synthetic.dropping(newKeys), training.dropping(newKeys), holdout.dropping(newKeys))
                }
                report = try QAReport.compute(synthetic: synthetic, training: training,
                                              holdout: holdout.rowCount > 0 ? holdout : nil, options: options)
            }
            report.differentialPrivacy = try DifferentialPrivacySpent.read(from: context.input(.privacy))
            if let sequences = report.sequences {
                try writeJSON(sequences, to: context.file(.coherence))
                try context.addArtifact(.coherence)
                if let coherence = sequences.coherence?.coherence {
                    context.log(String(format: "coherence %.3f; sequence length accuracy %.3f", coherence, sequences.lengths.score.accuracy))
                }
            }
            try writeJSON(report, to: context.file(.qaJSON))
            let html = context.file(.qaHTML)
            try AtomicFileWriter.write(text: QAHTMLRenderer.render(report, title: "\(context.job.name) · \(context.table.name)"),
                                       to: html.path, replace: true)
            try context.addArtifact(.qaHTML)
            context.log(String(format: "accuracy %.3f (max %.3f)", report.accuracy.overall, report.accuracy.overallMax))
            try refreshPackage(context)
        }

        /// Rewrites the package so it carries the report.
        func refreshPackage(_ context: TaskContext) throws {
            let zip = context.files.url(.package)
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
        settings.differentialPrivacy = differentialPrivacy
        if let flexibleOrder { settings.flexibleOrder = flexibleOrder }
        return settings
    }
}
