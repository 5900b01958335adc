import Foundation
import SynthData

/// The sequential model of a linked table (TabularARGN's sequential mode, built on the flat
/// `GenerativeModel`): each linked row is generated from *context* codes, always fixed, that
/// lead the model's column order, then its own columns autoregressively. The context is
/// - the subject row's codes (the subject table's encoding, with its hidden sequence
///   columns: the length and start of its sequence, `SequenceColumns`),
/// - the previous row of the same subject (its own codes; a "none" code for the first row),
/// - the row's position in the sequence and the rows left after it, bucketed.
///
/// The sequence length is a hidden column of the subject table's flat model, so it is
/// learnt conditioned on the subject's columns (and filled in for a seeded subject); the
/// sequential model then generates exactly that many rows. A numeric or datetime order
/// column is modelled as gaps from the previous row (`SequenceOrder`).
///
/// ```swift
/// let link = SequenceLink(table: "flights", subjectTable: "planes", subjectKey: "tailnum",
///                         contextColumn: "tailnum", orderColumn: "time_hour")
/// let encoding = try SequentialSynthesizer.fitEncoding(linked: flights, subjects: planes, link: link, subjectEncoding: planesEncoding)
/// let model = try SequentialSynthesizer.train(linked: flights, subjects: planes, link: link,
///                                             subjectEncoding: planesEncoding, encoding: encoding)
/// try model.generate(subjects: generatedPlanes, seed: 1) { flightsChunk in ... }
/// ```
public struct SequentialSynthesizer: Sendable {
    /// What the model needs besides its own encoding: the link, the subject table's encoding
    /// (to encode subject rows as context), the order column's model and the table's columns.
    public struct Layout: Codable, Sendable, Hashable {
        public var link: SequenceLink
        public var subjectEncoding: TableEncoding
        public var order: SequenceOrder?
        /// The linked table's columns, in the source's order.
        public var columnNames: [String]
        /// The type of the context foreign key column.
        public var contextType: DataType
    }

    public let layout: Layout
    /// The encoding of the linked table's own columns (the sequence view's).
    public let encoding: TableEncoding
    public let model: GenerativeModel

    /// Rows generated and written at a time, at most (a longer single sequence is one piece).
    public static let pieceRows = 65_536

    // MARK: Sub-column layout

    /// The context sub-columns (subject, previous row, position, rows left), then the own ones.
    static func subColumns(subject: TableEncoding, own: TableEncoding) -> (all: [SubColumnInfo], context: Int) {
        let subjectColumns = subject.columns.count, ownColumns = own.columns.count
        var all = subject.subColumns.map { SubColumnInfo(name: "subject." + $0.name, cardinality: $0.cardinality, columnIndex: $0.columnIndex) }
        all += own.subColumns.map { SubColumnInfo(name: "previous." + $0.name, cardinality: $0.cardinality + 1,
                                                  columnIndex: subjectColumns + $0.columnIndex) }
        all.append(SubColumnInfo(name: "sequence.position", cardinality: SequenceColumns.bucketCount, columnIndex: subjectColumns + ownColumns))
        all.append(SubColumnInfo(name: "sequence.remaining", cardinality: SequenceColumns.bucketCount, columnIndex: subjectColumns + ownColumns + 1))
        let context = all.count
        all += own.subColumns.map { SubColumnInfo(name: $0.name, cardinality: $0.cardinality, columnIndex: subjectColumns + ownColumns + 2 + $0.columnIndex) }
        return (all, context)
    }

    // MARK: Fitting and training

    /// Fits the encoding of the linked table's own columns on its sequence view (the context
    /// foreign key dropped, the order column as gaps; its primary key, if any, as `primary_key`).
    /// `subjects`: the subject table's training rows with their hidden sequence columns.
    public static func fitEncoding(linked: Table, subjects: Table, link: SequenceLink, primaryKey: String? = nil,
                                   overrides: [String: EncodingType] = [:], valueProtection: Bool = true,
                                   seed: UInt64 = 0) throws -> TableEncoding {
        let (view, _) = try SequenceView.make(linked: linked, subjects: subjects, link: link, order: nil,
                                              clipRank: clipRank(valueProtection: valueProtection, seed: seed))
        var overrides = overrides.filter { $0.key != link.contextColumn && $0.key != link.orderColumn }
        if let primaryKey, overrides[primaryKey] == nil, view.table.columnIndex(named: primaryKey) != nil { overrides[primaryKey] = .primaryKey }
        let encoding = try TableEncoder.fit(table: view.table, overrides: overrides, valueProtection: valueProtection, seed: seed)
        // The sequential model has no text models yet: a free-text column of a linked table is
        // modelled as a (value-protected) category instead of coming out empty.
        let textColumns = encoding.columns.filter { $0.type == .text }.map(\.name)
        guard !textColumns.isEmpty else { return encoding }
        for name in textColumns { overrides[name] = .categorical }
        return try TableEncoder.fit(table: view.table, overrides: overrides, valueProtection: valueProtection, seed: seed)
    }

    static func clipRank(valueProtection: Bool, seed: UInt64) -> Int {
        valueProtection ? ProtectionPolicy.forColumn(0, seed: seed, enabled: true).clipRank : 1
    }

