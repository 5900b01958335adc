import Dispatch
import Foundation
import SynthData

/// The training texts of one column, as model tokens with their rows' conditions.
struct TextTrainingData {
    var stream: [Int32] = []
    var starts: [Int] = []
    var lengths: [Int] = []
    /// Per text, `conditionCount` embedding rows.
    var conditions: [Int32] = []
    /// Every prediction: text index and position (0 ... length; at length, the end).
    var positionText: [Int32] = []
    var positionIndex: [Int32] = []

    var textCount: Int { starts.count }
}

extension TextModel {
    /// Trains the text model of `column` on its non-null training texts, conditioned on
    /// `conditions` (the training rows' codes, one row per row of `texts`), validating on
    /// `validation` (may be empty). Uses the tabular model's settings: size, epochs, time
    /// limit, batch (tokens per step, default 512), learning rate and seed, and trains for the
    /// text step budget (`ModelSettings.effectiveMaxTextSteps`) or the epoch limit, whichever
    /// ends first (the time limit is a backstop); calls
    /// `progress` after every step, stops at the next step when `shouldStop` says so
    /// (keeping the best parameters) and throws `ModelError.canceled` when `isCancelled`.
    public static func train(column: String, texts: Column, conditions: EncodedTable, validationTexts: Column,
                             validationConditions: EncodedTable, settings: ModelSettings, rareThreshold: Int,
                             progress: (TrainingProgress) -> Void = { _ in }, isCancelled: () -> Bool = { false },
                             shouldStop: () -> Bool = { false }) throws -> TextModel {
        try settings.validate()
        BLAS.prepare()
        let started = Date()
        let shape = TextModelShape(size: settings.effectiveSize, conditionCardinalities: conditions.subColumns.map(\.cardinality))
        let offsets = shape.conditionRowOffsets
        let trainingTexts = Self.bytes(of: texts)
        let masker = TextMasker(texts: trainingTexts.compactMap { $0 }, rareThreshold: rareThreshold)
        var pool = TextCharacterPool()
        var model = TextModel(column: column, shape: shape, parameters: [], pool: pool, maxTokens: 1,
                              summary: TextTrainingSummary(epochs: 0, steps: 0, texts: 0, tokens: 0, validationLoss: nil,
                                                           stopReason: "epochs", seconds: 0))
        let training = model.prepare(trainingTexts, conditions: conditions, offsets: offsets, masker: masker, pool: &pool)
        var throwaway = TextCharacterPool()
        let validation = model.prepare(Self.bytes(of: validationTexts), conditions: validationConditions, offsets: offsets,
                                       masker: masker, pool: &throwaway)
        pool.keepFrequent(threshold: max(1, rareThreshold))
        model.pool = pool
        model.maxTokens = max(1, training.lengths.max() ?? 1)
        guard training.textCount > 0 else { throw ModelError.noTrainingRows }

        // Initialisation: small normal embeddings, He-scaled layers, zero biases.
        var rng = ModelRNG(seed: settings.seed, stream: 0x7E47)
        var params = [Float](repeating: 0, count: shape.parameterCount)
        func fill(_ offset: Int, _ count: Int, _ scale: Float) {
            for i in 0..<count { params[offset + i] = Float(rng.nextGaussian()) * scale }
        }
        fill(shape.tokenEmbeddingOffset, TextVocabulary.inputCount * shape.embedding, 0.3)
        fill(shape.positionEmbeddingOffset, TextModelShape.positionBuckets * shape.positionWidth, 0.3)
        fill(shape.conditionEmbeddingOffset, shape.conditionRows * shape.conditionWidth,
             0.3 / Float(max(1, shape.conditionCardinalities.count)).squareRoot())
        fill(shape.w1Offset, shape.inputWidth * shape.hidden, (2 / Float(shape.inputWidth)).squareRoot())
        fill(shape.w2Offset, shape.hidden * shape.hidden, (2 / Float(shape.hidden)).squareRoot())
        fill(shape.w3Offset, shape.hidden * TextVocabulary.outputCount, (1 / Float(shape.hidden)).squareRoot())

        let positions = training.positionText.count
        let batch = max(16, min(settings.batchSize ?? 512, positions))
        let half = (batch + 1) / 2
        let workspaces = [TextNetworkWorkspace(shape: shape, capacity: half, training: true),
                          TextNetworkWorkspace(shape: shape, capacity: half, training: true)]
        let scratch = (0..<2).map { _ in TextBatchScratch(shape: shape, capacity: half) }
        let optimizer = AdamW(count: shape.parameterCount, weightDecay: Float(settings.weightDecay) * 0.1)
        var learningRate = Float(settings.learningRate ?? 0.002)
        let stepsPerEpoch = max(1, positions / batch)
        // The step budget (token-parameter updates), then the epoch limit; the time limit is a backstop.
        let epochLimitSteps = settings.effectiveMaxEpochs * stepsPerEpoch
        let maxSteps = min(epochLimitSteps, settings.effectiveMaxTextSteps(parameters: shape.parameterCount, batchTokens: batch))
        let maxEpochs = (maxSteps + stepsPerEpoch - 1) / stepsPerEpoch
        let timeLimit = settings.effectiveMaxTrainingTime
        let patience = min(settings.earlyStoppingPatience, 2)
        var order = Array(0..<positions)
        var best: (loss: Double, params: [Float])?
        var sinceBest = 0
        var step = 0
        var stopReason = maxSteps < epochLimitSteps ? "budget" : "epochs"
        var epochsDone = 0.0
        var lastValidation: Double?

        training: for epoch in 0..<maxEpochs {
            order.shuffle(using: &rng)
            var epochLoss = 0.0
            var epochCount = 0
            for s in 0..<stepsPerEpoch {
                if isCancelled() { throw ModelError.canceled }
                let elapsed = Date().timeIntervalSince(started)
                if shouldStop() { stopReason = "stopped"; break training }
                if elapsed >= timeLimit { stopReason = "time"; break training }
                if step >= maxSteps { stopReason = "budget"; break training }
                let batchPositions = Array(order[(s * batch)..<min(positions, (s + 1) * batch)])
                let loss = params.withUnsafeMutableBufferPointer { p -> Double in
                    let halves = [Array(batchPositions.prefix(half)), Array(batchPositions.dropFirst(half))]
                    var losses = [Double](repeating: 0, count: 2)
                    losses.withUnsafeMutableBufferPointer { lossSlots in
                        let slots = SendablePointer(lossSlots.baseAddress!)
                        let base = SendablePointer(p.baseAddress!)
                        DispatchQueue.concurrentPerform(iterations: 2) { t in
                            let ws = workspaces[t]
                            ws.gradient.update(repeating: 0, count: ws.gradientCount)
                            slots.pointer[t] = scratch[t].run(halves[t], data: training, params: UnsafePointer(base.pointer),
                                                              workspace: ws, scale: 1 / Float(batchPositions.count), backward: true)
                        }
                    }
                    let g0 = workspaces[0].gradient, g1 = workspaces[1].gradient
                    for i in 0..<shape.parameterCount { g0[i] += g1[i] }
                    optimizer.update(params: p.baseAddress!, grad: g0, lr: learningRate)
                    return losses[0] + losses[1]
                }
                guard loss.isFinite else { throw ModelError.diverged(epoch: epoch + 1, step: step) }
                step += 1
                epochLoss += loss
                epochCount += batchPositions.count
                epochsDone = Double(epoch) + Double(s + 1) / Double(stepsPerEpoch)
                let remaining = Double(maxSteps - step) * Date().timeIntervalSince(started) / Double(step)
                progress(TrainingProgress(epoch: epochsDone, step: step, totalSteps: maxSteps,
                                          samples: step * batch, trainLoss: epochLoss / Double(max(1, epochCount)),
                                          valLoss: lastValidation, learningRate: Double(learningRate),
                                          elapsed: Date().timeIntervalSince(started),
                                          eta: min(remaining, max(0, timeLimit - Date().timeIntervalSince(started))),
                                          isEpochEnd: false, maxEpochs: maxEpochs))
            }
            let validationLoss = Self.loss(of: validation.textCount > 0 ? validation : training, params: params,
                                           workspace: workspaces[0], scratch: scratch[0], seed: settings.seed)
            lastValidation = validationLoss
            progress(TrainingProgress(epoch: epochsDone, step: step, totalSteps: maxSteps,
                                      samples: step * batch, trainLoss: epochLoss / Double(max(1, epochCount)),
                                      valLoss: validationLoss, learningRate: Double(learningRate),
                                      elapsed: Date().timeIntervalSince(started), eta: nil, isEpochEnd: true,
                                      maxEpochs: maxEpochs))
            if best == nil || validationLoss < best!.loss - 1e-4 {
                best = (validationLoss, params)
                sinceBest = 0
            } else {
                sinceBest += 1
                learningRate *= 0.5
                if sinceBest >= patience { stopReason = "early_stopping"; break }
            }
        }
        // Stopped within an epoch: keep the current parameters if they validate better.
        let current = Self.loss(of: validation.textCount > 0 ? validation : training, params: params,
                                workspace: workspaces[0], scratch: scratch[0], seed: settings.seed)
        if let kept = best, kept.loss < current {
            params = kept.params
            lastValidation = kept.loss
        } else {
            lastValidation = current
        }
        model.parameters = params
        model.summary = TextTrainingSummary(epochs: epochsDone, steps: step, texts: training.textCount, tokens: positions,
                                            validationLoss: validation.textCount > 0 ? lastValidation : nil,
                                            stopReason: stopReason, seconds: Date().timeIntervalSince(started))
        return model
    }

