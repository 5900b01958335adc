import Dispatch

/// The layout of a CSV file: delimiter, header, column names and types.
public struct CSVSchema: Sendable, Hashable {
    public var delimiter: UInt8
    public var hasHeader: Bool
    public var columnNames: [String]
    public var columnTypes: [DataType]
}

/// A fast, streaming CSV reader over raw bytes (RFC 4180, delimiter sniffing, type inference).
///
/// The first row is the header unless `CSVReadOptions.hasHeader` is `false`. Files must be
/// regular files (`FileAccessError` otherwise) in UTF-8 (`CSVError.unsupportedEncoding` for
/// UTF-16/UTF-32, `CSVError.invalidUTF8` with line and column for bad bytes, header included).
///
/// The file is read in chunks (`CSVReadOptions.chunkSize`); each chunk is indexed in two
/// halves on two threads (field boundaries, no copies) and its columns are converted to
/// typed arrays on all cores. Types are inferred from all rows: a column widens (int → double → string)
/// as values require, so a late value never makes the read fail.
public enum CSVReader {
    /// Default chunk of a whole-file read: 256 KiB, measured as fast as 1 MiB or faster
    /// (`scripts/bench/csv`) with less memory.
    public static let readChunkSize = 1 << 18
    /// Default chunk of a streaming scan (and of schema inference): 1 MiB, since each chunk
    /// becomes one batch for the consumer and the organizing step pays per batch.
    public static let scanChunkSize = 1 << 20

    /// Reads a whole file into a table. `monitor` hears the bytes read after every chunk and
    /// can stop the read (`ReadCancelled`) between chunks.
    public static func read(path: String, options: CSVReadOptions = .init(), monitor: ReadMonitor = .none) throws -> CSVReadResult {
        let pass = try Pass(path: path, options: options, defaultChunkSize: readChunkSize)
        let builders = pass.names.map { CSVColumnBuilder(name: $0, fixedType: options.columnTypes[$0]) }
        var reserved = false
        try pass.run(builders: builders, monitor: monitor, afterChunk: { builders in
            // After the first chunk, size every column for the whole file (+3%).
            guard !reserved, let first = builders.first, first.rowCount > 0, pass.bytesRead > 0 else { return }
            reserved = true
            let estimate = Int(Double(pass.fileSize) / Double(pass.bytesRead) * Double(first.rowCount) * 1.03) + 16
            builders.forEach { $0.reserve(rows: estimate) }
        })
        // Columns that became strings after their first chunk need their earlier text again.
        let needText = builders.enumerated().filter { $0.element.kind == .string && $0.element.stringStartRow > 0 }
        var prefixes: [Int: StringArray] = [:]
        if !needText.isEmpty {
            let rescan = try Pass(path: path, options: pass.resolvedOptions, defaultChunkSize: readChunkSize)
            let textBuilders = pass.names.map { CSVColumnBuilder(name: $0, fixedType: .string) }
            var limits = [Int](repeating: 0, count: builders.count)
            for (index, builder) in needText { limits[index] = builder.stringStartRow }
            // The second pass re-reads the file's start: it counts as the end of the bar.
            let rescanMonitor = ReadMonitor(progress: { _, total in monitor.progress(total, total) },
                                            isCancelled: monitor.isCancelled)
            try rescan.run(builders: textBuilders, only: needText.map(\.offset), rowLimits: limits, monitor: rescanMonitor)
            for (index, _) in needText {
                if case let .string(text) = textBuilders[index].makeColumn().values { prefixes[index] = text }
            }
        }
        let columns = builders.enumerated().map { index, builder in builder.makeColumn(textPrefix: prefixes[index]) }
        let table = try Table(columns: columns)
        return CSVReadResult(table: table, skippedRows: pass.skippedRows, delimiter: pass.delimiter, hadHeader: pass.hasHeader,
                             headerLooksLikeData: pass.headerLooksLikeData)
    }

    /// Infers the schema with one streaming pass that keeps no values (bounded memory).
    public static func inferSchema(path: String, options: CSVReadOptions = .init()) throws -> CSVSchema {
        let pass = try Pass(path: path, options: options, defaultChunkSize: scanChunkSize)
        let builders = pass.names.map { CSVColumnBuilder(name: $0, fixedType: options.columnTypes[$0]) }
        try pass.run(builders: builders, afterChunk: { builders in builders.forEach { $0.discardValues() } })
        return CSVSchema(delimiter: pass.delimiter, hasHeader: pass.hasHeader, columnNames: pass.names,
                         columnTypes: builders.map(\.inferredType))
    }

