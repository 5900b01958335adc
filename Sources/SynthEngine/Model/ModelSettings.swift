/// What a user can choose about training the generative model.
///
/// Every field has a sensible default; `goal` is a preset over model size, epochs and time
/// limit that explicit fields override. Training with the same settings, the same data and
/// the same machine gives the same model, bit for bit.
public struct ModelSettings: Codable, Sendable, Hashable {
    /// Model capacity: embedding widths and hidden widths of the per-sub-column heads.
    public enum Size: String, Codable, Sendable, CaseIterable {
        case small = "S", medium = "M", large = "L"
    }

    /// Preset: `accuracy` trains a medium model for longer; `speed` a small one, briefly.
    public enum Goal: String, Codable, Sendable, CaseIterable {
        case accuracy, speed
    }

    /// Preset over size, epochs and time limit.
    public var goal: Goal
    /// Model size; `nil` takes the goal's (accuracy → M, speed → S).
    public var size: Size?
    /// Most epochs to train; `nil` takes the goal's (accuracy → 100, speed → 20).
    public var maxEpochs: Int?
    /// Most wall-clock seconds to train; `nil` takes the goal's (accuracy → 600, speed → 60).
    public var maxTrainingTime: Double?
    /// Most training rows used; more are subsampled (seeded). `nil`: all rows.
    public var maxTrainingRows: Int?
    /// Rows per optimiser step; `nil` picks one from the number of rows (16…1024).
    public var batchSize: Int?
    /// Initial AdamW learning rate; `nil` scales it with the batch size.
    public var learningRate: Double?
    /// Dropout on the embeddings the heads see during training (0 ..< 1). Default 0.1,
    /// measured against higher rates on the tables of `scripts/bench/quality` (synth's QA
    /// overall accuracy, seed 42): 0.25 (mostlyai-engine's rate) helps census 0.966 → 0.975,
    /// nmes 0.943 → 0.947 and penguins 0.810 → 0.816 but hurts diamonds 0.967 → 0.962 and
    /// police 0.948 → 0.941 (0.2: census 0.975, police 0.946, penguins 0.799), so no rate is
    /// better on every table. Early-stopping patience 10 instead of 5 changed no best epoch.
    public var dropout: Double
    /// AdamW decoupled weight decay. Default 0.1 (was 0.01), measured on the seven tables of
    /// `scripts/bench/quality` (synth's QA overall accuracy, release, seed 42, digit layouts up
    /// to 3 positions): census 0.9685 → 0.9752, police 0.9485 → 0.9515, penguins 0.8103 →
    /// 0.8169, nmes 0.9454 → 0.9458, breast_cancer 0.6320 → 0.6325, wine 0.4978 → 0.4969
    /// (within its noise: 142 rows). Dropout 0.25 or a lower learning rate also lifted census
    /// but cost police 0.012 and 0.004.
    public var weightDecay: Double
    /// Train on a random column order per batch, so any set of columns can later be fixed
    /// and the rest generated conditionally on them (seeds, imputation, rebalancing,
    /// fairness). Off by default: in the columns' own order the model learns the joint
    /// distribution better (measured: synth's QA overall accuracy, median of 3 seeds,
    /// penguins 0.804 fixed vs 0.756 flexible, diamonds 10 epochs 0.96 vs 0.924), and
    /// conditioning is exact only on columns that lead the table.
    public var flexibleOrder: Bool
    /// How training ends and which parameters it keeps.
    public enum Stopping: String, Codable, Sendable, CaseIterable {
        /// Train for the epoch limit, or fewer epochs where the step budget
        /// (`effectiveMaxSteps(parameters:)`) ends first; the epoch with the lowest training
        /// loss is kept and the learning rate halves on its plateaus. Validation rows, if any,
        /// are only scored (for progress reports). The batch has at least one row per
        /// `parametersPerBatchRow` parameters (`effectiveBatchSize(rows:parameters:)`).
        ///
        /// Measured against `validationLoss` on the seven tables of `scripts/bench/quality`
        /// (release, synth's QA overall accuracy): the validation loss bottoms out within 4-30
        /// epochs (police: 89) and rises after, while the accuracy of the generated rows,
        /// against the training rows and against the holdout alike, keeps improving to 100
        /// epochs. Figures: docs/ARCHITECTURE.md, *Performance choices*.
        case budget
        /// Early stopping on the validation rows' loss (`earlyStoppingPatience`), the epoch with
        /// the lowest validation loss kept; without validation rows, the full epoch budget. The
        /// sequential (linked-table) model trains this way.
        case validationLoss
    }

