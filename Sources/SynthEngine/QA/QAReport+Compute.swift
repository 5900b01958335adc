import SynthData

extension QAReport {
    /// Scores `synthetic` against the original data.
    ///
    /// Accuracy compares the synthetic rows with all original rows (training plus holdout):
    /// columns are binned on the original (`QAOptions.binCount` quantile bins for numbers and
    /// datetimes, the `topCategories` most frequent categories plus `(other)`, a bin for
    /// missing values); accuracy is 1 − total variation distance of the (joint) bin
    /// frequencies per column, per pair and per triple of columns. Privacy compares
    /// equal-sized samples of synthetic, training and holdout records by nearest-neighbour
    /// distances. Columns are the training table's; the other tables must have them all.
    ///
    /// - Throws: `QAError` when a table is empty or lacks a training column.
    public static func compute(synthetic: Table, training: Table, holdout: Table?,
                               options: QAOptions = QAOptions()) throws -> QAReport {
        try compute(synthetic: synthetic, training: training, holdout: holdout, options: options, scoring: QAScoring())
    }

    /// What `compute` scores beyond a flat table's defaults (a linked table's report).
    struct QAScoring {
        /// Columns scored only in pairs with the other columns (a subject's columns): no
        /// univariate accuracy, histogram, statistics or triples of their own.
        var contextColumns: Set<String> = []
        /// The protection of every column, by position (default: the encoding's draw per column).
        var protections: [QAValueProtection]? = nil
        /// The records the privacy metrics compare (default: the scored rows themselves).
        var privacyRecords: (synthetic: Table, training: Table, holdout: Table?)? = nil
    }

    static func compute(synthetic: Table, training: Table, holdout: Table?, options: QAOptions,
                        scoring: QAScoring) throws -> QAReport {
        guard training.columnCount > 0 else { throw QAError.noColumns }
        guard synthetic.rowCount > 0 else { throw QAError.emptyTable(role: "synthetic") }
        guard training.rowCount > 0 else { throw QAError.emptyTable(role: "training") }
        if let holdout, holdout.rowCount == 0 { throw QAError.emptyTable(role: "holdout") }
        guard options.binCount >= 1, options.topCategories >= 1, options.threads >= 1 else {
            throw QAError.invalidOption("binCount, topCategories and threads must be at least 1")
        }
        let names = training.columnNames
        for name in names {
            if synthetic.columnIndex(named: name) == nil { throw QAError.missingColumn(name, role: "synthetic") }
            if let holdout, holdout.columnIndex(named: name) == nil { throw QAError.missingColumn(name, role: "holdout") }
        }
        var random = QARandom(seed: options.seed)
        let protections = scoring.protections ?? names.indices.map { QAValueProtection(column: $0, options: options) }
        let isContext = names.map { scoring.contextColumns.contains($0) }
        let scored = names.indices.filter { !isContext[$0] }

        // Bin every column on the original rows.
        let binned = try parallelMapThrowing(names.count, threads: options.threads) { index -> QABinnedColumn in
            let name = names[index]
            var parts = [try training.column(named: name)]
            if let holdout { parts.append(try holdout.column(named: name)) }
            return QABinner.bin(name: name, original: parts, synthetic: try synthetic.column(named: name), options: options,
                                protection: protections[index])
        }

        // Accuracy: context columns only in pairs with scored columns.
        let scoredBinned = scored.map { binned[$0] }
        let univariate = QAAccuracyComputation.univariate(scoredBinned)
        let pairs = QAAccuracyComputation.bivariate(binned, threads: options.threads) { !isContext[$0] || !isContext[$1] }
        let triples = QAAccuracyComputation.trivariate(scoredBinned, limit: options.maxTrivariates, random: &random,
                                                        threads: options.threads)
        let summary = summarize(univariate: univariate, pairs: pairs.map(\.2), triples: triples.map(\.3))

        let columns = zip(scoredBinned, univariate).map { column, score in
            QAColumnReport(name: column.name, kind: column.kind, score: score, bins: bins(of: column))
        }

        let privacy: QAPrivacy
        if let records = scoring.privacyRecords {
            privacy = try QAPrivacyComputation.compute(synthetic: records.synthetic, training: records.training, holdout: records.holdout,
                                                       columns: records.training.columnNames, options: options, random: &random)
        } else {
            privacy = try QAPrivacyComputation.compute(synthetic: synthetic, training: training, holdout: holdout,
                                                       columns: names, options: options, random: &random)
        }

        // Summary statistics; the original side under value protection.
        let statistics = try scored.map { ($0, names[$0]) }.map { index, name -> QAColumnStatistics in
            var parts = [try training.column(named: name)]
            if let holdout { parts.append(try holdout.column(named: name)) }
            let syn = try synthetic.column(named: name)
            let kind = QAColumnKind(parts[0].dataType)
            let protection = protections[index]
            if kind == .categorical {
                return QAColumnStatistics(name: name, kind: kind,
                                          original: .categorical(parts, protection: protection.policy.enabled ? protection : nil),
                                          synthetic: .categorical([syn]))
            }
            let range = protection.range(ofTraining: parts[0].qaNumbers(as: kind))
            let original = parts.flatMap { QAValueProtection.clip($0.qaNumbers(as: kind), to: range) }
            return QAColumnStatistics(name: name, kind: kind, original: .numeric(original),
                                      synthetic: .numeric(syn.qaNumbers(as: kind)))
        }

        // Free-text columns: recitation, n-gram overlap, lengths and token frequencies.
        let text = try scored.map { ($0, names[$0]) }.compactMap { index, name in
            try QATextColumnReport.compute(name: name, training: training.column(named: name),
                                           holdout: holdout.map { try $0.column(named: name) },
                                           synthetic: synthetic.column(named: name), protection: protections[index])
        }

        var report = QAReport(
            syntheticRows: synthetic.rowCount, trainingRows: training.rowCount, holdoutRows: holdout?.rowCount,
            accuracy: summary, columns: columns,
            bivariate: pairs.map { QAPairAccuracy(first: names[$0.0], second: names[$0.1], score: $0.2) },
            trivariateCount: triples.count, privacy: privacy,
            correlations: QACorrelations.compute(scoredBinned, threads: options.threads),
            statistics: statistics, options: options)
        report.text = text.isEmpty ? nil : text
        return report
    }

