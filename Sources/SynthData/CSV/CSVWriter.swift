/// How a table is written as CSV.
public struct CSVWriteOptions: Sendable, Hashable {
    public var delimiter: UInt8
    public var includeHeader: Bool
    /// Text written for a null cell (an empty field by default).
    public var nullText: String

    public init(delimiter: UInt8 = UInt8(ascii: ","), includeHeader: Bool = true, nullText: String = "") {
        self.delimiter = delimiter
        self.includeHeader = includeHeader
        self.nullText = nullText
    }
}

/// Writes tables as RFC 4180 CSV that `CSVReader` reads back to the same table.
///
/// Timestamps are written in their column's `timestampLayout` (the source's own text layout,
/// e.g. `2013-01-26 03:45:27`), else ISO 8601; dates as `YYYY-MM-DD`.
///
/// Strings are quoted when they hold the delimiter, a quote, a line break, surrounding
/// spaces, or would otherwise read back as null (`""`, `NA`, ...); so is a NaN double. The
/// file is streamed through an `AtomicFileWriter`, so a failed write (full disk, file size
/// limit, error, cancellation) never leaves a partial file, and an existing file is replaced
/// only when `replace` is true.
public enum CSVWriter {
    /// Writes `table` to `path`; throws `FileWriteError` when the file cannot be written.
    public static func write(_ table: Table, to path: String, options: CSVWriteOptions = .init(), replace: Bool = false) throws {
        try AtomicFileWriter.write(to: path, replace: replace) { file in
            var out = ByteSink(file: file)
            try encode(table, options: options, into: &out)
            try out.flush()
        }
    }

    /// The CSV text of a table (for small tables and tests).
    public static func text(of table: Table, options: CSVWriteOptions = .init()) -> String {
        var sink = ByteSink(file: nil)
        try? encode(table, options: options, into: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    private static func encode(_ table: Table, options: CSVWriteOptions, into out: inout ByteSink) throws {
        if options.includeHeader { encodeHeader(table, options: options, into: &out) }
        try encodeRows(table, options: options, into: &out)
    }

    /// The header line: the column names.
    static func encodeHeader(_ table: Table, options: CSVWriteOptions, into out: inout ByteSink) {
        let nullTokens = CSVNullMatcher(tokens: CSVReadOptions.defaultNullTokens)
        for (k, column) in table.columns.enumerated() {
            if k > 0 { out.append(options.delimiter) }
            var name = column.name
            name.withUTF8 { writeString($0, delimiter: options.delimiter, nulls: nullTokens, into: &out) }
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// One line per row (flushed to the file every MiB).
    static func encodeRows(_ table: Table, options: CSVWriteOptions, into out: inout ByteSink) throws {
        let nullTokens = CSVNullMatcher(tokens: CSVReadOptions.defaultNullTokens)
        let delimiter = options.delimiter
        let nullBytes = Array(options.nullText.utf8)
        for row in 0..<table.rowCount {
            for (k, column) in table.columns.enumerated() {
                if k > 0 { out.append(delimiter) }
                if column.isNull(row) {
                    out.append(contentsOf: nullBytes)
                    continue
                }
                switch column.values {
                case .int64(let v): out.appendInteger(v[row])
                case .double(let v):
                    // NaN is quoted: unquoted, `nan` is a null token (a quoted field never is).
                    out.append(contentsOf: v[row].isNaN ? "\"nan\"".utf8 : formatDouble(v[row]).utf8)
                case .bool(let v): out.append(contentsOf: v[row] ? "true".utf8 : "false".utf8)
                case .string(let v):
                    v.withBytes(at: row) { writeString($0, delimiter: delimiter, nulls: nullTokens, into: &out) }
                case .date(let v): out.append(contentsOf: CivilDate.format(days: v[row]).utf8)
                case let .timestamp(v, unit, zone):
                    out.append(contentsOf: CivilDate.formatTimestamp(v[row], unit: unit, timeZone: zone,
                                                                     layout: column.timestampLayout).utf8)
                }
            }
            out.append(UInt8(ascii: "\n"))
            if out.bytes.count >= 1 << 20 { try out.flush() }
        }
    }

    private static func writeString(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, nulls: CSVNullMatcher, into out: inout ByteSink) {
        var needsQuotes = bytes.isEmpty
        if let base = bytes.baseAddress, nulls.isNull(base, bytes.count) { needsQuotes = true }
        if let first = bytes.first, let last = bytes.last,
           first == UInt8(ascii: " ") || last == UInt8(ascii: " ") || first == UInt8(ascii: "\t") || last == UInt8(ascii: "\t") {
            needsQuotes = true
        }
        if !needsQuotes {
            for b in bytes where b == delimiter || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                needsQuotes = true
                break
            }
        }
        guard needsQuotes else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(UInt8(ascii: "\""))
        for b in bytes {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A growable byte buffer that flushes to an output file (or only collects, without one).
struct ByteSink {
    let file: AtomicFileWriter?
    var bytes: [UInt8] = []

    init(file: AtomicFileWriter?) {
        self.file = file
        bytes.reserveCapacity(1 << 20 + 4096)
    }

    @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }
    @inline(__always) mutating func append<S: Sequence>(contentsOf s: S) where S.Element == UInt8 { bytes.append(contentsOf: s) }

    mutating func appendInteger(_ value: Int64) {
        if value == 0 { bytes.append(UInt8(ascii: "0")); return }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var n = 0
            while magnitude > 0 {
                digits[n] = UInt8(magnitude % 10) + 48
                magnitude /= 10
                n += 1
            }
            while n > 0 { n -= 1; bytes.append(digits[n]) }
        }
    }

    mutating func flush() throws {
        guard let file, !bytes.isEmpty else { return }
        try file.write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