    /// The stopping rule; `nil` takes `.budget` (settings saved before the rule existed
    /// decode as `nil`).
    public var stopping: Stopping?
    /// Most parameter updates (optimiser steps × parameters) under `.budget` stopping; `nil`
    /// takes `defaultParameterSteps`.
    public var maxParameterSteps: Double?
    /// Most token-parameter updates (optimiser steps × tokens a step × parameters) a text
    /// model trains for; `nil` takes `defaultTextParameterTokens`.
    public var maxTextParameterTokens: Double?
    /// Epochs without validation improvement before training stops (`.validationLoss`).
    public var earlyStoppingPatience: Int
    /// Seed for initialisation, shuffling, dropout and column orders.
    public var seed: UInt64
    /// Differentially private training (DP-SGD) with this budget; `nil`: ordinary training.
    public var differentialPrivacy: DifferentialPrivacySettings?

    public init(goal: Goal = .accuracy, size: Size? = nil, maxEpochs: Int? = nil, maxTrainingTime: Double? = nil,
                maxTrainingRows: Int? = nil, batchSize: Int? = nil, learningRate: Double? = nil,
                dropout: Double = 0.1, weightDecay: Double = 0.1, flexibleOrder: Bool = false,
                earlyStoppingPatience: Int = 5, seed: UInt64 = 0, differentialPrivacy: DifferentialPrivacySettings? = nil,
                stopping: Stopping? = nil, maxParameterSteps: Double? = nil, maxTextParameterTokens: Double? = nil) {
        self.goal = goal
        self.size = size
        self.maxEpochs = maxEpochs
        self.maxTrainingTime = maxTrainingTime
        self.maxTrainingRows = maxTrainingRows
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.dropout = dropout
        self.weightDecay = weightDecay
        self.flexibleOrder = flexibleOrder
        self.earlyStoppingPatience = earlyStoppingPatience
        self.seed = seed
        self.differentialPrivacy = differentialPrivacy
        self.stopping = stopping
        self.maxParameterSteps = maxParameterSteps
        self.maxTextParameterTokens = maxTextParameterTokens
    }

    /// The size after applying the goal preset.
    public var effectiveSize: Size { size ?? (goal == .accuracy ? .medium : .small) }
    /// The epoch limit after applying the goal preset.
    public var effectiveMaxEpochs: Int { maxEpochs ?? (goal == .accuracy ? 100 : 20) }
    /// The time limit in seconds after applying the goal preset.
    public var effectiveMaxTrainingTime: Double { maxTrainingTime ?? (goal == .accuracy ? 600 : 60) }

    /// The stopping rule after applying the default.
    public var effectiveStopping: Stopping { stopping ?? .budget }

    /// Default of `maxParameterSteps`: 2·10⁹ parameter updates. Each step updates every
    /// parameter, so a model with more parameters (more sub-columns, more categories) takes
    /// fewer steps. No table of `scripts/bench/quality` reaches it in 100 epochs (police, the
    /// most: 8,000 steps × 241k parameters = 1.9·10⁹); it bounds large tables (a million rows,
    /// 1,000 steps an epoch, 200k parameters: 10 epochs), which the time limit would otherwise end.
    public static let defaultParameterSteps = 2e9

    /// Parameters per batch row under `.budget` stopping: every step also does work in
    /// proportion to the parameters alone (AdamW's pass, summing the two halves' gradients),
    /// which small batches of a large model spend most of their CPU on. breast_cancer (637k
    /// parameters, 409 rows stepped on, 100 epochs, release, seeds 42-44 on a quiet machine,
    /// synth's QA): batch 64 took 5.0-5.1 CPU s, overall accuracy 0.740 / 0.740 / 0.747, DCR
    /// share 0.667 / 0.596 / 0.675; batch 128 (this rule) 3.8-4.7 CPU s, 0.741 / 0.745 / 0.750,
    /// 0.605 / 0.623 / 0.605 (mostlyai-engine's training CPU there: 16-30 s). Wine (353k
    /// parameters, 128 rows) gets 64: 0.599 / 0.602 / 0.607 against 0.610 / 0.602 / 0.600 at
    /// 32. The other tables of `scripts/bench/quality` keep the row rule's batch.
    public static let parametersPerBatchRow = 8_192

