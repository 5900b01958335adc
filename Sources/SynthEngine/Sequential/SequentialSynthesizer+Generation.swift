import Foundation
import SynthData

extension SequentialSynthesizer {
    /// Generates the linked rows of `subjects` (a chunk of generated or seeded subject rows,
    /// with their hidden sequence columns): for each subject, as many rows as its length
    /// column says, each conditioned on the subject, the previous row and its position.
    /// Rows come subject by subject, in pieces of about `pieceRows` rows (memory is bounded by
    /// the piece, not by the subjects' total), with the subject's key in the context foreign
    /// key column and the source's columns. `firstRow` numbers the rows before this call (so a
    /// primary key continues over calls); the same seed gives the same rows.
    /// Returns the number of rows generated.
    @discardableResult
    public func generate(subjects: Table, seed: UInt64, options: GenerationOptions = GenerationOptions(), firstRow: Int = 0,
                         isCancelled: () -> Bool = { false }, body: (Table) throws -> Void) throws -> Int {
        let link = layout.link
        let lengths = try sequenceLengths(subjects)
        let subjectCodes = try layout.subjectEncoding.encode(subjects)
        let keyColumn = try subjects.column(named: link.subjectKey)
        var starts: [Double?] = [Double?](repeating: nil, count: subjects.rowCount)
        if let s = subjects.columnIndex(named: SequenceColumns.start(of: link.table)) { starts = SequenceOrder.numbers(subjects.columns[s]) }
        var generated = 0
        var pieceStart = 0
        var pieceIndex: UInt64 = 0
        while pieceStart < subjects.rowCount {
            var pieceEnd = pieceStart, rows = 0
            while pieceEnd < subjects.rowCount && (pieceEnd == pieceStart || rows + lengths[pieceEnd] <= Self.pieceRows) {
                rows += lengths[pieceEnd]
                pieceEnd += 1
            }
            if isCancelled() { throw ModelError.canceled }
            let piece = Array(pieceStart..<pieceEnd)
            let pieceSeed = seed &+ 0xD1B5_4A32_D192_ED03 &* (pieceIndex + 1)
            if rows > 0 {
                let table = try generatePiece(subjects: piece, lengths: lengths, subjectCodes: subjectCodes, keyColumn: keyColumn,
                                              starts: starts, seed: pieceSeed, options: options, firstRow: firstRow + generated,
                                              isCancelled: isCancelled)
                try body(table)
                generated += table.rowCount
            }
            pieceStart = pieceEnd
            pieceIndex += 1
        }
        return generated
    }

    /// An empty table with the linked table's columns and types (for a job that generates no rows).
    public func emptyTable() throws -> Table {
        let decoded = try encoding.decode(EncodedTable(subColumns: encoding.subColumns, rowCount: 0, codes: []), seed: 0)
        return try outputTable(view: decoded, subjectOfRow: [], firstOfSequence: [], starts: [], keyColumn: nil)
    }

    /// Each subject's sequence length (its hidden length column; null or negative is 0).
    public func sequenceLengths(_ subjects: Table) throws -> [Int] {
        let name = SequenceColumns.length(of: layout.link.table)
        guard let index = subjects.columnIndex(named: name) else {
            throw SequenceError("the subject rows of '\(layout.link.subjectTable)' carry no sequence lengths for '\(layout.link.table)'")
        }
        return SequenceOrder.numbers(subjects.columns[index]).map { min(max(Int(($0 ?? 0).rounded()), 0), 10_000_000) }
    }