    /// Streams a file as a sequence of tables (one per chunk) with a fixed schema; memory
    /// stays bounded by the chunk size. Without a schema, `inferSchema` runs first.
    /// Returns the number of rows skipped as bad (when `skipBadRows` is set).
    @discardableResult
    public static func scan(path: String, options: CSVReadOptions = .init(), schema: CSVSchema? = nil,
                            body: (Table) throws -> Void) throws -> Int {
        let schema = try schema ?? inferSchema(path: path, options: options)
        var fixed = options
        fixed.delimiter = schema.delimiter
        fixed.hasHeader = schema.hasHeader
        let pass = try Pass(path: path, options: fixed, defaultChunkSize: scanChunkSize)
        guard pass.names.count == schema.columnNames.count else {
            throw CSVError(.wrongFieldCount(expected: schema.columnNames.count, found: pass.names.count), file: path, line: 1, column: 1)
        }
        let builders = zip(schema.columnNames, schema.columnTypes).map { CSVColumnBuilder(name: $0, fixedType: $1) }
        // A throwing `body` ends the pass at once: no further chunk is read or kept.
        try pass.run(builders: builders, afterChunk: { builders in
            guard let first = builders.first, first.rowCount > 0 else { return }
            defer { builders.forEach { $0.discardValues() } }
            try body(Table(columns: builders.map { $0.makeColumn() }))
        })
        return pass.skippedRows
    }
}

/// Wraps a value that is shared across threads in a data-race-free way by construction.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// One pass over a CSV file: sniffing, header, chunking, row checks and column conversion.
private final class Pass {
    let path: String
    let options: CSVReadOptions
    let source: CSVFileSource
    let delimiter: UInt8
    let hasHeader: Bool
    /// Whether the header row holds values that read as data (numbers, dates, booleans).
    let headerLooksLikeData: Bool
    let names: [String]
    let nulls: CSVNullMatcher
    let indexer: CSVChunkIndexer
    private(set) var skippedRows = 0
    /// Bytes consumed so far (for estimating the row count of the whole file).
    private(set) var bytesRead = 0
    var fileSize: Int { source.fileSize }
    /// 1-based line number of the first line of the current chunk.
    private var lineBase = 1
    private var headerBytes = 0

    var resolvedOptions: CSVReadOptions {
        var resolved = options
        resolved.delimiter = delimiter
        resolved.hasHeader = hasHeader
        return resolved
    }

    init(path: String, options: CSVReadOptions, defaultChunkSize: Int) throws {
        self.path = path
        self.options = options
        source = try CSVFileSource(path: path, chunkSize: options.chunkSize ?? defaultChunkSize)
        try source.advance(consumed: 0)
        // Make sure the first row is entirely in the buffer.
        let probe = CSVChunkIndexer(delimiter: options.delimiter ?? UInt8(ascii: ","))
        while !source.reachedEnd, (try? probe.index(source.buffer, count: source.filled, isFinal: false, maxRows: 2)) ?? 0 == 0 {
            try source.advance(consumed: 0)
        }
        guard source.filled > 0 else { throw CSVError(.emptyFile, file: path) }
        delimiter = options.delimiter ?? CSVSniffer.delimiter(source.buffer, count: source.filled, isFinal: source.reachedEnd)
        nulls = CSVNullMatcher(tokens: options.nullTokens)
        indexer = CSVChunkIndexer(delimiter: delimiter)
        let consumed: Int
        do {
            consumed = try indexer.index(source.buffer, count: source.filled, isFinal: source.reachedEnd, maxRows: 1)
        } catch let CSVChunkIndexer.Failure.unterminatedQuote(line, column) {
            throw CSVError(.unterminatedQuote, file: path, line: line + 1, column: column)
        }
        guard indexer.rowCount == 1 else { throw CSVError(.emptyFile, file: path) }
        // The first row is the header unless the caller says otherwise (as in pyarrow and
        // pandas): no guess can tell a header of names such as `2020` or `nan` from data.
        let header = options.hasHeader ?? true
        hasHeader = header
        headerLooksLikeData = header && CSVSniffer.rowLooksLikeData(source.buffer, indexer: indexer, nulls: nulls)
        if header, let bad = UTF8Validation.firstInvalidOffset(source.buffer, count: consumed) {
            let (line, column) = Self.position(of: bad, in: source.buffer)
            throw CSVError(.invalidUTF8, file: path, line: 1 + line, column: column)
        }
        let fieldCount = indexer.fieldCount(row: 0)
        var names: [String] = []
        var used = Set<String>()
        for k in 0..<fieldCount {
            var name = "column_\(k + 1)"
            if header {
                let field = k
                let start = Int(indexer.fieldStart[field]), end = Int(indexer.fieldEnd[field])
                let bytes = CSVChunkIndexer.fieldBytes(source.buffer + start, end - start, flags: indexer.fieldFlags[field])
                let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces()
                if !text.isEmpty { name = text }
            }
            var unique = name
            var suffix = 1
            while used.contains(unique) {
                unique = "\(name)_\(suffix)"
                suffix += 1
            }
            used.insert(unique)
            names.append(unique)
        }
        self.names = names
        if header {
            lineBase += indexer.consumedLines
            headerBytes = consumed
        }
    }

