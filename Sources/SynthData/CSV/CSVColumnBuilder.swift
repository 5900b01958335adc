/// Accumulates one column of a CSV file chunk by chunk, inferring its type as it goes.
///
/// The type only ever widens along `unknown → bool | int → double | date → timestamp →
/// string`. Numeric and temporal widening converts the values already held; widening to
/// string needs the original text, so rows of earlier chunks are marked for a re-scan
/// (`stringStartRow`) and the reader fills them in afterwards. A column whose type was fixed
/// by the caller never widens: a value that does not fit is reported as `failure`.
///
/// Inference never changes a value: a number with a leading zero (`02134`), an integer
/// beyond 64 bits, or a number beyond the range of a double (`1e400`) makes the column text
/// (`TextParsing.parseInferredInt64` / `parseInferredDouble`), and integers widen to
/// doubles only when every one of them is exact as a double.
final class CSVColumnBuilder: @unchecked Sendable {
    enum Kind: Int, Sendable { case unknown, bool, int, double, date, timestamp, string }

    let name: String
    private(set) var kind: Kind
    private let fixedType: DataType?

    private(set) var rowCount = 0
    /// Rows (global indices) that are null, in order; the validity bitmap is built at the
    /// end, so columns without nulls pay nothing per value.
    private var nullRows: [Int] = []
    private var ints: [Int64] = []
    private var doubles: [Double] = []
    private var bools: [Bool] = []
    private var dates: [Int32] = []
    private var timestampSeconds: [Int64] = []
    private var timestampNanos: [Int32] = []
    private var maxFractionDigits = 0
    /// How the timestamp texts were laid out (merged over the values).
    private var timestampLayout: TimestampTextLayout?
    private var sawNaive = false
    /// Whether an integer already discarded (`discardValues`) would not be exact as a double.
    private var discardedInexactInts = false
    private var zoneOffset: Int?
    private var mixedOffsets = false
    private(set) var strings = StringArray()
    /// Global row from which `strings` holds the column's text; earlier rows need a re-scan.
    private(set) var stringStartRow = 0
    /// The first value that did not fit a fixed type: chunk row index and text.
    private(set) var failure: (row: Int, text: String, segment: ObjectIdentifier)?

    init(name: String, fixedType: DataType? = nil) {
        self.name = name
        self.fixedType = fixedType
        switch fixedType {
        case nil: kind = .unknown
        case .bool: kind = .bool
        case .int64: kind = .int
        case .double: kind = .double
        case .date: kind = .date
        case .timestamp: kind = .timestamp
        case .string: kind = .string
        }
    }

