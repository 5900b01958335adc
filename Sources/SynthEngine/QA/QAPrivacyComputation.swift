import SynthData

/// Computes `QAPrivacy`: equal-sized random samples of synthetic, training and holdout
/// records, encoded (`QARecordEncoder`), nearest-neighbour distances between them, and the
/// verdicts. With more than ten encoded dimensions the distances are also computed on three
/// groups of correlated dimensions (`QASpectralGrouping`) and three random groups; the group
/// with the highest DCR share is reported (mostlyai-qa's conservative view).
enum QAPrivacyComputation {
    static func compute(synthetic: Table, training: Table, holdout: Table?, columns: [String],
                        options: QAOptions, random: inout QARandom) throws -> QAPrivacy {
        var size = min(synthetic.rowCount, training.rowCount)
        if let holdout { size = min(size, holdout.rowCount) }
        if let limit = options.maxPrivacyRows { size = min(size, max(1, limit)) }
        let syn = synthetic.selectingQAColumns(columns).gatheringRows(random.sample(size, from: synthetic.rowCount))
        let trn = training.selectingQAColumns(columns).gatheringRows(random.sample(size, from: training.rowCount))
        let hol = holdout.map { $0.selectingQAColumns(columns).gatheringRows(random.sample(size, from: $0.rowCount)) }
        let encoded = try QARecordEncoder.encode(synthetic: syn, training: trn, holdout: hol, columns: columns)
        let d = encoded.dimensions

        var groups: [[Int]] = [Array(0..<d)]
        if options.privacyColumnGroups, hol != nil, d > 10 {
            let original = encoded.training + (encoded.holdout ?? [])
            groups += QASpectralGrouping.groups(original, dimensions: d, count: 3, seed: options.seed)
            groups += randomGroups(d, count: 3, random: &random)
        }

        // Pick the group with the highest DCR share (synthetic→training vs synthetic→holdout),
        // then measure holdout→training on that group only.
        var candidate: (share: Double, group: [Int], synTrn: QANearestNeighbors.Result, synHol: QANearestNeighbors.Result?)?
        for group in groups where !group.isEmpty {
            let s = project(encoded.synthetic, d, group), t = project(encoded.training, d, group)
            let synTrn = QANearestNeighbors.search(data: t, queries: s, dimensions: group.count, threads: options.threads)
            var synHol: QANearestNeighbors.Result?
            var share = 0.0
            if let holdout = encoded.holdout {
                let result = QANearestNeighbors.search(data: project(holdout, d, group), queries: s,
                                                       dimensions: group.count, threads: options.threads)
                share = dcrShare(synTrn.nearest, result.nearest)
                synHol = result
            }
            if share >= (candidate?.share ?? -1) { candidate = (share, group, synTrn, synHol) }
        }
        guard let chosen = candidate else { throw QAError.noColumns }
        let holTrn = encoded.holdout.map { holdout in
            QANearestNeighbors.search(data: project(encoded.training, d, chosen.group), queries: project(holdout, d, chosen.group),
                                      dimensions: chosen.group.count, threads: options.threads)
        }
        let best = (share: chosen.share, group: chosen.group, synTrn: chosen.synTrn, synHol: chosen.synHol, holTrn: holTrn)

        var privacy = QAPrivacy(
            sampleSize: size, dimensions: d,
            columnsUsed: orderedUnique(best.group.map { encoded.dimensionNames[$0] }),
            dcrTraining: mean(best.synTrn.nearest),
            dcrHoldout: best.synHol.map { mean($0.nearest) },
            dcrTrainingHoldout: best.holTrn.map { mean($0.nearest) },
            dcrShare: best.synHol.map { dcrShare(best.synTrn.nearest, $0.nearest) },
            nndrTraining: nndr(best.synTrn),
            nndrHoldout: best.synHol.map(nndr),
            nndrTrainingHoldout: best.holTrn.map(nndr),
            identicalMatchTraining: identicalShare(best.synTrn.nearest),
            identicalMatchHoldout: best.synHol.map { identicalShare($0.nearest) },
            identicalMatchTrainingHoldout: best.holTrn.map { identicalShare($0.nearest) },
            histogram: histogram(best.synTrn.nearest, best.synHol?.nearest, best.holTrn?.nearest),
            tests: [])
        privacy.tests = verdicts(privacy, options: options, toTraining: best.synTrn.nearest, toHoldout: best.synHol?.nearest,
                                 groups: groups.filter { !$0.isEmpty }.count,
                                 sampleLimit: holdout.map { $0.rowCount == size } == true ? "holdout" : "sample")
        return privacy
    }