    /// Runs the pass, feeding every good row to `builders` (all columns, or `only` these),
    /// stopping each column at its `rowLimits` entry when given.
    func run(builders: [CSVColumnBuilder], only: [Int]? = nil, rowLimits: [Int]? = nil, monitor: ReadMonitor = .none,
             afterChunk: ([CSVColumnBuilder]) throws -> Void = { _ in }) throws {
        var skip = headerBytes
        var rowsDone = 0
        let active = only ?? Array(0..<names.count)
        while true {
            let chunk = source.buffer + skip
            let available = source.filled - skip
            let segments = try indexChunk(chunk, count: available)
            let consumed = segments.reduce(0) { $0 + $1.length }
            if let bad = segments.lazy.compactMap({ segment in
                segment.invalidUTF8Offset.map { segment.base - UnsafePointer(chunk) + $0 }
            }).first {
                let (line, column) = Self.position(of: bad, in: chunk)
                throw CSVError(.invalidUTF8, file: path, line: lineBase + line, column: column)
            }
            for segment in segments {
                var rows = try goodRows(of: segment)
                if let rowLimits {
                    let wanted = active.map { rowLimits[$0] }.max() ?? 0
                    if rowsDone + rows.count > wanted { rows.removeLast(rowsDone + rows.count - wanted) }
                }
                segment.rows = rows
            }
            try convert(segments: segments, builders: builders, active: active, rowLimits: rowLimits, rowsDone: rowsDone)
            rowsDone += segments.reduce(0) { $0 + $1.rows.count }
            bytesRead += consumed + skip
            try afterChunk(builders)
            try monitor.observe(bytesRead: bytesRead, of: fileSize)
            lineBase += segments.reduce(0) { $0 + $1.indexer.consumedLines }
            if let rowLimits, active.allSatisfy({ rowsDone >= rowLimits[$0] }) { return }
            if source.reachedEnd && consumed == available { return }
            if consumed == 0 && source.reachedEnd { return }
            try source.advance(consumed: skip + consumed)
            skip = 0
        }
    }

    /// A run of complete rows in the current chunk, indexed by its own indexer.
    final class Segment {
        let base: UnsafePointer<UInt8>
        let length: Int
        let indexer: CSVChunkIndexer
        let lineBase: Int
        var rows: [Int32] = []
        /// Offset of the first invalid UTF-8 sequence in the segment's bytes, if any.
        let invalidUTF8Offset: Int?

        init(base: UnsafePointer<UInt8>, length: Int, indexer: CSVChunkIndexer, lineBase: Int, invalidUTF8Offset: Int?) {
            self.base = base
            self.length = length
            self.indexer = indexer
            self.lineBase = lineBase
            self.invalidUTF8Offset = invalidUTF8Offset
        }
    }

