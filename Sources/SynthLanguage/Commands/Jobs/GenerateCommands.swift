import Foundation
import SynthData
import SynthEngine
import SynthConnectors
import SynthJobs

extension JobCommands {
    static let generate = CommandSpec(
        name: "generate", group: "Jobs",
        summary: "Start a job that generates more rows from a job's trained model: a row count, or one row per row of a seed table.",
        discussion: """
        With `rows=N` (generate with subject count) the model generates N new rows. With `from=TABLE` \
        (generate with seed) it generates one row per seed row, keeping the seed's values and \
        generating the other columns, and the seed's nulls, conditionally on them (any columns, in \
        any order, with a model trained with `train … flexible=true`; otherwise exactly only on \
        columns that lead the table, with a warning). Every seed column must \
        be a column of the model; seed values the model never saw are kept, with a warning. \
        `rebalance=COLUMN` sets the share of each category of a categorical column (`shares=` \
        names some, the others share the rest in their training proportions; without `shares=` \
        all categories are equally frequent), the other columns following conditionally. \
        `fair=TARGET sensitive=[…]` generates the target independently of the sensitive columns \
        (demographic parity), the other columns following both; the job's log reports the \
        parity gap in the training data and in the generated rows. \
        `temperature=` (0 takes the most likely value, below 1 sharpens, above 1 flattens) and \
        `top_p=` (sample only from the most likely values holding that much probability) steer \
        sampling; `rare=sample` replaces `_RARE_` by kept categories drawn conditionally. The new \
        job packages and scores its rows like the first one; `watch` it, then `download` it. \
        `to=DEST` also writes the rows to a connector (`NAME`, `NAME.SCHEMA`) or a folder path \
        (any text with a `/`, as Parquet). \
        `shards=K shard=I` generates only shard I of K, numbered from 0 like Kubernetes' \
        JOB_COMPLETION_INDEX and Slurm's SLURM_ARRAY_TASK_ID, to split one generation over \
        several processes or machines: rows come in fixed blocks of 1,024 (a linked job: \
        subjects with all their rows) whose randomness depends only on the seed and the block, \
        so with the same model, `rows=` and `seed=` (required) the K shards together hold exactly \
        the rows one process generates, shard by shard in index order. A shard writes \
        TABLE.part-0000I-of-0000K.parquet in a folder, or table TABLE_part_0000I_of_0000K in a \
        database, replacing only its own earlier output, so a failed shard is simply run again; \
        it skips packaging and QA (docs/CONNECTORS.md, "Generating in shards").
        """,
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "A job whose training finished."),
                    ArgumentSpec("rows", .integer, atLeast: 1, help: "How many rows."),
                    ArgumentSpec("from", .table, help: "A seed table: fix its values, generate the rest (and its nulls)."),
                    ArgumentSpec("rebalance", .column(of: "job"), help: "A categorical column whose category shares to set (with `rows=`)."),
                    ArgumentSpec("shares", .string, help: "Target shares for `rebalance=`: \"female=0.5, male=0.5\"."),
                    ArgumentSpec("fair", .column(of: "job"), help: "A target column to make independent of the `sensitive=` columns (with `rows=`)."),
                    ArgumentSpec("sensitive", .columns(of: "job"), help: "Sensitive columns for `fair=`: [sex, island]."),
                    temperatureArgument, topPArgument, rareArgument,
                    ArgumentSpec("seed", .integer, atLeast: 0, help: "Generation seed (same seed, same rows)."),
                    ArgumentSpec("table", .string, help: "Which table of the job (needed when it has several)."),
                    ArgumentSpec("to", .string, help: "Also write the rows to a connector (NAME or NAME.SCHEMA) or a folder path (with a `/`)."),
                    ArgumentSpec("shards", .integer, atLeast: 1, help: "Split the generation into this many shards (with `shard=`, `rows=`, `seed=`)."),
                    ArgumentSpec("shard", .integer, atLeast: 0,
                                 help: "Which shard to generate, 0 to shards−1 (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID)."),
                    ArgumentSpec("regenerate", .boolean, default: "false",
                                 help: "Generate anew even when a replayed session finds a finished job with the same model, seed table and settings.")],
        changesState: true,
        examples: ["generate j rows=3000 seed=7 shards=4 shard=1 to=\"./parts\"", "generate j rows=1000 seed=3 as more", "generate j from=islands seed=1 as filled",
                   "generate j rows=1000 rebalance=sex as balanced", "generate j rows=500 temperature=0.5 top_p=0.9 rare=sample",
                   "generate j rows=1000 fair=species sensitive=[sex] as fairer"]
    ) { context in
        let seedTable = context.arguments.has("from") ? try context.arguments.table("from") : nil
        let rows = context.arguments.integer("rows") ?? -1
        guard seedTable != nil || rows >= 0 else { throw context.error("say how many rows (`rows=N`) or give a seed table (`from=TABLE`)") }
        var options = try generationOptions(context)
        if let column = context.arguments.string("rebalance") {
            guard seedTable == nil else {
                throw context.error("`rebalance=` sets the shares of generated rows; with `from=` the seed fixes them", at: "rebalance")
            }
            options.rebalancing = GenerationOptions.Rebalancing(column: column, shares: try shares(context))
        } else if context.arguments.has("shares") {
            throw context.error("`shares=` needs `rebalance=COLUMN`", at: "shares")
        }
        if let target = context.arguments.string("fair") {
            guard seedTable == nil, options.rebalancing == nil else {
                throw context.error("`fair=` cannot be combined with `from=` or `rebalance=`", at: "fair")
            }
            guard let sensitive = context.arguments.strings("sensitive"), !sensitive.isEmpty else {
                throw context.error("`fair=` needs `sensitive=[COLUMN, …]`", at: "fair")
            }
            options.fairness = GenerationOptions.Fairness(target: target, sensitive: sensitive)
        } else if context.arguments.has("sensitive") {
            throw context.error("`sensitive=` needs `fair=TARGET`", at: "sensitive")
        }
        return try startGeneration(context, seedTable: seedTable, rows: seedTable?.rowCount ?? Int(rows), options: options,
                                   imputeColumns: nil, shard: try shard(context, seedTable: seedTable),
                                   destination: try destination(context))
    }

    /// `shards=K shard=I`, checked: both or neither, with `rows=` and `seed=` (every shard must
    /// draw from the same seed), never with `from=`.
    static func shard(_ context: CommandContext, seedTable: Table?) throws -> GenerationShard? {
        let count = context.arguments.integer("shards"), index = context.arguments.integer("shard")
        if count == nil && index == nil { return nil }
        guard let count else { throw context.error("`shard=` needs `shards=K`, the number of shards", at: "shard") }
        guard let index else {
            throw context.error("`shards=` needs `shard=I`, which shard (0 to \(count - 1)) this process generates", at: "shards")
        }
        guard seedTable == nil else {
            throw context.error("shards split `rows=N` generation; generating from a seed table is not split", at: "shards")
        }
        guard context.arguments.integer("seed") != nil else {
            throw context.error("every shard must use the same seed: give `seed=` (the same in every shard)", at: "shards")
        }
        do { return try GenerationShard(index: Int(index), count: Int(count)) } catch {
            throw context.error(error.description, at: "shard")
        }
    }

    /// `to=DEST` checked now (the connector exists and opens), a folder path made absolute.
    static func destination(_ context: CommandContext) throws -> String? {
        guard let text = context.arguments.string("to") else { return nil }
        var destination = JobDestination(text)
        if case .folder(let path) = destination {
            let expanded = (path as NSString).expandingTildeInPath
            destination = .folder(path: expanded.hasPrefix("/") ? expanded
                : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(expanded).standardizedFileURL.path)
        }
        let (store, _) = try context.jobs.storeAndRunner()
        do { _ = try destination.open(in: store) } catch let error as JobStoreError {
            throw context.error(error.description, at: "to")
        } catch let error as ConnectorError {
            throw context.error(error.description, at: "to")
        }
        return destination.description
    }

    static let impute = CommandSpec(
        name: "impute", group: "Jobs",
        summary: "Start a job that fills the nulls of a table with values drawn from a job's model, conditionally on the rest of each row.",
        discussion: """
        Every null of the chosen columns (`columns=`, default: all) is replaced by a value the \
        model draws given the row's other values; every other cell is kept as it is. The table's \
        columns must be columns of the model. The job's synthetic data is the filled table; \
        `watch` it, then `download` it.
        """,
        arguments: [ArgumentSpec("job", .job, positional: true, required: true, help: "A job whose training finished."),
                    ArgumentSpec("table", .table, required: true, help: "The table with nulls to fill."),
                    ArgumentSpec("columns", .columns(of: "table"), help: "Columns whose nulls to fill (default: all)."),
                    temperatureArgument, topPArgument, rareArgument,
                    ArgumentSpec("seed", .integer, atLeast: 0, help: "Generation seed (same seed, same values)."),
                    ArgumentSpec("regenerate", .boolean, default: "false",
                                 help: "Impute anew even when a replayed session finds a finished job with the same model, table and settings.")],
        changesState: true, examples: ["impute j table=gaps as filled", "impute j table=gaps columns=[sex, body_mass_g] seed=2"]
    ) { context in
        let table = try context.arguments.table("table")
        let columns = context.arguments.strings("columns") ?? []
        for name in columns where table.columnIndex(named: name) == nil {
            throw context.error("table has no column '\(name)'", at: "columns")
        }
        return try startGeneration(context, seedTable: table, rows: table.rowCount, options: try generationOptions(context),
                                   imputeColumns: columns, modelTable: nil)
    }

    static let temperatureArgument = ArgumentSpec(
        "temperature", .number, help: "Sampling temperature ≥ 0 (default 1; 0 takes the most likely value).")
    static let topPArgument = ArgumentSpec(
        "top_p", .number, help: "Nucleus sampling: keep the most likely values holding this share of probability, in (0, 1].")
    static let rareArgument = ArgumentSpec(
        "rare", .choice(GenerationOptions.RareCategories.allCases.map(\.rawValue)), default: "constant",
        help: "Rare categories as `_RARE_` (constant) or as kept categories drawn by the model (sample).")

    /// Temperature, top-p and rare categories from the arguments, checked.
    static func generationOptions(_ context: CommandContext) throws -> GenerationOptions {
        var options = GenerationOptions()
        if let temperature = context.arguments.number("temperature") {
            guard temperature >= 0 && temperature.isFinite else {
                throw context.error("temperature must be zero or positive (got \(temperature))", at: "temperature")
            }
            options.temperature = temperature
        }
        if let topP = context.arguments.number("top_p") {
            guard topP > 0 && topP <= 1 else { throw context.error("top_p must be in (0, 1] (got \(topP))", at: "top_p") }
            options.topP = topP
        }
        if let rare = context.arguments.string("rare") {
            options.rareCategories = GenerationOptions.RareCategories(rawValue: rare) ?? .constant
        }
        return options
    }

    /// `shares="a=0.5, b=0.2"` as a dictionary.
    static func shares(_ context: CommandContext) throws -> [String: Double] {
        guard let text = context.arguments.string("shares") else { return [:] }
        var result: [String: Double] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            let name = pair.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard pair.count == 2, !name.isEmpty, let share = Double(pair[1].trimmingCharacters(in: .whitespaces)) else {
                throw context.error("shares are `category=share` pairs separated by commas (got \"\(part)\")", at: "shares")
            }
            guard result[name] == nil else { throw context.error("category '\(name)' is named twice", at: "shares") }
            result[name] = share
        }
        return result
    }

    /// Checks the request against the job's model, then creates and starts the generate job.
    static func startGeneration(_ context: CommandContext, seedTable: Table?, rows: Int, options: GenerationOptions,
                                imputeColumns: [String]?, modelTable: String? = "table", shard: GenerationShard? = nil,
                                destination: String? = nil) throws -> LangValue? {
        var (store, runner, record) = try resolve(context)
        // The job's table the command names (`modelTable`), or its only one; in a job with
        // linked tables, its subject table (the linked tables are generated with it).
        let parentSchema = try store.schema(ofJob: record.id)
        // Tables that refer to one another (context links or foreign keys between the job's
        // tables) are generated together, so generated keys stay consistent.
        let linkedJob = parentSchema.tables.contains { !$0.isSubject || !parentSchema.foreignKeysInJob(of: $0.name).isEmpty }
        let withLinked = parentSchema.tables.filter { $0.isSubject && !parentSchema.linkedTables(of: $0.name).isEmpty }
        let subjects = withLinked.isEmpty ? parentSchema.tables.filter { $0.isSubject && !parentSchema.isReferenced($0.name) } : withLinked
        let chosen = modelTable.flatMap { context.arguments.string($0) } ?? (linkedJob && subjects.count == 1 ? subjects[0].name : nil)
        let table: JobTableRecord
        do { table = try store.table(ofJob: record.id, named: chosen) } catch let error as JobStoreError {
            throw context.error(error.description, at: chosen == nil ? "job" : (modelTable ?? "job"))
        }
        if linkedJob {
            guard parentSchema.table(named: table.name)?.isSubject == true, imputeColumns == nil else {
                throw context.error("generate from job \(record.id)'s subject table (\(subjects.map(\.name).joined(separator: ", "))): "
                    + "its linked tables are generated with their subjects", at: chosen == nil ? "job" : (modelTable ?? "job"))
            }
            for other in parentSchema.tables where other.name != table.name {
                record = try waitFor(.model, of: record, table: other.name, store: store, context, at: "job")
            }
        }
        record = try waitFor(.model, of: record, table: table.name, store: store, context, at: "job")
        let modelFolder = store.files(ofJob: record.id).url(.model, table: table.name)
        guard FileManager.default.fileExists(atPath: modelFolder.path) else {
            throw context.error(missingMessage(record, "trained model"), at: "job")
        }
        // Check what can be checked now, so mistakes are errors here, not failed jobs.
        let synthesizer: Synthesizer
        do { synthesizer = try Synthesizer.load(from: modelFolder) } catch {
            throw context.error("cannot read job \(record.id)'s model: \(error)", at: "job")
        }
        if let seedTable {
            do { _ = try synthesizer.encoding.seedCodes(synthesizer.encoding.conformedSeed(seedTable).head(0)) } catch {
                throw context.error("\(error)", at: imputeColumns == nil ? "from" : "table")
            }
            for warning in synthesizer.seedWarnings(seedTable) { context.output.emit(.warning(warning)) }
        }
        if let rebalancing = options.rebalancing {
            do {
                _ = try synthesizer.encoding.rebalancedCodes(column: rebalancing.column, shares: rebalancing.shares, rows: 0, seed: 0)
            } catch {
                throw context.error("\(error)", at: "rebalance")
            }
            if !synthesizer.conditionsExactly(onColumns: [rebalancing.column]) {
                context.output.emit(.warning("the model was trained in a fixed column order, so columns before '\(rebalancing.column)' "
                    + "follow it by resampling (\(GenerativeModel.seedCandidates) draws a row); train with `flexible=true` to rebalance exactly"))
            }
        }
        if let fairness = options.fairness {
            do { _ = try synthesizer.fairCodesCheck(fairness) } catch { throw context.error("\(error)", at: "fair") }
            if !synthesizer.conditionsExactly(onColumns: Set([fairness.target] + fairness.sensitive)) {
                context.output.emit(.warning("the model was trained in a fixed column order, so columns before '\(fairness.target)' and "
                    + "the sensitive columns follow them by resampling (\(GenerativeModel.seedCandidates) draws a row); "
                    + "train with `flexible=true` for exact fairness"))
            }
        }
        let seed: Int64
        if let given = context.arguments.integer("seed") { seed = given } else {
            seed = Int64(truncatingIfNeeded: context.session.nextSeed() & 0x7FFF_FFFF)
            context.recordChoice("seed", .integer(seed))
        }
        var settings = record.settings
        settings.seed = UInt64(seed)
        settings.generatedRows = rows
        settings.generation = options
        settings.imputeColumns = imputeColumns
        settings.shard = shard
        // `rows=` counts this job's rows: a per-table count of the training job's template does not apply.
        settings.tableSettings = settings.tableSettings?.mapValues { own in
            var own = own
            own.generatedRows = nil
            return own
        }
        let type: JobType = seedTable == nil ? .generateWithSubjectCount : .generateWithSeed
        let seedBytes = try seedTable.map { try ParquetWriter.encode($0) }
        if context.session.isReplaying, context.arguments.boolean("regenerate") != true,
           let reused = try JobReuse.generateJob(in: store, parent: record.id, type: type, tableName: table.name, settings: settings,
                                                 seedSHA256: seedBytes.map { ContentDigest.sha256Hex(of: $0) }, name: context.statement.binding) {
            context.output.emit(.message("reusing job \(reused.id) (\(reused.name)): it generated from job \(record.id) with the same settings; `regenerate=true` generates anew"))
            context.noteJob(id: reused.id, name: reused.name)
            return .string(String(reused.id))
        }
        if let destination {
            let names = linkedJob ? try store.tables(ofJob: record.id).map(\.name) : [table.name]
            try ConnectorCommands.checkWritable(destination, tables: names, replace: shard != nil, context, at: "to")
        }
        let job = try store.createJob(name: context.statement.binding, type: type,
                                      settings: settings,
                                      tables: linkedJob ? try store.tables(ofJob: record.id).map(generatedTable) : [generatedTable(table)],
                                      tasks: (shard == nil ? [.generating, .generatingText, .packaging, .qaReport]
                                          : [.generating, .generatingText]) + (destination == nil ? [] : [.writingDestination]),
                                      parentJobID: record.id, destination: destination)
        context.noteJob(id: job.id, name: job.name)
        if let seedBytes {
            try AtomicFileWriter.write(seedBytes, to: store.files(ofJob: job.id).url(.seed, table: table.name).path, replace: true)
            try store.secureFiles(ofJob: job.id)
        }
        context.jobs.start(job.id, on: runner)
        let kind = imputeColumns != nil ? "impute" : job.type.title
        context.output.emit(.message("started job \(job.id) (\(kind) from job \(record.id)\(shard.map { ", \($0)" } ?? "")); "
            + "`watch \(job.id)` to follow it"))
        return .string(String(job.id))
    }
}