    /// Generates the rows of a few subjects, step by step: at step `t` every subject with more
    /// than `t` rows gets its row `t`, conditioned on the subject and its row `t − 1`.
    private func generatePiece(subjects piece: [Int], lengths: [Int], subjectCodes: EncodedTable, keyColumn: Column,
                               starts: [Double?], seed: UInt64, options: GenerationOptions, firstRow: Int,
                               isCancelled: () -> Bool) throws -> Table {
        let ks = subjectCodes.width, ko = encoding.subColumns.count
        let contextWidth = ks + ko + 2
        var rowStart: [Int] = []
        var total = 0
        for s in piece { rowStart.append(total); total += lengths[s] }
        var own = [Int32](repeating: 0, count: total * ko)
        let none = encoding.subColumns.map { Int32($0.cardinality) }
        var excluded: [Int: [Int32]] = [:]
        if options.rareCategories == .sample {
            for (k, codes) in encoding.rareCategoryCodes() { excluded[contextWidth + k] = codes }
        }
        let longest = piece.map { lengths[$0] }.max() ?? 0
        var active = Array(piece.indices)
        for t in 0..<longest {
            if isCancelled() { throw ModelError.canceled }
            active = active.filter { lengths[piece[$0]] > t }
            var fixed: [Int: [Int32]] = [:]
            for j in 0..<ks { fixed[j] = active.map { subjectCodes.codes[piece[$0] * ks + j] } }
            for j in 0..<ko {
                fixed[ks + j] = t == 0 ? [none[j]] : active.map { own[(rowStart[$0] + t - 1) * ko + j] }
            }
            fixed[ks + ko] = [SequenceColumns.bucket(t)]
            fixed[ks + ko + 1] = active.map { SequenceColumns.bucket(lengths[piece[$0]] - t - 1) }
            let step = try model.generateTable(rows: active.count, seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(t + 1),
                                               temperature: options.temperature, topP: options.topP, fixed: fixed, excluded: excluded)
            let width = step.width
            for (r, a) in active.enumerated() {
                let target = (rowStart[a] + t) * ko
                for j in 0..<ko { own[target + j] = step.codes[r * width + contextWidth + j] }
            }
        }
        let decoded = try encoding.decode(EncodedTable(subColumns: encoding.subColumns, rowCount: total, codes: own),
                                          seed: seed, firstRow: firstRow)
        var subjectOfRow: [Int] = [], firstOfSequence: [Bool] = []
        subjectOfRow.reserveCapacity(total)
        for s in piece where lengths[s] > 0 {
            for t in 0..<lengths[s] { subjectOfRow.append(s); firstOfSequence.append(t == 0) }
        }
        return try outputTable(view: decoded, subjectOfRow: subjectOfRow, firstOfSequence: firstOfSequence,
                               starts: subjectOfRow.map { starts[$0] }, keyColumn: keyColumn)
    }

    /// The linked table's columns from its decoded sequence view: the order column summed back
    /// from its gaps, the context foreign key holding each row's subject key.
    private func outputTable(view: Table, subjectOfRow: [Int], firstOfSequence: [Bool], starts: [Double?],
                             keyColumn: Column?) throws -> Table {
        var columns: [String: Column] = [:]
        for column in view.columns { columns[column.name] = column }
        if let order = layout.order, let gaps = columns.removeValue(forKey: order.gapColumn) {
            columns[order.column] = order.values(fromGaps: gaps, firstOfSequence: firstOfSequence, starts: starts)
        }
        let link = layout.link
        var key = keyColumn.map { $0.gathering(subjectOfRow) } ?? Column(name: link.contextColumn, values: .empty(layout.contextType))
        key.name = link.contextColumn
        if key.dataType != layout.contextType {
            // The subject key and the foreign key differ in type: the key's text, or its number.
            let text = SequenceColumns.keys(key)
            switch layout.contextType {
            case .string: key = Column(name: link.contextColumn, values: .string(StringArray(text.map { $0 ?? "" })), validity: key.validity)
            case .int64: key = Column(name: link.contextColumn, values: .int64(text.map { $0.flatMap { Int64($0) } ?? 0 }),
                                      validity: ValidityBitmap(text.map { $0.flatMap { Int64($0) } != nil }))
            default: break
            }
        }
        columns[link.contextColumn] = key
        return try Table(columns: layout.columnNames.compactMap { columns[$0] })
    }
}