    static func summarize(univariate: [QAAccuracyScore], pairs: [QAAccuracyScore], triples: [QAAccuracyScore])
        -> QAAccuracySummary {
        func mean(_ x: [Double]) -> Double? { x.isEmpty ? nil : x.reduce(0, +) / Double(x.count) }
        let uni = mean(univariate.map(\.accuracy)) ?? 0, uniMax = mean(univariate.map(\.accuracyMax)) ?? 0
        let bi = mean(pairs.map(\.accuracy)), biMax = mean(pairs.map(\.accuracyMax))
        let tri = mean(triples.map(\.accuracy)), triMax = mean(triples.map(\.accuracyMax))
        let levels = [uni] + [bi, tri].compactMap { $0 }
        let levelsMax = [uniMax] + [biMax, triMax].compactMap { $0 }
        return QAAccuracySummary(
            overall: levels.reduce(0, +) / Double(levels.count), overallMax: levelsMax.reduce(0, +) / Double(levelsMax.count),
            univariate: uni, univariateMax: uniMax, bivariate: bi, bivariateMax: biMax,
            trivariate: tri, trivariateMax: triMax)
    }

    /// Shares per bin for display: bins that hold original or synthetic rows.
    static func bins(of column: QABinnedColumn) -> [QABin] {
        var original = [Int](repeating: 0, count: column.binCount)
        var synthetic = [Int](repeating: 0, count: column.binCount)
        for code in column.original { original[Int(code)] += 1 }
        for code in column.synthetic { synthetic[Int(code)] += 1 }
        let nOri = Double(max(column.original.count, 1)), nSyn = Double(max(column.synthetic.count, 1))
        return (0..<column.binCount).compactMap { bin in
            guard original[bin] > 0 || synthetic[bin] > 0 else { return nil }
            return QABin(label: column.labels[bin], original: Double(original[bin]) / nOri,
                         synthetic: Double(synthetic[bin]) / nSyn)
        }
    }
}

/// `parallelMap` for a body that can throw: the first error (by index) is rethrown.
func parallelMapThrowing<T: Sendable>(_ count: Int, threads: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    let results: [Result<T, any Error>] = parallelMap(count, threads: threads) { index in
        Result { try body(index) }
    }
    return try results.map { try $0.get() }
}
