import Foundation
import SynthEngine

/// What started a job.
public enum JobType: String, Sendable, Codable, CaseIterable {
    /// A table loaded in the session or a file: the full pipeline.
    case adHoc = "ad_hoc"
    /// More rows from an earlier job's trained model.
    case generateWithSubjectCount = "generate_count"
    /// The model fills the other columns of rows that fix some columns.
    case generateWithSeed = "generate_seed"
    /// A table from a connector's catalog (reserved for connectors).
    case catalog
    /// A trained model imported from a `.synthjob` bundle.
    case imported

    public var title: String {
        switch self {
        case .adHoc: "ad hoc"
        case .generateWithSubjectCount: "generate (count)"
        case .generateWithSeed: "generate (seed)"
        case .catalog: "catalog"
        case .imported: "imported"
        }
    }
}

/// The state of a task, and (derived from its tasks) of a job.
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case queued
    case inProgress = "in_progress"
    case finished
    case failed
    case canceled

    public var title: String { self == .inProgress ? "in progress" : rawValue }
    public var isTerminal: Bool { self == .finished || self == .failed || self == .canceled }
}

/// The steps of a job, per table, in order.
public enum TaskKind: String, Sendable, Codable, CaseIterable {
    case organizingData = "organizing_data"
    case dataAnalysis = "data_analysis"
    case transformingData = "transforming_data"
    case training = "ai_training"
    case generating = "generating"
    /// Fills the generated rows' `text` columns with the text models (after the rows).
    case generatingText = "generating_text"
    case packaging = "packaging"
    case qaReport = "qa_report"
    /// Writes the job's synthetic tables to its destination connector (`train … destination=`),
    /// all in one write; only jobs with a destination have it, once, after all the others.
    case writingDestination = "writing_destination"

    /// The tasks of every training job, in order (`writingDestination` is added to jobs with
    /// a destination only).
    public static var allCases: [TaskKind] {
        [.organizingData, .dataAnalysis, .transformingData, .training, .generating, .generatingText, .packaging, .qaReport]
    }

    public var title: String {
        switch self {
        case .organizingData: "Organizing data"
        case .dataAnalysis: "Data analysis"
        case .transformingData: "Transforming data"
        case .training: "AI training"
        case .generating: "Generating synthetic data"
        case .generatingText: "Generating text"
        case .packaging: "Packaging (ZIP)"
        case .qaReport: "Creating QA report"
        case .writingDestination: "Writing to destination"
        }
    }
}

/// The user's training and generation settings for a job.
public struct JobSettings: Sendable, Codable, Hashable {
    public enum Goal: String, Sendable, Codable, CaseIterable { case accuracy, speed }
    public enum ModelSize: String, Sendable, Codable, CaseIterable { case small = "S", medium = "M", large = "L" }

    public var maxTrainingRows: Int?
    /// Rows to generate; `nil` means as many as the source has.
    public var generatedRows: Int?
    public var goal: Goal
    public var maxEpochs: Int?
    public var modelSize: ModelSize
    /// `nil` chooses a batch size from the data size.
    public var batchSize: Int?
    public var maxTrainingMinutes: Double?
    public var seed: UInt64
    public var valueProtection: Bool
    /// Encoding overrides by column name (user-facing encoding type names).
    public var encodings: [String: String]
    /// A job over several tables: each table's encoding overrides, by table then column name
    /// (`encode flights.dep_delay as numeric_binned`). A table listed here uses its own
    /// overrides instead of `encodings`. Optional, so stores written before it existed decode.
    public var tableEncodings: [String: [String: String]]?
    /// Share of rows held out for validation and the QA report's holdout.
    public var holdoutShare: Double
    /// Train with differential privacy (DP-SGD) within this budget; `nil`: ordinary training.
    /// Optional, so stores written before it existed decode.
    public var differentialPrivacy: DifferentialPrivacySettings?
    /// Train on a random column order per batch, so any columns can seed generation;
    /// `nil` takes `ModelSettings`' default (the columns' own order).
    public var flexibleOrder: Bool?
    /// How generation is steered (temperature, top-p, rare categories, rebalancing);
    /// `nil`: plain sampling.
    public var generation: GenerationOptions?
    /// Set for an imputation job: the seed table's nulls in these columns (`[]`: in every
    /// column) are filled and every other cell is kept.
    public var imputeColumns: [String]?
    /// Set for a shard of a generation split over several processes (`generate … shards=K
    /// shard=I`): the job generates only that shard's blocks of `generatedRows`.
    public var shard: GenerationShard?
    /// Settings of single tables over the job's own (a catalog's per-table template: epochs,
    /// training rows, generated rows, time limit, encoding overrides), by table name;
    /// `nil` for a job whose tables all train alike. Tasks see them through `forTable(_:)`.
    public var tableSettings: [String: TableSettings]?
    /// Whether the job's destination may replace tables it already holds (a catalog's
    /// `overwrite=true`); `nil` or false: an existing table there stops the job before it starts.
    public var replaceAtDestination: Bool?

    public init(maxTrainingRows: Int? = nil, generatedRows: Int? = nil, goal: Goal = .accuracy, maxEpochs: Int? = nil,
                modelSize: ModelSize = .medium, batchSize: Int? = nil, maxTrainingMinutes: Double? = nil, seed: UInt64 = 42,
                valueProtection: Bool = true, encodings: [String: String] = [:], holdoutShare: Double = 0.2,
                differentialPrivacy: DifferentialPrivacySettings? = nil) {
        self.maxTrainingRows = maxTrainingRows
        self.generatedRows = generatedRows
        self.goal = goal
        self.maxEpochs = maxEpochs
        self.modelSize = modelSize
        self.batchSize = batchSize
        self.maxTrainingMinutes = maxTrainingMinutes
        self.seed = seed
        self.valueProtection = valueProtection
        self.encodings = encodings
        self.holdoutShare = holdoutShare
        self.differentialPrivacy = differentialPrivacy
    }

