/// Finds rows and field boundaries in a buffer of CSV bytes (RFC 4180), without copying.
///
/// One instance is reused for every chunk, so its arrays are allocated once. Field `k` spans
/// `fieldStart[k] ..< fieldEnd[k]` in the chunk (quotes excluded); `fieldFlags[k]` says
/// whether it was quoted and whether it holds doubled quotes to unescape.
final class CSVChunkIndexer {
    static let quoted: UInt8 = 1
    static let hasEscapedQuotes: UInt8 = 2

    let delimiter: UInt8
    let fieldStart = GrowableBuffer<Int32>()
    let fieldEnd = GrowableBuffer<Int32>()
    let fieldFlags = GrowableBuffer<UInt8>()
    /// Index into the field arrays of each row's first field; one extra entry closes the last row.
    let rowFirstField = GrowableBuffer<Int32>()
    /// Line (0-based, relative to the chunk's first line) on which each row starts, and that
    /// line's byte offset in the chunk (for column numbers in errors).
    let rowLine = GrowableBuffer<Int32>()
    let rowLineStart = GrowableBuffer<Int32>()
    /// Newlines seen in the consumed part of the chunk.
    private(set) var consumedLines = 0

    /// Where indexing stopped with an error.
    enum Failure: Error {
        case unterminatedQuote(line: Int, column: Int)
    }

    private let delimiterMask: UInt64
    private static let lfMask = UInt64(0x0101_0101_0101_0101) &* UInt64(UInt8(ascii: "\n"))
    private static let crMask = UInt64(0x0101_0101_0101_0101) &* UInt64(UInt8(ascii: "\r"))

    init(delimiter: UInt8) {
        self.delimiter = delimiter
        delimiterMask = UInt64(0x0101_0101_0101_0101) &* UInt64(delimiter)
    }