    /// The verdicts, each from its figure's interval (`QAPrivacyUncertainty`): PASS when
    /// the whole interval meets the rule, FAIL when the whole interval breaks it, otherwise
    /// INCONCLUSIVE with how many records would decide it. `toTraining`/`toHoldout` are the
    /// synthetic records' nearest distances; `groups` the column groups the share was the
    /// highest of; `sampleLimit` what bounded the record count (`holdout` or `sample`).
    static func verdicts(_ p: QAPrivacy, options: QAOptions, toTraining: [Double], toHoldout: [Double]?,
                         groups: Int, sampleLimit: String) -> [QAPrivacyTest] {
        typealias U = QAPrivacyUncertainty
        let z = U.z(groups: groups)
        let method = groups > 1 ? "\(groups) column groups, Bonferroni" : "one column group"
        let n = p.sampleSize
        func tooSmall(_ needed: String) -> String {
            "\(sampleLimit) too small: \(n) records; a verdict needs \(needed)"
        }
        var tests: [QAPrivacyTest] = []
        if let share = p.dcrShare {
            let (lower, upper) = U.wilson(share: share, n: n, z: z)
            let verdict = U.verdict(lower: lower, upper: upper, threshold: options.maxDCRShare, atMost: true)
            let note = verdict == .inconclusive
                ? tooSmall(U.aboutText(U.neededSize(share: share, threshold: options.maxDCRShare, z: z))) : nil
            tests.append(QAPrivacyTest(name: "DCR share", value: share,
                                       rule: "≤ \(percent(options.maxDCRShare)) of synthetic records closer to training than to holdout",
                                       verdict: verdict,
                                       interval: QAInterval(lower: lower, upper: upper, confidence: U.confidence,
                                                            method: "Wilson score, \(method)"),
                                       note: note))
        }
        if let holdoutIMS = p.identicalMatchHoldout, let toHoldout {
            // Paired per synthetic record: copy of a training record minus copy of a holdout record.
            let differences = zip(toTraining, toHoldout).map { (($0 <= 1e-6) ? 1.0 : 0) - (($1 <= 1e-6) ? 1.0 : 0) }
            let (mean, lower, upper) = U.meanInterval(differences, z: z)
            let excess = options.maxIdenticalMatchExcess
            let verdict = U.verdict(lower: lower, upper: upper, threshold: excess, atMost: true)
            tests.append(QAPrivacyTest(name: "Identical matches", value: p.identicalMatchTraining,
                                       rule: "copies of training records ≤ copies of holdout records (\(percent(holdoutIMS))) + \(percent(excess))",
                                       verdict: verdict,
                                       interval: QAInterval(lower: holdoutIMS + lower, upper: holdoutIMS + upper, confidence: U.confidence,
                                                            method: "paired normal, \(method)"),
                                       note: verdict == .inconclusive
                                           ? tooSmall(U.aboutText(U.neededSize(estimate: mean, halfWidth: (upper - lower) / 2, n: n,
                                                                               threshold: excess))) : nil))
        }
        if let toHoldout, p.dcrHoldout != nil {
            let (ratio, lower, upper) = U.ratioInterval(toTraining, toHoldout, z: z)
            let verdict = U.verdict(lower: lower, upper: upper, threshold: options.minDCRRatio, atMost: false)
            tests.append(QAPrivacyTest(name: "DCR ratio", value: ratio,
                                       rule: "mean DCR to training ≥ \(options.minDCRRatio) × mean DCR to holdout",
                                       verdict: verdict,
                                       interval: QAInterval(lower: max(0, lower), upper: upper, confidence: U.confidence,
                                                            method: "delta method, \(method)"),
                                       note: verdict == .inconclusive
                                           ? tooSmall(U.aboutText(U.neededSize(estimate: ratio, halfWidth: (upper - lower) / 2, n: n,
                                                                               threshold: options.minDCRRatio))) : nil))
        }
        return tests
    }

