import Foundation
import SynthData
import SynthEngine

/// The tasks of a job over linked tables, where they differ from a flat table's.
///
/// A subject table with linked tables carries hidden sequence columns (`SequenceColumns`:
/// each subject's number of linked rows and their start) in its training rows, so its flat
/// model learns them; its generated rows are written with them to `subjects.parquet`, and
/// without them to the synthetic files. A linked table's rows follow their subject into
/// training or holdout; it trains a `SequentialSynthesizer` conditioned on the subject's
/// training rows and generates, subject chunk by subject chunk, the rows of the subjects its
/// subject table generated (or was seeded with).
enum LinkedTables {
    /// The link of the context's table, when it is a linked table.
    static func link(_ context: TaskContext) -> SequenceLink? {
        guard let context_ = context.schema.table(named: context.table.name)?.context,
              let parent = context.schema.table(named: context_.parentTable), let key = parent.primaryKey else { return nil }
        return SequenceLink(table: context.table.name, subjectTable: parent.name, subjectKey: key, contextColumn: context_.column,
                            orderColumn: context.schema.table(named: context.table.name)?.orderColumn)
    }

    /// Whether the context's table is a subject table with linked tables.
    static func hasLinkedTables(_ context: TaskContext) -> Bool {
        !context.schema.linkedTables(of: context.table.name).isEmpty
    }

    /// Reads a table file without hidden sequence columns (what users and reports see).
    static func readVisible(_ url: URL) throws -> Table {
        try SequenceColumns.visible(TableFiles.read(url.path))
    }

    // MARK: Organizing

    /// A subject table's training and holdout rows with their hidden sequence columns, counted
    /// over each linked table's whole source.
    static func addSequenceColumns(_ context: TaskContext, training: Table, holdout: Table) throws -> (Table, Table) {
        guard let key = context.schema.table(named: context.table.name)?.primaryKey else { return (training, holdout) }
        try SequenceColumns.checkNoReservedNames(training, tableName: context.table.name)
        let records = try context.store.tables(ofJob: context.job.id)
        var training = training, holdout = holdout
        for linked in context.schema.linkedTables(of: context.table.name) {
            guard let record = records.first(where: { $0.name == linked.name }), let contextKey = linked.context else { continue }
            var counter = SubjectSequenceCounter(linkedTable: linked.name, contextColumn: contextKey.column, orderColumn: linked.orderColumn)
            try TableFiles.scan(record.sourcePath) { batch in
                try context.checkCanceled()
                try counter.add(batch)
            }
            training = try counter.augment(training, subjectKey: key)
            holdout = try counter.augment(holdout, subjectKey: key)
            context.log("\(linked.name): sequence lengths and starts added to the subjects of \(context.table.name)")
        }
        return (training, holdout)
    }

    /// A linked table's rows, split as their subjects were: rows of training subjects train,
    /// rows of holdout subjects are held out, rows of subjects left out of the sample (or of
    /// no subject) are dropped.
    static func organize(_ context: TaskContext, link: SequenceLink) throws {
        let subjectKeys = { (file: JobFiles.TableFile) throws -> Set<String> in
            let table = try ParquetReader(path: context.file(file, of: link.subjectTable).path).readTable(columns: [link.subjectKey])
            return Set(SequenceColumns.keys(table.columns[0]).compactMap { $0 })
        }
        let trainingKeys = try subjectKeys(.training), holdoutKeys = try subjectKeys(.holdout)
        var rows = 0
        var trainingBatches: [Table] = [], holdoutBatches: [Table] = []
        try TableFiles.scan(context.table.sourcePath) { batch in
            try context.checkCanceled()
            try SequenceColumns.checkNoReservedNames(batch, tableName: link.table)
            guard let index = batch.columnIndex(named: link.contextColumn) else {
                throw SequenceError("table '\(link.table)' has no column '\(link.contextColumn)' (its context foreign key)")
            }
            let keys = SequenceColumns.keys(batch.columns[index])
            trainingBatches.append(batch.gatheringRows(keys.indices.filter { keys[$0].map(trainingKeys.contains) ?? false }))
            holdoutBatches.append(batch.gatheringRows(keys.indices.filter { keys[$0].map(holdoutKeys.contains) ?? false }))
            rows += batch.rowCount
            context.report(TaskProgress(message: "\(rows) rows read", rows: rows))
        }
        context.report(TaskProgress(message: "\(rows) rows read", rows: rows), force: true)
        let training = try Table.concatenating(trainingBatches), holdout = try Table.concatenating(holdoutBatches)
        guard training.rowCount > 0 else {
            throw SequenceError("no row of '\(link.table)' refers to a training row of '\(link.subjectTable)' through '\(link.contextColumn)'")
        }
        let analysis = TableAnalyzer.analyze(training)
        try TableFiles.write(training, to: context.file(.training).path)
        try TableFiles.write(holdout, to: context.file(.holdout).path)
        try EngineExecutors.writeJSON(analysis, to: context.file(.analysis))
        try EngineExecutors.writeJSON(["sourceRows": rows, "holdoutRows": holdout.rowCount], to: context.file(.sourceSummary))
        let dropped = rows - training.rowCount - holdout.rowCount
        context.log("\(rows) source rows; \(training.rowCount) training, \(holdout.rowCount) holdout (rows follow their subject)"
            + (dropped > 0 ? "; \(dropped) rows of no sampled subject left out" : ""))
    }