    /// High bit set in each byte of `word` equal to the byte broadcast in `mask`; the lowest
    /// set bit is exact (higher ones may be false positives, which callers never use).
    @inline(__always)
    private static func matches(_ word: UInt64, _ mask: UInt64) -> UInt64 {
        let x = word ^ mask
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// Copies a field flagged `hasEscapedQuotes` to `out` (room for `n` bytes) with each
    /// doubled quote made one; returns the number of bytes written.
    @inline(__always)
    static func unescapeQuotes(_ p: UnsafePointer<UInt8>, _ n: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0, k = 0
        while k < n {
            out[written] = p[k]
            written += 1
            k += (p[k] == UInt8(ascii: "\"") && k + 1 < n && p[k + 1] == UInt8(ascii: "\"")) ? 2 : 1
        }
        return written
    }

    /// A field's bytes, with doubled quotes made one when `flags` says it has them.
    static func fieldBytes(_ p: UnsafePointer<UInt8>, _ n: Int, flags: UInt8) -> [UInt8] {
        guard flags & hasEscapedQuotes != 0 else { return Array(UnsafeBufferPointer(start: p, count: n)) }
        return [UInt8](unsafeUninitializedCapacity: n) { buffer, count in
            count = buffer.baseAddress.map { unescapeQuotes(p, n, into: $0) } ?? 0
        }
    }

    var rowCount: Int { rowFirstField.count - 1 }

    @inline(__always)
    func fieldCount(row: Int) -> Int { Int(rowFirstField[row + 1] - rowFirstField[row]) }

    /// Indexes complete rows of `buffer[0..<count]`; returns the number of bytes consumed.
    ///
    /// Unless `isFinal`, a row not yet ended by a newline is left for the next chunk.
    /// Blank lines are skipped. A quote left open at the end of the final chunk is an error.
    func index(_ buffer: UnsafePointer<UInt8>, count: Int, isFinal: Bool, maxRows: Int = .max) throws -> Int {
        fieldStart.removeAll()
        fieldEnd.removeAll()
        fieldFlags.removeAll()
        rowFirstField.removeAll()
        rowLine.removeAll()
        rowLineStart.removeAll()
        rowFirstField.append(0)
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), delim = delimiter
        var consumed = 0
        var line = 0
        var lineStart = 0
        var i = 0
        // The field arrays are written through local pointers and one local count (kept in a
        // register); `fieldStart`, `fieldEnd` and `fieldFlags` always have the same capacity.
        var fields = 0
        var fieldCapacity = fieldStart.capacity
        var startsOut = fieldStart.pointer, endsOut = fieldEnd.pointer, flagsOut = fieldFlags.pointer
        @inline(__always)
        func addField(_ start: Int, _ end: Int, _ flags: UInt8) {
            if fields == fieldCapacity {
                fieldStart.count = fields
                fieldEnd.count = fields
                fieldFlags.count = fields
                fieldStart.grow()
                fieldEnd.grow()
                fieldFlags.grow()
                fieldCapacity = fieldStart.capacity
                startsOut = fieldStart.pointer
                endsOut = fieldEnd.pointer
                flagsOut = fieldFlags.pointer
            }
            startsOut[fields] = Int32(truncatingIfNeeded: start)
            endsOut[fields] = Int32(truncatingIfNeeded: end)
            flagsOut[fields] = flags
            fields += 1
        }
        defer {
            fieldStart.count = fields
            fieldEnd.count = fields
            fieldFlags.count = fields
        }
        rows: while i < count, rowLine.count < maxRows {
            // Skip blank lines.
            if buffer[i] == lf || buffer[i] == cr {
                if buffer[i] == cr, i + 1 >= count, !isFinal { break rows }
                if buffer[i] == cr, i + 1 < count, buffer[i + 1] == lf { i += 1 }
                i += 1
                line += 1
                lineStart = i
                consumed = i
                continue
            }
            let rowStartLine = line, rowStartLineOffset = lineStart
            var rowLines = 0
            var currentLineStart = lineStart
            fields: while true {
                var start = i, end = i
                var flags: UInt8 = 0
                if i < count, buffer[i] == quote {
                    flags = Self.quoted
                    let openLine = line + rowLines, openColumn = i - currentLineStart + 1
                    i += 1
                    start = i
                    while true {
                        while i < count, buffer[i] != quote {
                            if buffer[i] == lf { rowLines += 1; currentLineStart = i + 1 }
                            i += 1
                        }
                        if i >= count {
                            if isFinal { throw Failure.unterminatedQuote(line: openLine, column: openColumn) }
                            break rows
                        }
                        if i + 1 < count, buffer[i + 1] == quote {
                            flags |= Self.hasEscapedQuotes
                            i += 2
                            continue
                        }
                        if i + 1 >= count, !isFinal { break rows }
                        end = i
                        i += 1
                        break
                    }
                    // Lenient: text after the closing quote (`"ab"c`) joins the field unquoted-style.
                    if i < count, buffer[i] != delim, buffer[i] != lf, buffer[i] != cr {
                        while i < count, buffer[i] != delim, buffer[i] != lf, buffer[i] != cr { i += 1 }
                        end = i
                    }
                } else {
                    // Eight bytes at a time: find the first delimiter, LF or CR (SWAR).
                    var found = false
                    while i + 8 <= count {
                        let word = UnsafeRawPointer(buffer + i).loadUnaligned(as: UInt64.self)
                        let hits = Self.matches(word, delimiterMask) | Self.matches(word, Self.lfMask) | Self.matches(word, Self.crMask)
                        if hits != 0 {
                            i += hits.trailingZeroBitCount >> 3
                            found = true
                            break
                        }
                        i += 8
                    }
                    if !found {
                        while i < count {
                            let b = buffer[i]
                            if b == delim || b == lf || b == cr { break }
                            i += 1
                        }
                    }
                    end = i
                }
                addField(start, end, flags)
                if i >= count {
                    if !isFinal { break rows }
                    break fields
                }
                let b = buffer[i]
                if b == delim {
                    i += 1
                    continue fields
                }
                if b == cr {
                    if i + 1 >= count, !isFinal { break rows }
                    if i + 1 < count, buffer[i + 1] == lf { i += 1 }
                }
                i += 1
                rowLines += 1
                currentLineStart = i
                break fields
            }
            // The row is complete.
            rowFirstField.append(Int32(truncatingIfNeeded: fields))
            rowLine.append(Int32(truncatingIfNeeded: rowStartLine))
            rowLineStart.append(Int32(truncatingIfNeeded: rowStartLineOffset))
            line += rowLines
            lineStart = currentLineStart
            consumed = i
            continue rows
        }
        // Drop the fields of an incomplete trailing row.
        fields = min(fields, Int(rowFirstField[rowFirstField.count - 1]))
        consumedLines = line
        return consumed
    }
}