    /// Mean loss per token over (at most 20,000 seeded positions of) `data`.
    static func loss(of data: TextTrainingData, params: [Float], workspace: TextNetworkWorkspace, scratch: TextBatchScratch,
                     seed: UInt64) -> Double {
        var all = Array(0..<data.positionText.count)
        if all.count > 20_000 {
            var rng = SeededGenerator(seed: seed).derived(stream: 0x7A11)
            all.shuffle(using: &rng)
            all = Array(all.prefix(20_000))
        }
        var total = 0.0
        params.withUnsafeBufferPointer { p in
            var start = 0
            while start < all.count {
                let part = Array(all[start..<min(all.count, start + workspace.capacity)])
                total += scratch.run(part, data: data, params: p.baseAddress!, workspace: workspace, scale: 1, backward: false)
                start += part.count
            }
        }
        return total / Double(max(1, all.count))
    }

    /// The non-null texts of `column` as UTF-8 bytes (`nil` for nulls).
    static func bytes(of column: Column) -> [[UInt8]?] {
        guard case .string(let strings) = column.values else { return Array(repeating: nil, count: column.count) }
        return (0..<column.count).map { column.isNull($0) ? nil : strings.withBytes(at: $0) { Array($0) } }
    }

    /// Tokens, conditions and prediction positions of the non-null `texts`.
    func prepare(_ texts: [[UInt8]?], conditions: EncodedTable, offsets: [Int], masker: TextMasker,
                 pool: inout TextCharacterPool) -> TextTrainingData {
        var data = TextTrainingData()
        var rows: [Int32] = []
        for (row, text) in texts.enumerated() {
            guard let text, row < conditions.rowCount else { continue }
            let tokens = masker.tokens(text, pool: &pool).prefix(Self.tokenLimit)
            let index = Int32(data.starts.count)
            data.starts.append(data.stream.count)
            data.lengths.append(tokens.count)
            data.stream.append(contentsOf: tokens)
            rows.removeAll(keepingCapacity: true)
            conditionRows(conditions, row: row, offsets: offsets, into: &rows)
            data.conditions.append(contentsOf: rows)
            for p in 0...tokens.count {
                data.positionText.append(index)
                data.positionIndex.append(Int32(p))
            }
        }
        return data
    }
}