    /// The optimiser steps `.budget` stopping allows a model of `parameters` parameters (at
    /// least one).
    public func effectiveMaxSteps(parameters: Int) -> Int {
        let budget = maxParameterSteps ?? Self.defaultParameterSteps
        return max(1, Int(min(budget / Double(max(parameters, 1)), Double(Int32.max))))
    }

    /// Default of `maxTextParameterTokens`: 5·10¹² token-parameter updates, so a text model
    /// trains the same steps, and ends the same, however loaded the machine is (the time limit
    /// stays a backstop). tweets (16,609 texts, 1.6M tokens an epoch, the medium model's
    /// 863k parameters): about 3.6 epochs.
    public static let defaultTextParameterTokens = 5e12

    /// The optimiser steps a text model of `parameters` parameters may take at `batchTokens`
    /// tokens a step (at least one).
    public func effectiveMaxTextSteps(parameters: Int, batchTokens: Int) -> Int {
        let budget = maxTextParameterTokens ?? Self.defaultTextParameterTokens
        return max(1, Int(min(budget / Double(max(parameters, 1)) / Double(max(batchTokens, 1)), Double(Int32.max))))
    }

    /// The batch size for `rows` training rows: the explicit one, or a power of two that
    /// gives at least ~64 steps per epoch, between 16 and 1024.
    public func effectiveBatchSize(rows: Int) -> Int {
        if let batchSize { return max(1, min(batchSize, rows)) }
        var b = 16
        while b < 1024 && b * 2 * 64 <= rows { b *= 2 }
        return max(1, min(b, rows))
    }

    /// The batch size for `rows` training rows of a model of `parameters` parameters under
    /// `.budget` stopping: `effectiveBatchSize(rows:)`, doubled (up to 1024) while it has fewer
    /// than one row per `parametersPerBatchRow` parameters. An explicit batch size is kept.
    public func effectiveBatchSize(rows: Int, parameters: Int) -> Int {
        if let batchSize { return max(1, min(batchSize, rows)) }
        var b = effectiveBatchSize(rows: rows)
        while b < 1024 && b * Self.parametersPerBatchRow < parameters { b *= 2 }
        return max(1, min(b, rows))
    }

    /// The initial learning rate for a batch size: explicit, or 0.001·√(batch/32).
    public func effectiveLearningRate(batchSize: Int) -> Double {
        learningRate ?? 0.001 * (Double(batchSize) / 32).squareRoot()
    }

    /// Throws `ModelError.invalidSetting` for values training cannot use.
    public func validate() throws {
        if let maxEpochs, maxEpochs < 1 { throw ModelError.invalidSetting("max epochs must be at least 1 (got \(maxEpochs))") }
        if let maxTrainingTime, !(maxTrainingTime > 0) {
            throw ModelError.invalidSetting("max training time must be positive (got \(maxTrainingTime))")
        }
        if let maxTrainingRows, maxTrainingRows < 1 {
            throw ModelError.invalidSetting("max training rows must be at least 1 (got \(maxTrainingRows))")
        }
        if let batchSize, batchSize < 1 { throw ModelError.invalidSetting("batch size must be at least 1 (got \(batchSize))") }
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
            throw ModelError.invalidSetting("learning rate must be positive (got \(learningRate))")
        }
        if !(dropout >= 0 && dropout < 1) { throw ModelError.invalidSetting("dropout must be in [0, 1) (got \(dropout))") }
        if !(weightDecay >= 0 && weightDecay.isFinite) {
            throw ModelError.invalidSetting("weight decay must be non-negative (got \(weightDecay))")
        }
        if let maxParameterSteps, !(maxParameterSteps > 0 && maxParameterSteps.isFinite) {
            throw ModelError.invalidSetting("max parameter steps must be positive (got \(maxParameterSteps))")
        }
        if let maxTextParameterTokens, !(maxTextParameterTokens > 0 && maxTextParameterTokens.isFinite) {
            throw ModelError.invalidSetting("max text parameter tokens must be positive (got \(maxTextParameterTokens))")
        }
        if earlyStoppingPatience < 1 {
            throw ModelError.invalidSetting("early stopping patience must be at least 1 (got \(earlyStoppingPatience))")
        }
        try differentialPrivacy?.validate()
    }
}
