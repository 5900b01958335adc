/// A half-open range of UTF-8 byte offsets into a `SourceFile`'s text.
public struct SourceRange: Sendable, Hashable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }
}

/// A line and column (both 1-based; the column counts characters).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public var description: String { "\(line):\(column)" }
}

/// Text being lexed and parsed, with its name (a file path, `<command>`, `<stdin>`, `[3]`)
/// and the first line number it starts at (cells of a REPL session count on from 1).
public struct SourceFile: Sendable {
    public let name: String
    public let text: String
    public let bytes: [UInt8]
    public let firstLine: Int
    /// Byte offset where each line starts.
    private let lineStarts: [Int]

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        bytes = Array(text.utf8)
        lineStarts = bytes.withUnsafeBufferPointer { buffer in
            var starts = [0]
            for index in 0..<buffer.count where buffer[index] == UInt8(ascii: "\n") { starts.append(index + 1) }
            return starts
        }
    }

    /// The 0-based index of the line holding `offset`.
    private func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Line and column of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = min(max(offset, 0), bytes.count)
        let index = lineIndex(of: clamped)
        let prefix = bytes[lineStarts[index]..<clamped]
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return SourceLocation(line: index + firstLine, column: column)
    }

    /// The 0-based number of the line holding `offset` (within this source).
    func lineNumber(of offset: Int) -> Int { lineIndex(of: min(max(offset, 0), bytes.count)) }

    /// Byte offsets of the line holding `offset`, without its newline (or `\r\n`).
    public func lineBounds(containing offset: Int) -> Range<Int> {
        let index = lineNumber(of: offset)
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<max(start, end)
    }

    /// The text of the line holding `offset`, without its newline.
    public func lineText(containing offset: Int) -> String {
        String(decoding: bytes[lineBounds(containing: offset)], as: UTF8.self)
    }

    /// The source text covered by `range`.
    public func text(of range: SourceRange) -> String {
        let start = min(max(range.start, 0), bytes.count)
        let end = min(max(range.end, start), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