    static func percent(_ x: Double) -> String {
        let v = (x * 1000).rounded() / 10
        return v == v.rounded() ? "\(Int(v))%" : "\(v)%"
    }

    /// Share of synthetic records closer to training than to holdout, ties counted half.
    static func dcrShare(_ toTraining: [Double], _ toHoldout: [Double]) -> Double {
        guard !toTraining.isEmpty else { return 0 }
        var score = 0.0
        for i in 0..<toTraining.count {
            if toTraining[i] < toHoldout[i] { score += 1 } else if toTraining[i] == toHoldout[i] { score += 0.5 }
        }
        return score / Double(toTraining.count)
    }

    static func identicalShare(_ distances: [Double]) -> Double {
        distances.isEmpty ? 0 : Double(distances.filter { $0 <= 1e-6 }.count) / Double(distances.count)
    }

    static func mean(_ x: [Double]) -> Double { x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count) }

    /// The 10th smallest ratio (closest + 1e-8) / (second closest + 1e-8).
    static func nndr(_ result: QANearestNeighbors.Result) -> Double {
        let ratios = zip(result.nearest, result.second).map { ($0 + 1e-8) / ($1 + 1e-8) }.sorted()
        guard !ratios.isEmpty else { return 0 }
        return ratios[min(9, ratios.count - 1)]
    }

    static func histogram(_ synTrn: [Double], _ synHol: [Double]?, _ holTrn: [Double]?) -> QADistanceHistogram {
        let all = (synTrn + (synHol ?? []) + (holTrn ?? [])).filter(\.isFinite).sorted()
        let top = all.isEmpty ? 1 : max(all[min(all.count - 1, Int(Double(all.count - 1) * 0.99))], 1e-9)
        let binCount = 10
        let edges = (0...binCount).map { Double($0) * top / Double(binCount) }
        func shares(_ x: [Double]) -> [Double] {
            var counts = [Double](repeating: 0, count: binCount)
            for v in x where v.isFinite { counts[min(binCount - 1, max(0, Int(v / top * Double(binCount))))] += 1 }
            return counts.map { $0 / Double(max(x.count, 1)) }
        }
        return QADistanceHistogram(edges: edges, syntheticToTraining: shares(synTrn),
                                   syntheticToHoldout: synHol.map(shares), holdoutToTraining: holTrn.map(shares))
    }

    static func project(_ matrix: [Double], _ d: Int, _ group: [Int]) -> [Double] {
        if group.count == d { return matrix }
        let rows = matrix.count / d
        var out = [Double](repeating: 0, count: rows * group.count)
        for r in 0..<rows { for (k, c) in group.enumerated() { out[r * group.count + k] = matrix[r * d + c] } }
        return out
    }

    /// Splits dimensions into `count` random groups of near-equal size.
    static func randomGroups(_ d: Int, count: Int, random: inout QARandom) -> [[Int]] {
        let shuffled = random.sample(d, from: d)
        var groups: [[Int]] = []
        var start = 0
        for i in 0..<count {
            let size = d / count + (i < d % count ? 1 : 0)
            groups.append(Array(shuffled[start..<(start + size)]))
            start += size
        }
        return groups
    }

    static func orderedUnique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

extension Table {
    /// The named columns (all present: checked by the caller).
    func selectingQAColumns(_ names: [String]) -> Table { (try? selecting(names)) ?? self }
}
