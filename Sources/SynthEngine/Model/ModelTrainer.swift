import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The training loop: minibatch AdamW with the batch split in fixed halves across two
/// threads (gradients summed in a fixed order, so results do not depend on scheduling),
/// learning-rate halving on plateaus, best checkpoint. `ModelSettings.Stopping` says which
/// loss steers: `.budget` trains for the step budget on the training loss (validation rows,
/// if given, are only scored for progress reports); `.validationLoss` validates each epoch and
/// stops early.
struct ModelTrainer {
    let training: EncodedTable
    let validation: EncodedTable
    let settings: ModelSettings
    /// Leading sub-columns that are context inputs (`ModelArchitecture.make`).
    var contextSubColumns = 0

    /// Worker threads for the data-parallel split; fixed (not the core count) so that a model
    /// is the same on any machine with the same floating-point behaviour.
    static let threads = 2

    init(training: EncodedTable, validation: EncodedTable, settings: ModelSettings) throws {
        try settings.validate()
        guard !training.subColumns.isEmpty else { throw ModelError.noSubColumns }
        guard training.rowCount > 0 else { throw ModelError.noTrainingRows }
        for s in training.subColumns where s.cardinality < 1 {
            throw ModelError.invalidCardinality(subColumn: s.name, cardinality: s.cardinality)
        }
        try Self.checkCompatible(training.subColumns, validation, name: "validation")
        try Self.checkCodes(training, name: "training")
        try Self.checkCodes(validation, name: "validation")
        self.training = training
        self.validation = validation
        self.settings = settings
    }

    static func checkCompatible(_ subColumns: [SubColumnInfo], _ table: EncodedTable, name: String) throws {
        guard table.subColumns.count == subColumns.count else {
            throw ModelError.subColumnsMismatch("\(name) has \(table.subColumns.count) sub-columns, expected \(subColumns.count)")
        }
        for (a, b) in zip(subColumns, table.subColumns) where a.cardinality != b.cardinality || a.name != b.name {
            throw ModelError.subColumnsMismatch("\(name) sub-column '\(b.name)' (cardinality \(b.cardinality)) "
                + "differs from '\(a.name)' (cardinality \(a.cardinality))")
        }
        guard table.codes.count == table.rowCount * table.subColumns.count else {
            throw ModelError.subColumnsMismatch("\(name) has \(table.codes.count) codes for \(table.rowCount) rows")
        }
    }

