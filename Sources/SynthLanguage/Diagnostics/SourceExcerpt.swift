/// The part of a source line a diagnostic echoes, and where its caret goes.
///
/// A long line is cut to a window of at most `maximumWidth` characters around the caret,
/// marked with `…` where text is left out, so the output of one diagnostic is small whatever
/// the length of the line. Control characters are shown escaped (`TerminalSafeText`) and tabs
/// as spaces, so the caret lines up and nothing in the line reaches the terminal raw.
struct SourceExcerpt {
    /// Widest excerpt, in characters (escapes count their full length).
    static let maximumWidth = 120
    /// Characters kept before the caret when the line is cut.
    static let contextBeforeCaret = 40

    /// The line as shown.
    var text: String
    /// Characters before the caret on the shown line.
    var caretColumn: Int
    /// Characters the caret and its tildes cover (at least 1).
    var caretWidth: Int

    /// One shown character: its text, its display width and its byte offset in the source.
    private struct Piece {
        var text: String
        var width: Int
        var offset: Int
    }

    init(_ source: SourceFile, range: SourceRange) {
        let bytes = source.bytes
        let line = source.lineBounds(containing: range.start)
        let start = min(max(range.start, line.lowerBound), line.upperBound)
        let end = range.end <= line.upperBound ? max(start, range.end) : line.upperBound
        // Decode only a bounded stretch of the line: enough bytes for any window around the caret.
        let slack = 4 * SourceExcerpt.maximumWidth
        var low = max(line.lowerBound, start - slack)
        while low < start, bytes[low] & 0xC0 == 0x80 { low += 1 }
        var high = min(line.upperBound, start + slack)
        while high > start, high < line.upperBound, bytes[high] & 0xC0 == 0x80 { high -= 1 }

        var pieces: [Piece] = []
        var offset = low
        for character in String(decoding: bytes[low..<high], as: UTF8.self) {
            let shown: String
            if character == "\t" {
                shown = " "
            } else if character.unicodeScalars.contains(where: TerminalSafeText.needsEscape) {
                shown = TerminalSafeText.escaped(String(character))
            } else {
                shown = String(character)
            }
            pieces.append(Piece(text: shown, width: shown.count, offset: offset))
            offset += character.utf8.count
        }

        let caretIndex = pieces.firstIndex { $0.offset >= start } ?? pieces.count
        let caretEndIndex = max(caretIndex, pieces.firstIndex { $0.offset >= end } ?? pieces.count)
        let caretColumn = pieces[..<caretIndex].reduce(0) { $0 + $1.width }
        let caretWidth = pieces[caretIndex..<caretEndIndex].reduce(0) { $0 + $1.width }
        let total = pieces.reduce(0) { $0 + $1.width }

        // The first shown piece: the whole stretch when it fits, else a window around the caret.
        var first = 0
        if total > SourceExcerpt.maximumWidth {
            let windowStart = max(0, min(caretColumn - SourceExcerpt.contextBeforeCaret, total - SourceExcerpt.maximumWidth))
            var column = 0
            while first < caretIndex, column + pieces[first].width <= windowStart {
                column += pieces[first].width
                first += 1
            }
        }
        let skippedWidth = pieces[..<first].reduce(0) { $0 + $1.width }
        var last = first
        var shownWidth = 0
        while last < pieces.count, shownWidth + pieces[last].width <= SourceExcerpt.maximumWidth || last == first {
            shownWidth += pieces[last].width
            last += 1
        }
        let cutBefore = first > 0 || low > line.lowerBound
        let cutAfter = last < pieces.count || high < line.upperBound
        text = (cutBefore ? "…" : "") + pieces[first..<last].map(\.text).joined() + (cutAfter ? "…" : "")
        let column = caretColumn - skippedWidth
        self.caretColumn = column + (cutBefore ? 1 : 0)
        self.caretWidth = max(1, min(caretWidth, shownWidth - column))
    }
}
