/// The trained autoregressive generator over the discrete sub-columns of an `EncodedTable`.
///
/// ```swift
/// let model = try GenerativeModel.train(training: trn, validation: val, settings: .init(seed: 7),
///                                       progress: { print($0.epoch, $0.trainLoss) }, isCancelled: { false })
/// try model.generate(rows: 100_000, seed: 1) { chunk in consume(chunk) }   // EncodedTable chunks
/// try model.save(to: "diamonds.synthmodel")
/// let again = try GenerativeModel.load(from: "diamonds.synthmodel")        // generates identical rows
/// ```
///
/// The network: an embedding per sub-column; for each sub-column a head (one ReLU hidden
/// layer, then logits over its codes) that sees the embeddings of the sub-columns before it in
/// the column order (a causal mask); the loss is the sum of the heads' cross-entropies. With
/// `flexibleOrder` the order is random per batch, so any columns can be fixed at generation.
public struct GenerativeModel: Sendable {
    /// The sub-columns the model was trained on (and generates).
    public let subColumns: [SubColumnInfo]
    /// The settings it was trained with.
    public let settings: ModelSettings
    /// What happened during training.
    public let summary: TrainingSummary
    let architecture: ModelArchitecture
    let parameters: [Float]

    init(subColumns: [SubColumnInfo], settings: ModelSettings, summary: TrainingSummary,
         architecture: ModelArchitecture, parameters: [Float]) {
        self.subColumns = subColumns
        self.settings = settings
        self.summary = summary
        self.architecture = architecture
        self.parameters = parameters
    }

    /// Number of trainable parameters.
    public var parameterCount: Int { architecture.parameterCount }

    /// Trains a model on `training`, using `validation` (same sub-columns; may have no rows)
    /// for early stopping and choosing the best epoch. A table with no sub-columns (nothing
    /// left to learn: keys, excluded and single-valued columns) gets a model without
    /// parameters (`TrainingSummary.StopReason.nothingToModel`) that generates any row count.
    ///
    /// `progress` is called after every step and at each epoch's end; `isCancelled` is polled
    /// before every step, and when it returns true training throws `ModelError.canceled`.
    /// `shouldStop` is polled before every step after the first: when it returns true training
    /// ends there as if its time limit was reached, keeping the best checkpoint so far
    /// (`TrainingSummary.StopReason.stopped`).
    public static func train(training: EncodedTable, validation: EncodedTable, settings: ModelSettings = .init(),
                             progress: (TrainingProgress) -> Void = { _ in },
                             isCancelled: () -> Bool = { false },
                             shouldStop: () -> Bool = { false }) throws -> GenerativeModel {
        try train(training: training, validation: validation, settings: settings, contextSubColumns: 0,
                  progress: progress, isCancelled: isCancelled, shouldStop: shouldStop)
    }

    /// Trains a model whose first `contextSubColumns` sub-columns are context inputs, always
    /// fixed when generating (a sequential model's subject and history): they lead the column
    /// order and their heads are minimal. Needs ordinary (fixed-order, non-DP) training.
    static func train(training: EncodedTable, validation: EncodedTable, settings: ModelSettings, contextSubColumns: Int,
                      progress: (TrainingProgress) -> Void, isCancelled: () -> Bool,
                      shouldStop: () -> Bool) throws -> GenerativeModel {
        if training.subColumns.isEmpty { return try nothingToModel(training: training, settings: settings) }
        var trainer = try ModelTrainer(training: training, validation: validation, settings: settings)
        trainer.contextSubColumns = contextSubColumns
        return try trainer.run(progress: progress, isCancelled: isCancelled, shouldStop: shouldStop)
    }

    /// Mean loss per row (sum of the sub-columns' cross-entropies, nats) of `table` under the
    /// model in its own column order (natural, or a fixed set of random orders when flexible).
    public func meanLoss(on table: EncodedTable) throws -> Double {
        try ModelTrainer.checkCompatible(subColumns, table, name: "table")
        try ModelTrainer.checkCodes(table, name: "table")
        return ModelTrainer.evaluate(architecture: architecture, parameters: parameters, table: table,
                                     rows: Array(0..<table.rowCount), flexible: settings.flexibleOrder,
                                     seed: settings.seed)
    }
}