    // MARK: Transforming and training

    /// The user's encoding overrides of the context's table (`JobSettings.encodings(ofTable:)`).
    static func encodingOverrides(_ context: TaskContext) throws -> [String: EncodingType] {
        var overrides: [String: EncodingType] = [:]
        for (column, name) in context.settings.encodings(ofTable: context.table.name) {
            guard let type = EncodingType(rawValue: name) else {
                throw JobStoreError.invalidState("unknown encoding type '\(name)' for column '\(column)'")
            }
            overrides[column] = type
        }
        return overrides
    }

    /// A non-context foreign key is a category (one code per key the training rows used),
    /// unless the user chose its encoding: the keys it can generate are then known.
    static func encodeForeignKeysAsCategories(_ context: TaskContext, _ overrides: inout [String: EncodingType]) {
        for key in context.schema.table(named: context.table.name)?.foreignKeys ?? [] where overrides[key.column] == nil {
            overrides[key.column] = .categorical
        }
    }

    static func transform(_ context: TaskContext, link: SequenceLink) throws {
        let training = try TableFiles.read(context.file(.training).path)
        let subjects = try TableFiles.read(context.file(.training, of: link.subjectTable).path)
        var overrides = try encodingOverrides(context).filter { training.columnIndex(named: $0.key) != nil }
        encodeForeignKeysAsCategories(context, &overrides)
        let encoding = try SequentialSynthesizer.fitEncoding(
            linked: training, subjects: subjects, link: link, primaryKey: context.schema.table(named: link.table)?.primaryKey,
            overrides: overrides, valueProtection: context.settings.valueProtection, seed: context.settings.seed)
        try EngineExecutors.writeJSON(encoding, to: context.file(.encoding))
        for detail in encoding.columnDetails() {
            let subs = detail.subColumns.map { "\($0.suffix):\($0.cardinality)" }.joined(separator: " ")
            context.log("\(detail.name): \(detail.encodingType.rawValue) [\(subs)]")
        }
    }

    static func train(_ context: TaskContext, link: SequenceLink) throws {
        let training = try TableFiles.read(context.file(.training).path)
        let subjects = try TableFiles.read(context.file(.training, of: link.subjectTable).path)
        let subjectEncoding = try EngineExecutors.readJSON(TableEncoding.self, from: context.file(.encoding, of: link.subjectTable))
        let encoding = try EngineExecutors.readJSON(TableEncoding.self, from: context.file(.encoding))
        let settings = context.settings.modelSettings
        let counts = try? EngineExecutors.readJSON([String: Int].self, from: context.file(.sourceSummary))
        var resolved = ResolvedTraining(sourceRows: counts?["sourceRows"], trainingRows: training.rowCount, holdoutRows: counts?["holdoutRows"],
                                        modelTrainingRows: training.rowCount, validationRows: 0, settings: settings)
        try EngineExecutors.writeJSON(resolved, to: context.file(.resolvedTraining))
        var reporter = TrainingReporter(context: context, maxEpochs: settings.effectiveMaxEpochs)
        let model = try SequentialSynthesizer.train(linked: training, subjects: subjects, link: link, subjectEncoding: subjectEncoding,
                                                    encoding: encoding, settings: settings,
                                                    valueProtection: context.settings.valueProtection,
                                                    progress: { reporter.report($0) }, isCancelled: { context.isCanceled },
                                                    shouldStop: { context.isStopRequested })
        resolved.record(model.model.summary)
        try EngineExecutors.writeJSON(resolved, to: context.file(.resolvedTraining))
        if model.model.summary.stopReason == .stopped {
            context.log(String(format: "stopped by the user after %.1f epochs; keeping the best model (epoch %d)",
                               model.model.summary.epochs, model.model.summary.bestEpoch))
        }
        try model.save(to: context.file(.model))
        try context.addArtifact(.model)
        context.log("sequential model: \(model.model.parameterCount) parameters, conditioned on \(link.subjectTable)")
    }

    // MARK: Generating