    /// Indexes the chunk, in two halves on two threads when it is large enough and a row
    /// boundary can be found in the middle (verified afterwards; otherwise one pass).
    private func indexChunk(_ chunk: UnsafePointer<UInt8>, count: Int) throws -> [Segment] {
        let isFinal = source.reachedEnd
        if count >= 64 << 10, let split = Self.rowBoundary(near: count / 2, in: chunk, count: count) {
            let second = secondIndexer
            let indexers = UncheckedSendable(value: (indexer, second, chunk))
            // Each half is indexed and then checked for valid UTF-8 on its own thread.
            let outcomes = ConcurrentSlots<(consumed: Int?, invalidUTF8: Int?)>(count: 2)
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                let (first, second, chunk) = indexers.value
                let (indexer, start, length) = half == 0 ? (first, chunk, split) : (second, chunk + split, count - split)
                let consumed = try? indexer.index(start, count: length, isFinal: half == 0 ? false : isFinal)
                outcomes.set(half, (consumed, consumed.flatMap { UTF8Validation.firstInvalidOffset(start, count: $0) }))
            }
            let halves = outcomes.values
            if halves[0]?.consumed == split, let secondConsumed = halves[1]?.consumed {
                return [Segment(base: chunk, length: split, indexer: indexer, lineBase: lineBase,
                                invalidUTF8Offset: halves[0]?.invalidUTF8),
                        Segment(base: chunk + split, length: secondConsumed, indexer: second,
                                lineBase: lineBase + indexer.consumedLines, invalidUTF8Offset: halves[1]?.invalidUTF8)]
            }
        }
        do {
            let consumed = try indexer.index(chunk, count: count, isFinal: isFinal)
            return [Segment(base: chunk, length: consumed, indexer: indexer, lineBase: lineBase,
                            invalidUTF8Offset: UTF8Validation.firstInvalidOffset(chunk, count: consumed))]
        } catch let CSVChunkIndexer.Failure.unterminatedQuote(line, column) {
            throw CSVError(.unterminatedQuote, file: path, line: lineBase + line, column: column)
        }
    }

    private lazy var secondIndexer = CSVChunkIndexer(delimiter: delimiter)

    /// The offset just after the first line break at or after `target` that lies outside
    /// quotes, judging quote state by the parity of quotes before it.
    static func rowBoundary(near target: Int, in p: UnsafePointer<UInt8>, count: Int) -> Int? {
        let quote = UInt8(ascii: "\"")
        var quotes = 0
        var i = 0
        let quoteMask = UInt64(0x0101_0101_0101_0101) &* UInt64(quote)
        while i + 8 <= target {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) ^ quoteMask
            let t = (x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F
            quotes += (~(t | x | 0x7F7F_7F7F_7F7F_7F7F)).nonzeroBitCount
            i += 8
        }
        while i < target {
            if p[i] == quote { quotes += 1 }
            i += 1
        }
        var inQuotes = quotes & 1 == 1
        while i < count {
            let b = p[i]
            if b == quote {
                inQuotes.toggle()
            } else if b == UInt8(ascii: "\n"), !inQuotes {
                return i + 1 < count ? i + 1 : nil
            }
            i += 1
        }
        return nil
    }

    /// Rows of a segment with the right field count; others are skipped or reported.
    private func goodRows(of segment: Segment) throws -> [Int32] {
        let columnCount = names.count
        let indexer = segment.indexer
        var rows: [Int32] = []
        rows.reserveCapacity(indexer.rowCount)
        for row in 0..<indexer.rowCount {
            let found = indexer.fieldCount(row: row)
            if found == columnCount {
                rows.append(Int32(row))
            } else if options.skipBadRows {
                skippedRows += 1
            } else {
                let first = Int(indexer.rowFirstField[row])
                let at = found > columnCount ? Int(indexer.fieldStart[first + columnCount]) : Int(indexer.fieldEnd[first + found - 1])
                throw CSVError(.wrongFieldCount(expected: columnCount, found: found), file: path,
                               line: segment.lineBase + Int(indexer.rowLine[row]),
                               column: at - Int(indexer.rowLineStart[row]) + 1)
            }
        }
        return rows
    }

    private func convert(segments: [Segment], builders: [CSVColumnBuilder], active: [Int],
                         rowLimits: [Int]?, rowsDone: Int) throws {
        let shared = UncheckedSendable(value: (segments, nulls, builders, active, rowLimits, rowsDone))
        DispatchQueue.concurrentPerform(iterations: active.count) { k in
            let (segments, nulls, builders, active, rowLimits, rowsDone) = shared.value
            let column = active[k]
            var remaining = rowLimits.map { max(0, $0[column] - rowsDone) } ?? Int.max
            for segment in segments {
                var columnRows = segment.rows
                if remaining < columnRows.count { columnRows.removeLast(columnRows.count - remaining) }
                remaining -= columnRows.count
                guard !columnRows.isEmpty else { continue }
                builders[column].append(chunk: segment.base, indexer: segment.indexer, column: column, rows: columnRows, nulls: nulls)
                if builders[column].failure != nil { break }
            }
        }
        for column in active {
            guard let failure = builders[column].failure else { continue }
            // The failing row is in the segment that was being appended when it failed.
            let segment = segments.first { failure.segment == ObjectIdentifier($0.indexer) } ?? segments[0]
            let row = failure.row
            let field = Int(segment.indexer.rowFirstField[row]) + column
            throw CSVError(.invalidValue(column: names[column], type: builders[column].inferredType, text: failure.text),
                           file: path, line: segment.lineBase + Int(segment.indexer.rowLine[row]),
                           column: Int(segment.indexer.fieldStart[field]) - Int(segment.indexer.rowLineStart[row]) + 1)
        }
    }

    private static func position(of offset: Int, in p: UnsafePointer<UInt8>) -> (line: Int, column: Int) {
        var line = 0, lineStart = 0
        for i in 0..<offset where p[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