    /// The model's training rows: for each linked row, its context codes and its own codes.
    static func trainingCodes(view: SequenceView, subjectCodes: EncodedTable, own: EncodedTable, contextWidth: Int) -> [Int32] {
        let ks = subjectCodes.width, ko = own.width, width = contextWidth + ko
        var codes = [Int32](repeating: 0, count: view.table.rowCount * width)
        let none = own.subColumns.map { Int32($0.cardinality) }
        for i in 0..<view.table.rowCount {
            let base = i * width, s = view.subjectOfRow[i]
            for j in 0..<ks { codes[base + j] = subjectCodes.codes[s * ks + j] }
            for j in 0..<ko { codes[base + ks + j] = view.position[i] == 0 ? none[j] : own.codes[(i - 1) * ko + j] }
            codes[base + ks + ko] = SequenceColumns.bucket(view.position[i])
            codes[base + ks + ko + 1] = SequenceColumns.bucket(view.lengthOfRow[i] - view.position[i] - 1)
            for j in 0..<ko { codes[base + contextWidth + j] = own.codes[i * ko + j] }
        }
        return codes
    }

    /// Fewest validation subjects whose loss steers training. A tenth of fewer than ten times
    /// this many subjects is too few: their loss is dominated by which subjects they are, and
    /// picked the first epochs. Measured (synth's QA overall / coherence, seed 42, the
    /// training parts of `scripts/bench/linked`): with 3 validation subjects, produc kept epoch
    /// 1 of 6 (47.3% / 43.4%) and chickweight epoch 28 of 33 (82.9% / 80.4%); trained on every
    /// subject for the full epoch budget, 65.3% / 76.8% and 86.8% / 84.8%. The flights sample
    /// (256 subjects, 25 validate) is unchanged.
    public static let minimumValidationSubjects = 20

    /// The training and validation rows: a tenth of the subjects, with all their rows,
    /// validate when that is at least `minimumValidationSubjects`; otherwise every row trains
    /// and there is no validation (the full epoch budget, the lowest training loss kept).
    static func validationSplit(subjects: Int, subjectOfRow: [Int], seed: UInt64) -> (training: [Int], validation: [Int]) {
        let subjectSplit = TrainValidationSplit.byRow(rowCount: subjects, validationShare: 0.1, seed: seed)
        guard subjectSplit.validation.count >= minimumValidationSubjects else { return (Array(subjectOfRow.indices), []) }
        let validationSubjects = Set(subjectSplit.validation)
        var trainRows: [Int] = [], validationRows: [Int] = []
        for (i, subject) in subjectOfRow.enumerated() {
            if validationSubjects.contains(subject) { validationRows.append(i) } else { trainRows.append(i) }
        }
        if trainRows.isEmpty { return (validationRows, []) }
        return (trainRows, validationRows)
    }

    /// Trains the sequential model of `linked` (its training rows) conditioned on `subjects`
    /// (the subject table's training rows with their hidden sequence columns, encoded by
    /// `subjectEncoding`). A tenth of the subjects, with all their rows, validate for early
    /// stopping when they are at least `minimumValidationSubjects`. Progress, cancel and stop work as in `GenerativeModel.train`. Differential
    /// privacy is not supported for linked tables yet (`SequenceError`). `valueProtection`
    /// and `settings.seed` must be those `fitEncoding` was given.
    public static func train(linked: Table, subjects: Table, link: SequenceLink, subjectEncoding: TableEncoding,
                             encoding: TableEncoding, settings: ModelSettings = .init(), valueProtection: Bool = true,
                             progress: (TrainingProgress) -> Void = { _ in }, isCancelled: () -> Bool = { false },
                             shouldStop: () -> Bool = { false }) throws -> SequentialSynthesizer {
        guard settings.differentialPrivacy == nil else {
            throw SequenceError("differential privacy covers flat tables only for now; '\(link.table)' is a linked table (train it without `dp=`)")
        }
        var settings = settings
        settings.flexibleOrder = false  // the context must lead the column order
        // Validation subjects steer it (`minimumValidationSubjects`); not measured under `.budget`.
        settings.stopping = .validationLoss
        // The same view as `fitEncoding` made (same rows, protection and seed).
        let (view, _) = try SequenceView.make(linked: linked, subjects: subjects, link: link, order: nil,
                                              clipRank: clipRank(valueProtection: valueProtection, seed: settings.seed))
        guard view.table.rowCount > 0 else {
            throw SequenceError("no row of '\(link.table)' refers to a training row of '\(link.subjectTable)' through '\(link.contextColumn)'")
        }
        let subjectCodes = try subjectEncoding.encode(subjects)
        let own = try encoding.encode(view.table)
        let (all, contextWidth) = subColumns(subject: subjectEncoding, own: encoding)
        let codes = trainingCodes(view: view, subjectCodes: subjectCodes, own: own, contextWidth: contextWidth)
        let full = EncodedTable(subColumns: all, rowCount: view.table.rowCount, codes: codes)
        let (trainRows, validationRows) = validationSplit(subjects: subjects.rowCount, subjectOfRow: view.subjectOfRow,
                                                         seed: settings.seed)
        let model = try GenerativeModel.train(training: full.gatheringRows(trainRows), validation: full.gatheringRows(validationRows),
                                              settings: settings, contextSubColumns: contextWidth, progress: progress,
                                              isCancelled: isCancelled, shouldStop: shouldStop)
        var columnNames = linked.columnNames
        if columnNames.isEmpty { columnNames = [link.contextColumn] }
        let contextType = try linked.column(named: link.contextColumn).dataType
        return SequentialSynthesizer(layout: Layout(link: link, subjectEncoding: subjectEncoding, order: view.order,
                                                    columnNames: columnNames, contextType: contextType),
                                     encoding: encoding, model: model)
    }
}