    /// Generates the linked rows of every subject its subject table generated in this job,
    /// one row group of subjects at a time, streamed to the CSV and Parquet files. Subjects
    /// are taken in the blocks of `GenerationShard`: each block's linked rows draw from a
    /// stream of the seed and the block's index, so a shard (which generates whole blocks of
    /// subjects) gets each subject exactly the rows one process gives it.
    static func generate(_ context: TaskContext, link: SequenceLink, write: (Table) throws -> Void) throws -> Int {
        let synthesizer = try SequentialSynthesizer.load(from: context.input(.model))
        let options = context.settings.generation ?? GenerationOptions()
        let subjectsFile = try context.file(.generatedSubjects, of: link.subjectTable)
        guard FileManager.default.fileExists(atPath: subjectsFile.path) else {
            throw JobStoreError.invalidState("the generated subjects of '\(link.subjectTable)' are missing; generate that table first")
        }
        let reader = try ParquetReader(path: subjectsFile.path)
        let blockRows = GenerationShard.blockRows
        // The first subject of this job in the whole generated table (a shard's first block).
        let firstSubject = context.settings.shardRowRange?.lowerBound ?? 0
        let keyOffset = try linkedRowsBefore(firstSubject, context, link: link, synthesizer: synthesizer)
        var rows = 0
        var subject = firstSubject
        for group in 0..<reader.rowGroupCount {
            try context.checkCanceled()
            let subjects = try reader.readRowGroup(group)
            var lo = 0
            while lo < subjects.rowCount {
                let block = (subject + lo) / blockRows
                let count = min(blockRows - (subject + lo) % blockRows, subjects.rowCount - lo)
                let piece = lo == 0 && count == subjects.rowCount ? subjects : subjects.gatheringRows(Array(lo..<(lo + count)))
                rows += try synthesizer.generate(subjects: piece, seed: context.settings.seed &+ 1 &+ UInt64(block) &* 0x2545_F491_4F6C_DD1D,
                                                 options: options, firstRow: keyOffset + rows, isCancelled: { context.isCanceled }) { chunk in
                    try write(chunk)
                }
                lo += count
            }
            subject += subjects.rowCount
            context.report(TaskProgress(fraction: Double(group + 1) / Double(reader.rowGroupCount), message: "\(rows) rows", rows: rows))
        }
        if rows == 0 {
            try write(synthesizer.emptyTable())
            if subject > firstSubject {
                let drawn = ProtectionReport.drawnThresholds
                let why = context.settings.valueProtection
                    ? ": value protection hides a sequence length that fewer than \(drawn.lowerBound) to \(drawn.upperBound) training "
                        + "subjects share, so with too few subjects every length is hidden (`protection=false` keeps them)"
                    : ""
                context.log("the \(subject - firstSubject) generated subjects of \(link.subjectTable) have no \(link.table) rows" + why)
            }
        }
        return rows
    }

    /// How many linked rows the subjects before `firstSubject` have, so that a shard's
    /// generated primary keys of the linked table continue where the shards before it end.
    /// Only a linked table with a primary key needs it: the subjects before the shard are
    /// generated again (their rows are not) to read their sequence lengths.
    static func linkedRowsBefore(_ firstSubject: Int, _ context: TaskContext, link: SequenceLink,
                                 synthesizer: SequentialSynthesizer) throws -> Int {
        guard firstSubject > 0, context.schema.table(named: link.table)?.primaryKey != nil else { return 0 }
        let subjectModel = context.parentFiles?.url(.model, table: link.subjectTable) ?? context.files.url(.model, table: link.subjectTable)
        let subjects = try Synthesizer.load(from: subjectModel)
        var before = 0
        try subjects.generate(rows: context.settings.generatedRows ?? firstSubject, seed: context.settings.seed &+ 1,
                              options: context.settings.generation ?? GenerationOptions(), text: false, rowRange: 0..<firstSubject,
                              isCancelled: { context.isCanceled }) { chunk in
            before += try synthesizer.sequenceLengths(chunk).reduce(0, +)
        }
        context.log("\(before) linked rows belong to the \(firstSubject) subjects before this shard")
        return before
    }
}

/// Publishes a training run's progress and epoch log lines (shared by flat and sequential training).
struct TrainingReporter {
    let context: TaskContext
    /// The epochs training may run (shown as "epoch n/max").
    let maxEpochs: Int
    var validationLosses: [Double] = []

    init(context: TaskContext, maxEpochs: Int) {
        self.context = context
        self.maxEpochs = maxEpochs
    }

    mutating func report(_ p: TrainingProgress) {
        // `p.epoch` counts finished epochs plus the share of the current one.
        let epoch = max(1, Int(p.epoch.rounded(.up)))
        if p.isEpochEnd, let loss = p.valLoss { validationLosses.append(loss) }
        context.report(TaskProgress(fraction: p.totalSteps.map { Double(p.step) / Double(max($0, 1)) },
                                    message: String(format: "epoch %.1f", p.epoch), epoch: epoch,
                                    epochs: p.maxEpochs ?? maxEpochs, step: p.step, trainingLoss: p.trainLoss,
                                    validationLoss: validationLosses.last, validationLosses: validationLosses,
                                    etaSeconds: p.eta),
                       force: p.isEpochEnd)
        if p.isEpochEnd {
            context.log(String(format: "epoch %.0f: training loss %.4f, validation loss %@", p.epoch, p.trainLoss,
                               p.valLoss.map { String(format: "%.4f", $0) } ?? "-"))
        }
    }
}
