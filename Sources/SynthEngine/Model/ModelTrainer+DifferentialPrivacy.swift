import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// DP-SGD training (`ModelSettings.differentialPrivacy`): Poisson-sampled batches, per-row
/// gradient clipping, Gaussian noise on the clipped sum, the noise multiplier chosen by
/// `RDPAccountant` so that the planned steps stay within the budget.
///
/// Unlike ordinary training it reads the data only through the clipped, noised gradients:
/// the output biases start uniform, the last parameters are kept, and there is no
/// validation, early stopping or plateau schedule. The time limit may end training early;
/// the ε then reported is that of the steps taken (less than the budget).
extension ModelTrainer {
    /// The planned DP-SGD run for `rowCount` training rows: batch, sampling rate, steps, δ
    /// and the noise multiplier that keeps the steps within ε.
    struct PrivatePlan {
        var expectedBatch: Int
        var samplingRate: Double
        var stepsPerEpoch: Int
        var totalSteps: Int
        var delta: Double
        var noiseMultiplier: Double
    }

    static func privatePlan(settings: ModelSettings, privacy dp: DifferentialPrivacySettings, rowCount: Int) throws -> PrivatePlan {
        // DP-SGD's plan ignores the parameter count (no step budget, the row rule's batch).
        let plan = TrainingPlan(settings: settings, rows: rowCount, parameterCount: 0)
        let batch = plan.batchSize
        let q = min(1, Double(batch) / Double(rowCount))
        let stepsPerEpoch = plan.stepsPerEpoch
        let (total, overflow) = settings.effectiveMaxEpochs.multipliedReportingOverflow(by: stepsPerEpoch)
        guard !overflow, total <= 100_000_000 else {
            throw ModelError.invalidSetting("too many training steps for differential privacy (\(settings.effectiveMaxEpochs) epochs)")
        }
        let delta = dp.effectiveDelta(rows: rowCount)
        guard let sigma = RDPAccountant.noiseMultiplier(forEpsilon: dp.epsilon, delta: delta, samplingRate: q, steps: total) else {
            throw ModelError.invalidSetting("epsilon \(dp.epsilon) is too small for \(total) steps at sampling rate "
                + String(format: "%.3g", q) + ": use a larger epsilon, fewer epochs or a smaller batch")
        }
        return PrivatePlan(expectedBatch: batch, samplingRate: q, stepsPerEpoch: stepsPerEpoch, totalSteps: total,
                           delta: delta, noiseMultiplier: sigma)
    }