    /// The encoding overrides of the job's table `table`: its own (`tableEncodings`), or the
    /// job's `encodings` when it has none.
    public func encodings(ofTable table: String) -> [String: String] {
        tableEncodings?[table] ?? encodings
    }
}

/// Live progress of a running task (training epochs, generated rows, ...).
public struct TaskProgress: Sendable, Codable, Hashable {
    /// 0...1 when known.
    public var fraction: Double?
    public var message: String?
    /// Training: the epoch being trained, from 1 (at an epoch's end, the one that ended).
    public var epoch: Int?
    /// Training: the epoch limit (training may stop earlier).
    public var epochs: Int?
    public var step: Int?
    public var trainingLoss: Double?
    /// Training: the validation loss of the last finished epoch.
    public var validationLoss: Double?
    /// Training: the validation loss of every finished epoch, in order (epoch 1 first), so a
    /// reader polling now and then misses none and never pairs a loss with the wrong epoch.
    public var validationLosses: [Double]?
    public var etaSeconds: Double?
    public var rows: Int?

    public init(fraction: Double? = nil, message: String? = nil, epoch: Int? = nil, epochs: Int? = nil, step: Int? = nil,
                trainingLoss: Double? = nil, validationLoss: Double? = nil, validationLosses: [Double]? = nil,
                etaSeconds: Double? = nil, rows: Int? = nil) {
        self.fraction = fraction
        self.message = message
        self.epoch = epoch
        self.epochs = epochs
        self.validationLosses = validationLosses
        self.step = step
        self.trainingLoss = trainingLoss
        self.validationLoss = validationLoss
        self.etaSeconds = etaSeconds
        self.rows = rows
    }
}

/// A job as stored.
public struct JobRecord: Sendable, Hashable {
    public var id: Int
    public var name: String
    public var type: JobType
    public var status: TaskStatus
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var settings: JobSettings
    public var catalog: String?
    public var destination: String?
    public var parentJobID: Int?
    public var error: String?
    public var tasksCompleted: Int
    public var taskCount: Int

    /// Seconds from start to finish (or to `now` while running).
    public func duration(now: Date = Date()) -> Double? {
        guard let startedAt else { return nil }
        return (finishedAt ?? now).timeIntervalSince(startedAt)
    }
}

/// One table of a job, where its data came from, and its place in the job's schema.
public struct JobTableRecord: Sendable, Hashable {
    public var jobID: Int
    public var name: String
    /// The source file (CSV or Parquet) the job reads, copied into the job folder.
    public var sourcePath: String
    public var sourceBytes: Int
    public var sourceSHA256: String?
    /// The table's primary key column, if declared.
    public var primaryKey: String?
    /// For a linked table: its context foreign key to its subject table.
    public var context: ForeignKey?
    /// For a linked table: the column that orders a subject's rows.
    public var orderColumn: String?
    /// Its non-context foreign keys (kept with referential integrity on generation).
    public var foreignKeys: [ForeignKey]

    public init(jobID: Int, name: String, sourcePath: String, sourceBytes: Int, sourceSHA256: String?,
                primaryKey: String? = nil, context: ForeignKey? = nil, orderColumn: String? = nil,
                foreignKeys: [ForeignKey] = []) {
        self.jobID = jobID
        self.name = name
        self.sourcePath = sourcePath
        self.sourceBytes = sourceBytes
        self.sourceSHA256 = sourceSHA256
        self.primaryKey = primaryKey
        self.context = context
        self.orderColumn = orderColumn
        self.foreignKeys = foreignKeys
    }

    /// The record of a schema's table (its source not set yet).
    public init(jobID: Int = 0, schema: TableSchema) {
        self.init(jobID: jobID, name: schema.name, sourcePath: "", sourceBytes: 0, sourceSHA256: nil, primaryKey: schema.primaryKey,
                  context: schema.context, orderColumn: schema.orderColumn, foreignKeys: schema.foreignKeys)
    }

    /// The table as the engine's schema sees it.
    public var schema: TableSchema {
        TableSchema(name: name, primaryKey: primaryKey, context: context, orderColumn: orderColumn, foreignKeys: foreignKeys)
    }
}

/// A task as stored.
public struct TaskRecord: Sendable, Hashable {
    public var id: Int
    public var jobID: Int
    public var tableName: String
    public var kind: TaskKind
    public var position: Int
    public var status: TaskStatus
    public var startedAt: Date?
    public var finishedAt: Date?
    public var progress: TaskProgress?
    public var message: String?

    public func duration(now: Date = Date()) -> Double? {
        guard let startedAt else { return nil }
        return (finishedAt ?? now).timeIntervalSince(startedAt)
    }
}

/// A line of a job's log.
public struct LogRecord: Sendable, Hashable {
    public var at: Date
    public var level: String
    public var task: TaskKind?
    public var message: String
}

/// A file a job produced (model, synthetic data, report, package).
public struct ArtifactRecord: Sendable, Hashable {
    public var jobID: Int
    public var kind: String
    public var path: String
    public var bytes: Int
}

extension JobSettings {
    /// The rows a shard job generates out of `generatedRows` (`nil` for a job that is no shard).
    public var shardRowRange: Range<Int>? {
        shard.map { $0.rowRange(ofRows: generatedRows ?? 0) }
    }
}