    /// Appends this column's field of each of `rows` (chunk row indices) from an indexed chunk.
    func append(chunk: UnsafePointer<UInt8>, indexer: CSVChunkIndexer, column: Int, rows: [Int32], nulls: CSVNullMatcher) {
        guard failure == nil else { return }
        let base = rowCount
        var j = 0
        while true {
            // The typed fast paths take as many rows as they can; the general code below
            // takes the one they stop at (a null-only prefix ending, a value that widens the
            // type, or a kind without a fast path), then the fast paths go on from there.
            j = fastAppend(chunk: chunk, indexer: indexer, column: column, rows: rows, from: j, nulls: nulls)
            guard j < rows.count else { return }
            let field = Int(indexer.rowFirstField[Int(rows[j])]) + column
            let start = Int(indexer.fieldStart[field]), end = Int(indexer.fieldEnd[field])
            let flags = indexer.fieldFlags[field]
            let p = chunk + start, n = end - start
            if flags & CSVChunkIndexer.quoted == 0, nulls.isNull(p, n) {
                appendNull()
            } else if !appendValue(p, n, flags: flags) {
                if fixedType != nil {
                    failure = (Int(rows[j]), String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self), ObjectIdentifier(indexer))
                    return
                }
                // Widen to string: redo this chunk's rows as text.
                becomeString(keepingRows: base)
                j = 0
                continue
            }
            j += 1
        }
    }

    /// The fast path for the column's current kind, from row `from`; returns the first row
    /// it did not take (`from` itself for kinds without one).
    private func fastAppend(chunk: UnsafePointer<UInt8>, indexer: CSVChunkIndexer, column: Int, rows: [Int32],
                            from: Int, nulls: CSVNullMatcher) -> Int {
        switch kind {
        case .string: fastAppendStrings(chunk: chunk, indexer: indexer, column: column, rows: rows, from: from, nulls: nulls)
        case .int, .double: fastAppendNumbers(chunk: chunk, indexer: indexer, column: column, rows: rows, from: from, nulls: nulls)
        case .unknown, .bool, .date, .timestamp: from
        }
    }

    /// The hot path for integer and decimal columns: a tight loop over raw index pointers
    /// into local arrays. Returns the index of the first row it could not take (a value
    /// that needs the type to widen), from which the general loop goes on.
    private func fastAppendNumbers(chunk: UnsafePointer<UInt8>, indexer: CSVChunkIndexer, column: Int, rows: [Int32],
                                   from: Int, nulls: CSVNullMatcher) -> Int {
        guard kind == .int || kind == .double, from < rows.count else { return from }
        let firstField = indexer.rowFirstField.pointer, starts = indexer.fieldStart.pointer
        let ends = indexer.fieldEnd.pointer, flags = indexer.fieldFlags.pointer
        var count = rowCount
        var nullList = nullRows
        nullRows = []
        defer {
            rowCount = count
            nullRows = nullList
        }
        return from + rows.withUnsafeBufferPointer { allRows -> Int in
            let rowList = UnsafeBufferPointer(rebasing: allRows[from...])
            /// Parses the column's field of each row straight into room made in `values`
            /// (no per-value append); stops at the first value `parse` rejects.
            func take<Value>(_ values: inout [Value], zero: Value, _ parse: (UnsafePointer<UInt8>, Int) -> Value?) -> Int {
                let first = values.count
                values.append(contentsOf: repeatElement(zero, count: rowList.count))
                let taken = values.withUnsafeMutableBufferPointer { buffer -> Int in
                    guard let base = buffer.baseAddress else { return 0 }
                    let out = base + first
                    for j in 0..<rowList.count {
                        let field = Int(firstField[Int(rowList[j])]) + column
                        let p = chunk + Int(starts[field]), n = Int(ends[field]) - Int(starts[field])
                        if flags[field] & CSVChunkIndexer.quoted == 0, nulls.isNull(p, n) {
                            nullList.append(count + j)
                        } else if let v = parse(p, n) {
                            out[j] = v
                        } else {
                            return j
                        }
                    }
                    return rowList.count
                }
                values.removeLast(rowList.count - taken)
                count += taken
                return taken
            }
            // Inferred columns use the stricter parsers (no leading zeros, no lossy numbers);
            // a type the caller fixed takes any number of that type.
            if kind == .int {
                var values = ints
                ints = []
                defer { ints = values }
                if fixedType == nil { return take(&values, zero: Int64(0)) { TextParsing.parseInferredInt64($0, $1) } }
                return take(&values, zero: Int64(0)) { TextParsing.parseInt64($0, $1) }
            } else {
                var values = doubles
                doubles = []
                defer { doubles = values }
                if fixedType == nil { return take(&values, zero: 0.0) { TextParsing.parseInferredDouble($0, $1) } }
                return take(&values, zero: 0.0) { TextParsing.parseDouble($0, $1) }
            }
        }
    }

    /// The hot path for text columns: packs the chunk's fields (unescaped, nulls empty) into
    /// one scratch buffer and appends them to `strings` in one go, instead of growing the
    /// column's arrays value by value. Takes every row from `from` on; returns `rows.count`.
    private func fastAppendStrings(chunk: UnsafePointer<UInt8>, indexer: CSVChunkIndexer, column: Int, rows allRows: [Int32],
                                   from: Int, nulls: CSVNullMatcher) -> Int {
        guard kind == .string, from < allRows.count else { return from }
        let rows = allRows[from...]
        let firstField = indexer.rowFirstField.pointer, starts = indexer.fieldStart.pointer
        let ends = indexer.fieldEnd.pointer, flags = indexer.fieldFlags.pointer
        var totalBytes = 0
        for row in rows {
            let field = Int(firstField[Int(row)]) + column
            totalBytes += Int(ends[field]) - Int(starts[field])
        }
        let packed = UnsafeMutablePointer<UInt8>.allocate(capacity: max(totalBytes, 1))
        let packedEnds = UnsafeMutablePointer<Int>.allocate(capacity: rows.count)
        defer {
            packed.deallocate()
            packedEnds.deallocate()
        }
        var used = 0
        var count = rowCount
        for (j, row) in rows.enumerated() {
            let field = Int(firstField[Int(row)]) + column
            let p = chunk + Int(starts[field]), n = Int(ends[field]) - Int(starts[field])
            let fieldFlags = flags[field]
            if fieldFlags & CSVChunkIndexer.quoted == 0, nulls.isNull(p, n) {
                nullRows.append(count)
            } else if fieldFlags & CSVChunkIndexer.hasEscapedQuotes != 0 {
                used += CSVChunkIndexer.unescapeQuotes(p, n, into: packed + used)
            } else if n <= 16 {
                for k in 0..<n { packed[used + k] = p[k] }
                used += n
            } else {
                (packed + used).update(from: p, count: n)
                used += n
            }
            packedEnds[j] = used
            count += 1
        }
        strings.append(packed: UnsafeBufferPointer(start: packed, count: used),
                       ends: UnsafeBufferPointer(start: packedEnds, count: rows.count))
        rowCount = count
        return allRows.count
    }

    /// Reserves room for about `rows` rows in the storage of the current type, so that
    /// growth by doubling does not overshoot memory on large files.
    func reserve(rows: Int) {
        guard rows > rowCount else { return }
        switch kind {
        case .unknown: break
        case .bool: bools.reserveCapacity(rows)
        case .int: ints.reserveCapacity(rows)
        case .double: doubles.reserveCapacity(rows)
        case .date: dates.reserveCapacity(rows)
        case .timestamp: timestampSeconds.reserveCapacity(rows); timestampNanos.reserveCapacity(rows)
        case .string:
            let averageBytes = rowCount > 0 ? strings.bytes.count / rowCount + 1 : 8
            strings.reserveCapacity(elements: rows, bytes: rows * averageBytes)
        }
    }

    /// Drops all values but keeps the inferred type (for schema inference over many chunks).
    func discardValues() {
        if kind == .int, !discardedInexactInts { discardedInexactInts = !ints.allSatisfy(TextParsing.isExactAsDouble) }
        ints.removeAll(keepingCapacity: true)
        doubles.removeAll(keepingCapacity: true)
        bools.removeAll(keepingCapacity: true)
        dates.removeAll(keepingCapacity: true)
        timestampSeconds.removeAll(keepingCapacity: true)
        timestampNanos.removeAll(keepingCapacity: true)
        strings = StringArray()
        nullRows.removeAll(keepingCapacity: true)
        rowCount = 0
        stringStartRow = 0
    }

    @inline(__always)
    private func appendNull() {
        nullRows.append(rowCount)
        rowCount += 1
        switch kind {
        case .unknown: break
        case .bool: bools.append(false)
        case .int: ints.append(0)
        case .double: doubles.append(0)
        case .date: dates.append(0)
        case .timestamp: timestampSeconds.append(0); timestampNanos.append(0)
        case .string: strings.appendEmpty()
        }
    }

    /// Appends a non-null value, widening the type when needed; `false` if only a string fits.
    @inline(__always)
    private func appendValue(_ p: UnsafePointer<UInt8>, _ n: Int, flags: UInt8) -> Bool {
        switch kind {
        case .string:
            appendString(p, n, flags: flags)
            return true
        case .int:
            if fixedType == nil {
                if let v = TextParsing.parseInferredInt64(p, n) { ints.append(v); markValid(); return true }
            } else {
                if let v = TextParsing.parseInt64(p, n) { ints.append(v); markValid(); return true }
            }
            // Widen to double only when no integer loses digits; otherwise the column is text.
            guard fixedType == nil, let d = TextParsing.parseInferredDouble(p, n), !discardedInexactInts,
                  ints.allSatisfy(TextParsing.isExactAsDouble) else { return false }
            doubles = ints.map { Double($0) }
            ints = []
            kind = .double
            doubles.append(d)
            markValid()
            return true
        case .double:
            let parsed = fixedType == nil ? TextParsing.parseInferredDouble(p, n) : TextParsing.parseDouble(p, n)
            if let d = parsed { doubles.append(d); markValid(); return true }
            return false
        case .bool:
            if let b = TextParsing.parseBool(p, n) { bools.append(b); markValid(); return true }
            return false
        case .date:
            if let d = TextParsing.parseDate(p, n) { dates.append(d); markValid(); return true }
            guard fixedType == nil, let t = TextParsing.parseTimestamp(p, n) else { return false }
            timestampSeconds = dates.map { Int64($0) * 86_400 }
            timestampNanos = [Int32](repeating: 0, count: dates.count)
            dates = []
            sawNaive = nullRows.count < rowCount
            kind = .timestamp
            return appendTimestamp(t)
        case .timestamp:
            if let t = TextParsing.parseTimestamp(p, n) { return appendTimestamp(t) }
            if let d = TextParsing.parseDate(p, n) {
                return appendTimestamp(TextParsing.Timestamp(seconds: Int64(d) * 86_400, nanoseconds: 0, fractionDigits: 0, offsetSeconds: nil))
            }
            return false
        case .unknown:
            let newKind = Self.classify(p, n)
            if newKind == .string { return false }
            fillPlaceholders(for: newKind)
            return appendValue(p, n, flags: flags)
        }
    }

    @inline(__always)
    private func markValid() {
        rowCount += 1
    }

    private func appendTimestamp(_ t: TextParsing.Timestamp) -> Bool {
        if let offset = t.offsetSeconds {
            if sawNaive { return false }
            if let existing = zoneOffset, existing != offset { mixedOffsets = true }
            if zoneOffset == nil { zoneOffset = offset }
        } else {
            if zoneOffset != nil { return false }
            sawNaive = true
        }
        maxFractionDigits = max(maxFractionDigits, t.fractionDigits)
        if let layout = t.layout { timestampLayout = timestampLayout.map { $0.merging(layout) } ?? layout }
        timestampSeconds.append(t.seconds)
        timestampNanos.append(Int32(t.nanoseconds))
        markValid()
        return true
    }

    /// One text value. (The general loop rarely gets here: `fastAppendStrings` takes every
    /// row of a text column.)
    private func appendString(_ p: UnsafePointer<UInt8>, _ n: Int, flags: UInt8) {
        CSVChunkIndexer.fieldBytes(p, n, flags: flags).withUnsafeBufferPointer { strings.append(bytes: $0) }
        markValid()
    }

    private func fillPlaceholders(for newKind: Kind) {
        kind = newKind
        switch newKind {
        case .bool: bools = [Bool](repeating: false, count: rowCount)
        case .int: ints = [Int64](repeating: 0, count: rowCount)
        case .double: doubles = [Double](repeating: 0, count: rowCount)
        case .date: dates = [Int32](repeating: 0, count: rowCount)
        case .timestamp:
            timestampSeconds = [Int64](repeating: 0, count: rowCount)
            timestampNanos = [Int32](repeating: 0, count: rowCount)
        case .string:
            strings = StringArray()
            for _ in 0..<rowCount { strings.appendEmpty() }
        case .unknown: break
        }
    }

    private func becomeString(keepingRows base: Int) {
        let wasUnknown = kind == .unknown
        ints = []; doubles = []; bools = []; dates = []; timestampSeconds = []; timestampNanos = []
        kind = .string
        while let last = nullRows.last, last >= base { nullRows.removeLast() }
        rowCount = base
        strings = StringArray()
        if wasUnknown {
            // Every earlier row was null: no text to recover.
            for _ in 0..<base { strings.appendEmpty() }
            stringStartRow = 0
        } else {
            stringStartRow = base
        }
    }

    /// The narrowest kind that holds this text without changing it.
    static func classify(_ p: UnsafePointer<UInt8>, _ n: Int) -> Kind {
        if TextParsing.parseInferredInt64(p, n) != nil { return .int }
        if TextParsing.parseInferredDouble(p, n) != nil { return .double }
        if TextParsing.parseBool(p, n) != nil { return .bool }
        if TextParsing.parseDate(p, n) != nil { return .date }
        if TextParsing.parseTimestamp(p, n) != nil { return .timestamp }
        return .string
    }

    /// The finished column; `textPrefix` holds the re-scanned text of rows before `stringStartRow`.
    func makeColumn(textPrefix: StringArray? = nil) -> Column {
        let values: ColumnValues
        switch kind {
        case .unknown:
            var empty = StringArray()
            for _ in 0..<rowCount { empty.appendEmpty() }
            values = fixedType.map { ColumnValues.placeholders($0, count: rowCount) } ?? .string(empty)
        case .bool: values = .bool(bools)
        case .int: values = .int64(ints)
        case .double: values = .double(doubles)
        case .date: values = .date(dates)
        case .timestamp: values = makeTimestamps()
        case .string:
            if let textPrefix {
                var all = textPrefix
                all.append(contentsOf: strings)
                values = .string(all)
            } else {
                values = .string(strings)
            }
        }
        var validity: ValidityBitmap?
        if !nullRows.isEmpty {
            var bitmap = ValidityBitmap(count: rowCount, allValid: true)
            for row in nullRows { bitmap.set(row, valid: false) }
            validity = bitmap
        }
        return Column(name: name, values: values, validity: validity, timestampLayout: kind == .timestamp ? timestampLayout : nil)
    }

    /// The column's type as inferred so far (`string` while nothing but nulls was seen).
    var inferredType: DataType {
        switch kind {
        case .unknown: fixedType ?? .string
        case .bool: .bool
        case .int: .int64
        case .double: .double
        case .date: .date
        case .timestamp:
            { let (unit, zone) = timestampUnitAndZone(); return DataType.timestamp(unit: unit, timeZone: zone) }()
        case .string: .string
        }
    }

    private func timestampUnitAndZone() -> (TimeUnit, String?) {
        var unit: TimeUnit
        switch maxFractionDigits {
        case 0: unit = .seconds
        case 1...3: unit = .milliseconds
        case 4...6: unit = .microseconds
        default: unit = .nanoseconds
        }
        if case let .timestamp(fixedUnit, _) = fixedType { unit = fixedUnit }
        let zone: String?
        if case let .timestamp(_, fixedZone) = fixedType, fixedZone != nil {
            zone = fixedZone
        } else if let offset = zoneOffset {
            zone = mixedOffsets ? "UTC" : CivilDate.offsetText(seconds: offset)
        } else {
            zone = nil
        }
        return (unit, zone)
    }

    private func makeTimestamps() -> ColumnValues {
        let (unit, zone) = timestampUnitAndZone()
        let perSecond = unit.ticksPerSecond
        let nanosPerTick = Int64(1_000_000_000) / perSecond
        var ticks = [Int64](repeating: 0, count: timestampSeconds.count)
        for k in 0..<ticks.count {
            let (scaled, overflow) = timestampSeconds[k].multipliedReportingOverflow(by: perSecond)
            ticks[k] = overflow ? (timestampSeconds[k] < 0 ? Int64.min : Int64.max) : scaled &+ Int64(timestampNanos[k]) / nanosPerTick
        }
        return .timestamp(ticks, unit: unit, timeZone: zone)
    }
}

extension ColumnValues {
    /// `count` placeholder values of `type`.
    static func placeholders(_ type: DataType, count: Int) -> ColumnValues {
        switch type {
        case .int64: .int64(.init(repeating: 0, count: count))
        case .double: .double(.init(repeating: 0, count: count))
        case .bool: .bool(.init(repeating: false, count: count))
        case .string:
            .string({ var s = StringArray(); for _ in 0..<count { s.appendEmpty() }; return s }())
        case .date: .date(.init(repeating: 0, count: count))
        case let .timestamp(unit, zone): .timestamp(.init(repeating: 0, count: count), unit: unit, timeZone: zone)
        }
    }
}