    static func checkCodes(_ table: EncodedTable, name: String) throws {
        let n = table.width
        let cards = table.subColumns.map { Int32(clamping: $0.cardinality) }
        try table.codes.withUnsafeBufferPointer { codes in
            for r in 0..<table.rowCount {
                for j in 0..<n {
                    let c = codes[r * n + j]
                    if c < 0 || c >= cards[j] {
                        throw ModelError.codeOutOfRange(table: name, row: r, subColumn: table.subColumns[j].name,
                                                        code: c, cardinality: table.subColumns[j].cardinality)
                    }
                }
            }
        }
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    func run(progress: (TrainingProgress) -> Void, isCancelled: () -> Bool,
             shouldStop: () -> Bool = { false }) throws -> GenerativeModel {
        if let privacy = settings.differentialPrivacy {
            return try runPrivately(privacy, progress: progress, isCancelled: isCancelled, shouldStop: shouldStop)
        }
        BLAS.prepare()
        let start = Self.now()
        let n = training.width
        var rng = ModelRNG(seed: settings.seed)
        var rows = trainingRowIndices(rng: &rng)
        let rowCount = rows.count

        let arch = ModelArchitecture.make(subColumns: training.subColumns, size: settings.effectiveSize,
                                          contextSubColumns: contextSubColumns)
        var params = arch.initialParameters(rng: &rng, logPriors: logPriors(rows: rows))
        let budgetStopping = settings.effectiveStopping == .budget
        let plan = TrainingPlan(settings: settings, rows: rowCount, parameterCount: arch.parameterCount)
        let batch = plan.batchSize
        let stepsPerEpoch = plan.stepsPerEpoch
        let maxEpochs = plan.maxEpochs
        let maxTime = settings.effectiveMaxTrainingTime
        let baseLR = plan.learningRate
        let minLR = baseLR * 0.1
        var lr = baseLR
        let workspaces = stepWorkspaces(arch: arch, batch: batch)
        for workspace in workspaces { workspace.lossStart = contextSubColumns }
        let threadCount = workspaces.count, half = workspaces[0].capacity
        let optimizer = AdamW(count: arch.parameterCount, weightDecay: Float(settings.weightDecay))
        let layout = OrderLayout(arch: arch)
        var batchCodes = [Int32](repeating: 0, count: batch * n)
        var losses = [Double](repeating: 0, count: threadCount)
        let natural = ColumnOrder.natural(arch)
        let dropout = Float(settings.dropout)

        var bestParams = params
        var bestLoss = Double.infinity
        var bestEpoch = 0
        var keptValidationLoss: Double?  // the validation loss of the kept parameters
        var badEpochs = 0
        var plateauEpochs = 0
        var step = 0
        var samples = 0
        var epochTrainLoss = 0.0
        var lastValLoss: Double?
        var stopReason: TrainingSummary.StopReason = plan.endsOnStepBudget ? .stepBudget : .maxEpochs
        var epochsRun = 0.0
        let totalSteps = maxEpochs * stepsPerEpoch
        let hasValidation = validation.rowCount > 0
        let validationSteers = hasValidation && !budgetStopping

        training: for epoch in 1...maxEpochs {
            rows.withUnsafeMutableBufferPointer { rng.shuffle($0) }
            var epochLossSum = 0.0
            var epochSamples = 0
            for s in 0..<stepsPerEpoch {
                if isCancelled() { throw ModelError.canceled }
                // A stop request (after at least one step) ends training like the time limit.
                let stopped = step > 0 && shouldStop()
                if stopped || Self.now() - start > maxTime {
                    stopReason = stopped ? .stopped : .timeLimit
                    epochsRun = Double(epoch - 1) + Double(s) / Double(stepsPerEpoch)
                    if epochSamples > 0 { epochTrainLoss = epochLossSum / Double(epochSamples) }
                    break training
                }
                // Gather the batch.
                training.codes.withUnsafeBufferPointer { src in
                    batchCodes.withUnsafeMutableBufferPointer { dst in
                        guard let to = dst.baseAddress, let from = src.baseAddress else { return }
                        for b in 0..<batch {
                            let r = rows[s * batch + b]
                            (to + b * n).update(from: from + r * n, count: n)
                        }
                    }
                }
                let order = settings.flexibleOrder ? ColumnOrder.random(arch, rng: &rng) : natural
                let stepLoss = params.withUnsafeMutableBufferPointer { pBuf -> Double in
                    guard let p = pBuf.baseAddress else { return 0 }  // never empty: a model has parameters
                    layout.set(order: order, params: p)
                    let scale = Float(1.0 / Double(batch))
                    let pp = SendablePointer(p)
                    batchCodes.withUnsafeMutableBufferPointer { codesBuf in
                        losses.withUnsafeMutableBufferPointer { lossBuf in
                            // Never empty: a batch has at least one row and one loss per thread.
                            guard let codes = codesBuf.baseAddress, let lossSlots = lossBuf.baseAddress else { return }
                            let cp = SendablePointer(codes), lp = SendablePointer(lossSlots)
                            let work: @Sendable (Int) -> Void = { t in
                                let ws = workspaces[t]
                                let lo = t * half, hi = min(batch, lo + half)
                                ws.zeroGradient()
                                lp.pointer[t] = ws.run(params: pp.pointer, layout: layout, codes: cp.pointer + lo * n,
                                                       rows: hi - lo, dropout: dropout, gradientScale: scale)
                            }
                            if threadCount == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: threadCount, execute: work) }
                        }
                    }
                    let g = TrainingWorkspace.summedGradient(of: workspaces, parameterCount: arch.parameterCount, layout: layout)
                    optimizer.update(params: p, grad: g, lr: Float(lr))
                    return losses.reduce(0, +)
                }
                guard stepLoss.isFinite else { throw ModelError.diverged(epoch: epoch, step: step + 1) }
                step += 1
                samples += batch
                epochLossSum += stepLoss
                epochSamples += batch
                let elapsed = Self.now() - start
                let perStep = elapsed / Double(step)
                let eta = min(Double(totalSteps - step) * perStep, max(0, maxTime - elapsed))
                progress(TrainingProgress(epoch: Double(epoch - 1) + Double(s + 1) / Double(stepsPerEpoch), step: step,
                                          totalSteps: totalSteps, samples: samples,
                                          trainLoss: epochLossSum / Double(epochSamples), valLoss: lastValLoss,
                                          learningRate: lr, elapsed: elapsed, eta: eta, isEpochEnd: false))
            }
            epochsRun = Double(epoch)
            epochTrainLoss = epochLossSum / Double(max(epochSamples, 1))
            // Validation, checkpoint, schedule, early stopping.
            if hasValidation {
                lastValLoss = Self.evaluate(architecture: arch, parameters: params, table: validation,
                                            rows: Array(0..<validation.rowCount), flexible: settings.flexibleOrder,
                                            seed: settings.seed, workspaces: workspaces, layout: layout,
                                            lossStart: contextSubColumns)
            }
            let monitored = validationSteers ? lastValLoss ?? epochTrainLoss : epochTrainLoss
            if monitored < bestLoss * (1 - 1e-4) {
                bestLoss = monitored
                bestParams = params
                bestEpoch = epoch
                keptValidationLoss = lastValLoss
                badEpochs = 0
                plateauEpochs = 0
            } else {
                if monitored < bestLoss {
                    bestLoss = monitored; bestParams = params; bestEpoch = epoch; keptValidationLoss = lastValLoss
                }
                badEpochs += 1
                plateauEpochs += 1
                if plateauEpochs > 2 && lr > minLR {
                    lr = max(minLR, lr * 0.5)
                    plateauEpochs = 0
                }
            }
            let elapsed = Self.now() - start
            let eta = min(Double(totalSteps - step) * elapsed / Double(max(step, 1)), max(0, maxTime - elapsed))
            progress(TrainingProgress(epoch: Double(epoch), step: step, totalSteps: totalSteps, samples: samples,
                                      trainLoss: epochTrainLoss, valLoss: lastValLoss, learningRate: lr,
                                      elapsed: elapsed, eta: eta, isEpochEnd: true))
            if validationSteers && badEpochs >= settings.earlyStoppingPatience {
                stopReason = .earlyStopping
                break
            }
        }
        if bestEpoch == 0 {
            // Stopped (time limit or stop request) before the first epoch ended: keep what we have.
            bestParams = params
            keptValidationLoss = hasValidation
                ? Self.evaluate(architecture: arch, parameters: params, table: validation,
                                rows: Array(0..<validation.rowCount), flexible: settings.flexibleOrder, seed: settings.seed,
                                lossStart: contextSubColumns)
                : nil
        }
        let summary = TrainingSummary(epochs: epochsRun, steps: step, trainingRows: rowCount, batchSize: batch,
                                      bestEpoch: bestEpoch, bestValidationLoss: keptValidationLoss,
                                      finalTrainingLoss: epochTrainLoss, seconds: Self.now() - start,
                                      stopReason: stopReason, parameterCount: arch.parameterCount)
        return GenerativeModel(subColumns: training.subColumns, settings: settings, summary: summary,
                               architecture: arch, parameters: bestParams)
    }

    /// The rows training draws from: all of them, or (over `maxTrainingRows`) a seeded
    /// sample in ascending order, whose shuffle is the first draw from `rng`.
    func trainingRowIndices(rng: inout ModelRNG) -> [Int] {
        var rows = Array(0..<training.rowCount)
        if let limit = settings.maxTrainingRows, limit < rows.count {
            rows.withUnsafeMutableBufferPointer { rng.shuffle($0) }
            rows = Array(rows.prefix(limit)).sorted()
        }
        return rows
    }

    /// One workspace per worker thread (two from 64 rows a step, else one), each holding its
    /// share of a `batch`-row step.
    func stepWorkspaces(arch: ModelArchitecture, batch: Int) -> [TrainingWorkspace] {
        let threadCount = batch >= 64 ? Self.threads : 1
        let share = (batch + threadCount - 1) / threadCount
        return (0..<threadCount).map { t in
            TrainingWorkspace(arch: arch, capacity: share, seed: settings.seed &+ 0x1000 &+ UInt64(t))
        }
    }

    /// Log of the smoothed code frequencies of each sub-column: the output biases start there.
    private func logPriors(rows: [Int]) -> [[Float]] {
        let n = training.width
        var counts = training.subColumns.map { [Double](repeating: 0.5, count: $0.cardinality) }
        training.codes.withUnsafeBufferPointer { codes in
            for r in rows {
                for j in 0..<n { counts[j][Int(codes[r * n + j])] += 1 }
            }
        }
        return counts.map { c in
            let total = c.reduce(0, +)
            return c.map { Float(log($0 / total)) }
        }
    }

    /// Rows per evaluation chunk. The rows are always cut into chunks of this size, each
    /// chunk's loss is computed by one workspace and the chunks' losses are summed in order,
    /// so the result does not depend on the workspaces, the thread count or the batch size:
    /// the validation loss recorded in training and `GenerativeModel.meanLoss` agree to the
    /// bit on any CPU (BLAS kernels round differently for different matrix shapes).
    static let evaluationChunk = 256

    /// Mean loss per row of `rows` of `table` (the heads from `lossStart` on, as in training);
    /// with `flexible`, each group of `threads` chunks gets an order from a fixed seeded
    /// sequence, the same on every call.
    static func evaluate(architecture arch: ModelArchitecture, parameters: [Float], table: EncodedTable, rows: [Int],
                         flexible: Bool, seed: UInt64, workspaces given: [TrainingWorkspace]? = nil,
                         layout givenLayout: OrderLayout? = nil, lossStart: Int = 0) -> Double {
        if rows.isEmpty { return 0 }
        BLAS.prepare()
        let n = arch.subColumnCount
        let chunk = evaluationChunk
        let threadCount = threads
        let workspaces: [TrainingWorkspace]
        if let given, given.count == threadCount, given.allSatisfy({ $0.capacity >= chunk }) {
            workspaces = given
        } else {
            workspaces = (0..<threadCount).map { TrainingWorkspace(arch: arch, capacity: chunk, seed: UInt64($0)) }
        }
        for workspace in workspaces { workspace.lossStart = lossStart }
        let layout = givenLayout ?? OrderLayout(arch: arch)
        var orderRNG = ModelRNG(seed: seed, stream: 0x7A11_DA7E)
        let natural = ColumnOrder.natural(arch)
        let group = chunk * threadCount
        var buffer = [Int32](repeating: 0, count: group * n)
        var losses = [Double](repeating: 0, count: threadCount)
        var total = 0.0
        var start = 0
        parameters.withUnsafeBufferPointer { pBuf in
            guard let p = pBuf.baseAddress else { return }  // never empty: a model has parameters
            if !flexible { layout.set(order: natural, params: p) }
            while start < rows.count {
                let count = min(group, rows.count - start)
                if flexible {
                    layout.set(order: ColumnOrder.random(arch, rng: &orderRNG), params: p)
                }
                table.codes.withUnsafeBufferPointer { src in
                    buffer.withUnsafeMutableBufferPointer { dst in
                        guard let to = dst.baseAddress, let from = src.baseAddress else { return }
                        for b in 0..<count {
                            (to + b * n).update(from: from + rows[start + b] * n, count: n)
                        }
                    }
                }
                let pp = SendablePointer(UnsafeMutablePointer(mutating: p))
                buffer.withUnsafeMutableBufferPointer { codesBuf in
                    losses.withUnsafeMutableBufferPointer { lossBuf in
                        guard let codes = codesBuf.baseAddress, let lossSlots = lossBuf.baseAddress else { return }
                        let cp = SendablePointer(codes), lp = SendablePointer(lossSlots)
                        // Chunk t of the group: rows [t * chunk, (t + 1) * chunk), whatever `count` is.
                        let work: @Sendable (Int) -> Void = { t in
                            let lo = min(count, t * chunk), hi = min(count, lo + chunk)
                            lp.pointer[t] = hi > lo
                                ? workspaces[t].run(params: pp.pointer, layout: layout, codes: cp.pointer + lo * n,
                                                    rows: hi - lo, dropout: 0, gradientScale: nil)
                                : 0
                        }
                        if count <= chunk {
                            for t in 0..<threadCount { work(t) }
                        } else {
                            DispatchQueue.concurrentPerform(iterations: threadCount, execute: work)
                        }
                    }
                }
                for t in 0..<threadCount { total += losses[t] }
                start += count
            }
        }
        return total / Double(rows.count)
    }
}