    func runPrivately(_ dp: DifferentialPrivacySettings, progress: (TrainingProgress) -> Void,
                      isCancelled: () -> Bool, shouldStop: () -> Bool = { false }) throws -> GenerativeModel {
        BLAS.prepare()
        let start = Self.now()
        let n = training.width
        var rng = ModelRNG(seed: settings.seed)
        let rows = trainingRowIndices(rng: &rng)
        let rowCount = rows.count
        let plan = try Self.privatePlan(settings: settings, privacy: dp, rowCount: rowCount)
        let arch = ModelArchitecture.make(subColumns: training.subColumns, size: settings.effectiveSize)
        let uniform = training.subColumns.map { [Float](repeating: -logf(Float($0.cardinality)), count: $0.cardinality) }
        var params = arch.initialParameters(rng: &rng, logPriors: uniform)
        let batch = plan.expectedBatch
        let maxTime = settings.effectiveMaxTrainingTime
        let lr = Float(settings.effectiveLearningRate(batchSize: batch))
        let workspaces = stepWorkspaces(arch: arch, batch: batch)
        let threadCount = workspaces.count
        let optimizer = AdamW(count: arch.parameterCount, weightDecay: Float(settings.weightDecay))
        let layout = OrderLayout(arch: arch)
        let natural = ColumnOrder.natural(arch)
        let dropout = Float(settings.dropout)
        let clip = Float(dp.maxGradientNorm)
        let noiseScale = Float(plan.noiseMultiplier * dp.maxGradientNorm)
        var sampler = ModelRNG(seed: settings.seed, stream: 0xD9_5A3D)
        let logKeep = log1p(-plan.samplingRate)

        var batchCodes = [Int32]()
        var losses = [Double](repeating: 0, count: threadCount)
        var step = 0, samples = 0
        var epochTrainLoss = 0.0
        var stopReason = TrainingSummary.StopReason.maxEpochs
        var epochsRun = 0.0
        training: for epoch in 1...settings.effectiveMaxEpochs {
            var epochLossSum = 0.0, epochSamples = 0
            for s in 0..<plan.stepsPerEpoch {
                if isCancelled() { throw ModelError.canceled }
                // A stop request (after at least one step) ends training like the time limit;
                // the ε reported is then that of the steps taken.
                let stopped = (epoch > 1 || s > 0) && shouldStop()
                if stopped || Self.now() - start > maxTime {
                    stopReason = stopped ? .stopped : .timeLimit
                    epochsRun = Double(epoch - 1) + Double(s) / Double(plan.stepsPerEpoch)
                    if epochSamples > 0 { epochTrainLoss = epochLossSum / Double(epochSamples) }
                    break training
                }
                // Poisson sampling: each row independently with probability q (geometric gaps).
                batchCodes.removeAll(keepingCapacity: true)
                var i = -1
                while true {
                    if plan.samplingRate >= 1 { i += 1 } else {
                        let u = max(sampler.nextDouble(), Double.leastNormalMagnitude)
                        let gap = (log(u) / logKeep).rounded(.down)
                        if gap >= Double(rowCount) { break }
                        i += Int(gap) + 1
                    }
                    if i >= rowCount { break }
                    let r = rows[i]
                    batchCodes.append(contentsOf: training.codes[(r * n)..<(r * n + n)])
                }
                let m = batchCodes.count / max(n, 1)
                let order = settings.flexibleOrder ? ColumnOrder.random(arch, rng: &rng) : natural
                let stepLoss = params.withUnsafeMutableBufferPointer { pBuf -> Double in
                    guard let p = pBuf.baseAddress else { return 0 }  // never empty: a model has parameters
                    layout.set(order: order, params: p)
                    let pp = SendablePointer(p)
                    let part = (m + threadCount - 1) / threadCount
                    batchCodes.withUnsafeMutableBufferPointer { codesBuf in
                        losses.withUnsafeMutableBufferPointer { lossBuf in
                            guard let lossSlots = lossBuf.baseAddress else { return }
                            let cp = codesBuf.baseAddress.map(SendablePointer.init), lp = SendablePointer(lossSlots)
                            let work: @Sendable (Int) -> Void = { t in
                                let ws = workspaces[t]
                                ws.zeroGradient()
                                var loss = 0.0
                                if let cp {
                                    var lo = t * part
                                    let hi = min(m, lo + part)
                                    while lo < hi {
                                        let count = min(ws.capacity, hi - lo)
                                        loss += ws.run(params: pp.pointer, layout: layout, codes: cp.pointer + lo * n, rows: count,
                                                       dropout: dropout, gradientScale: 1, clipNorm: clip)
                                        lo += count
                                    }
                                }
                                lp.pointer[t] = loss
                            }
                            if threadCount == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: threadCount, execute: work) }
                        }
                    }
                    let g = TrainingWorkspace.summedGradient(of: workspaces, parameterCount: arch.parameterCount, layout: layout)
                    // Gaussian noise on the clipped sum (each thread a fixed slice with its own
                    // stream for this step, so the result does not depend on scheduling), then
                    // the mean over the expected batch.
                    let count = arch.parameterCount, slice = (count + threadCount - 1) / threadCount
                    let gp = SendablePointer(g), noiseSeed = settings.seed ^ 0x0015_E5C0_DA7A, thisStep = UInt64(step)
                    let inverseBatch = 1 / Float(batch)
                    DispatchQueue.concurrentPerform(iterations: threadCount) { t in
                        let lo = t * slice, hi = min(count, lo + slice)
                        guard lo < hi else { return }
                        var noise = ModelRNG(seed: noiseSeed, stream: thisStep &* UInt64(threadCount) &+ UInt64(t))
                        noise.addGaussianNoise(to: gp.pointer + lo, count: hi - lo, scale: noiseScale)
                        for i in lo..<hi { gp.pointer[i] *= inverseBatch }
                    }
                    optimizer.update(params: p, grad: g, lr: lr)
                    return losses.reduce(0, +)
                }
                guard stepLoss.isFinite else { throw ModelError.diverged(epoch: epoch, step: step + 1) }
                step += 1
                samples += m
                epochLossSum += stepLoss
                epochSamples += m
                let elapsed = Self.now() - start
                let eta = min(Double(plan.totalSteps - step) * elapsed / Double(step), max(0, maxTime - elapsed))
                progress(TrainingProgress(epoch: Double(epoch - 1) + Double(s + 1) / Double(plan.stepsPerEpoch), step: step,
                                          totalSteps: plan.totalSteps, samples: samples,
                                          trainLoss: epochLossSum / Double(max(epochSamples, 1)), valLoss: nil,
                                          learningRate: Double(lr), elapsed: elapsed, eta: eta, isEpochEnd: false))
            }
            epochsRun = Double(epoch)
            epochTrainLoss = epochLossSum / Double(max(epochSamples, 1))
            let elapsed = Self.now() - start
            progress(TrainingProgress(epoch: Double(epoch), step: step, totalSteps: plan.totalSteps, samples: samples,
                                      trainLoss: epochTrainLoss, valLoss: nil, learningRate: Double(lr), elapsed: elapsed,
                                      eta: min(Double(plan.totalSteps - step) * elapsed / Double(max(step, 1)), max(0, maxTime - elapsed)),
                                      isEpochEnd: true))
        }
        let spent = DifferentialPrivacySpent(
            epsilon: RDPAccountant.epsilon(samplingRate: plan.samplingRate, noiseMultiplier: plan.noiseMultiplier,
                                           steps: step, delta: plan.delta),
            delta: plan.delta, epsilonBudget: dp.epsilon, noiseMultiplier: plan.noiseMultiplier,
            maxGradientNorm: dp.maxGradientNorm, samplingRate: plan.samplingRate, steps: step)
        var summary = TrainingSummary(epochs: epochsRun, steps: step, trainingRows: rowCount, batchSize: batch,
                                      bestEpoch: Int(epochsRun.rounded(.up)), bestValidationLoss: nil,
                                      finalTrainingLoss: epochTrainLoss, seconds: Self.now() - start,
                                      stopReason: stopReason, parameterCount: arch.parameterCount)
        summary.differentialPrivacy = spent
        return GenerativeModel(subColumns: training.subColumns, settings: settings, summary: summary,
                               architecture: arch, parameters: params)
    }
}