/// Per-thread scratch for one half-batch: its contexts, positions, condition rows, targets
/// (each thread touches only its own, hence `@unchecked`).
final class TextBatchScratch: @unchecked Sendable {
    let shape: TextModelShape
    var contexts: [Int32]
    var positions: [Int32]
    var conditionRows: [Int32]
    var targets: [Int32]
    var condition: [Float]

    init(shape: TextModelShape, capacity: Int) {
        self.shape = shape
        contexts = [Int32](repeating: 0, count: capacity * shape.context)
        positions = [Int32](repeating: 0, count: capacity)
        conditionRows = [Int32](repeating: 0, count: capacity * shape.conditionCardinalities.count)
        targets = [Int32](repeating: 0, count: capacity)
        condition = [Float](repeating: 0, count: shape.conditionWidth)
    }

    /// Forward (and, with `backward`, gradient into the workspace) over `batch` positions;
    /// returns the summed loss.
    func run(_ batch: [Int], data: TextTrainingData, params: UnsafePointer<Float>, workspace: TextNetworkWorkspace,
             scale: Float, backward: Bool) -> Double {
        guard !batch.isEmpty else { return 0 }
        let k = shape.context, cc = shape.conditionCardinalities.count
        for (r, g) in batch.enumerated() {
            let text = Int(data.positionText[g]), p = Int(data.positionIndex[g])
            let start = data.starts[text], length = data.lengths[text]
            for j in 0..<k {
                let q = p - k + j
                contexts[r * k + j] = q < 0 ? TextVocabulary.start : data.stream[start + q]
            }
            positions[r] = Int32(p)
            targets[r] = p < length ? data.stream[start + p] : TextVocabulary.end
            for c in 0..<cc { conditionRows[r * cc + c] = data.conditions[text * cc + c] }
            contexts.withUnsafeBufferPointer { ctx in
                conditionRows.withUnsafeBufferPointer { rows in
                    condition.withUnsafeMutableBufferPointer { out in
                        TextModel.conditionVector(params: params, shape: shape, rows: rows.baseAddress! + r * cc, count: cc,
                                                  into: out.baseAddress!)
                        workspace.setInput(row: r, params: params, context: ctx.baseAddress! + r * k, position: p,
                                           condition: out.baseAddress!)
                    }
                }
            }
        }
        workspace.forward(rows: batch.count, params: params)
        let loss = targets.withUnsafeBufferPointer {
            workspace.softmaxCrossEntropy(rows: batch.count, targets: $0.baseAddress!, scale: scale)
        }
        if backward {
            contexts.withUnsafeBufferPointer { ctx in
                positions.withUnsafeBufferPointer { pos in
                    conditionRows.withUnsafeBufferPointer { rows in
                        workspace.backward(rows: batch.count, params: params, contexts: ctx.baseAddress!, positions: pos.baseAddress!,
                                           conditionRows: rows.baseAddress!, conditionCount: cc)
                    }
                }
            }
        }
        return loss
    }
}
