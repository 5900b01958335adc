import Foundation
import SynthData
import SynthLanguage
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Draws the evaluator's results: results to stdout, errors and warnings to stderr.
/// Colours and progress only on a terminal; plain, stable text otherwise. On a terminal every
/// drawing reads the window size afresh (a resize applies to the next output and the next
/// progress redraw), prose is broken at spaces to fit, output longer than the screen goes
/// through the pager, and a non-UTF-8 locale gets ASCII symbols.
public final class TerminalOutput: OutputSink {
    /// What the streams can show; `width` and `height` as detected at start-up.
    public let capabilities: TerminalCapabilities
    private let pager: Pager
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    private var progressShown = false
    /// Characters of the progress line on screen (for terminals without erase codes).
    private var progressLength = 0
    /// Where each result is also written as plain text, for `session save FILE.md`.
    public var transcript: Transcript?
    /// The cell whose next result gets an `Out[N]:` label.
    private var pendingLabel: Int?

    /// Output to the process's stdout and stderr.
    public convenience init(capabilities: TerminalCapabilities) {
        self.init(capabilities: capabilities,
                  pager: capabilities.isTerminal ? .detect() : Pager(command: nil),
                  out: { text in StandardStreams.write(text, to: STDOUT_FILENO) },
                  err: { text in StandardStreams.write(text, to: STDERR_FILENO) })
    }

    /// Output to the given writers (tests capture text this way).
    public init(capabilities: TerminalCapabilities, pager: Pager = Pager(command: nil),
                out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
        self.capabilities = capabilities
        self.pager = pager
        writeOut = out
        writeErr = err
    }

    /// The capabilities with the terminal's size as it is now.
    public var current: TerminalCapabilities { capabilities.refreshed() }

    private func paint(_ text: String, _ code: String) -> String {
        capabilities.colors ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
    }

    /// Text for the terminal: ASCII symbols without UTF-8; prose broken to the width.
    private func fitted(_ text: String, width: Int, reflow: Bool) -> String {
        var text = capabilities.asciiOnly ? ASCIIFallback.replacingSymbols(in: text) : text
        if reflow && capabilities.isTerminal { text = TextReflow.fit(text, width: width) }
        return text
    }

    /// Writes result text to stdout, through the pager when it is longer than the screen.
    private func writeResult(_ text: String, height: Int) {
        if capabilities.isTerminal, Pager.needsPaging(text, height: height), pager.show(text) { return }
        writeOut(text)
    }

    public func emit(_ item: OutputItem) {
        clearProgress()
        if let transcript { transcript.append(TranscriptText.of(item)) }
        let now = current
        switch item {
        case .table, .text, .qaReport:
            writeLabel(before: item)
        case .message, .warning:
            break
        }
        switch item {
        case let .table(table, title, totalRows):
            writeOut(fitted(TableRenderer(capabilities: now).render(table, title: title, totalRows: totalRows),
                            width: now.width, reflow: false))
        case .text(let text):
            // Values may hold anything a file or script put in them: no raw control codes.
            let safe = fitted(TerminalSafeText.escaped(text, keepingLineBreaks: true), width: now.width, reflow: true)
            writeResult(safe.hasSuffix("\n") || safe.isEmpty ? safe : safe + "\n", height: now.height)
        case .message(let text):
            let safe = fitted(TerminalSafeText.escaped(text, keepingLineBreaks: true), width: now.width, reflow: true)
            writeOut(paint(safe, "2") + "\n")
        case .warning(let text):
            let safe = fitted(TerminalSafeText.escaped(text, keepingLineBreaks: true), width: max(20, now.width - 9), reflow: true)
            writeErr(paint("warning:", "33;1") + " " + safe + "\n")
        case let .qaReport(report, column, worst):
            let text = QATextRenderer(utf8: now.isUTF8, width: now.width).render(report, column: column, worst: worst)
            let safe = fitted(TerminalSafeText.escaped(text, keepingLineBreaks: true), width: now.width, reflow: true)
            writeResult(paintVerdicts(safe), height: now.height)
        }
    }

    /// PASS in green and FAIL in red, where colours are allowed.
    private func paintVerdicts(_ text: String) -> String {
        guard capabilities.colors else { return text }
        return text.replacingOccurrences(of: "  PASS  ", with: "  " + paint("PASS", "32;1") + "  ")
            .replacingOccurrences(of: "  FAIL  ", with: "  " + paint("FAIL", "31;1") + "  ")
    }

    /// Shows an input before its output (`--echo`): the prompt, then the input as typed.
    public func echo(_ input: String, prompt: String) {
        clearProgress()
        let text = EchoedInput.text(TerminalSafeText.escaped(input, keepingLineBreaks: true), prompt: prompt)
        writeOut((capabilities.asciiOnly ? ASCIIFallback.replacingSymbols(in: text) : text) + "\n")
    }

    /// The next result is cell `cell`'s value: it gets an `Out[N]:` label.
    public func labelResults(ofCell cell: Int?) { pendingLabel = cell }

    /// Writes the pending `Out[N]:` label: on the result's first line when that is one short
    /// line of text (`Out[4]: 11`), else on a line of its own.
    private func writeLabel(before item: OutputItem) {
        guard let cell = pendingLabel else { return }
        pendingLabel = nil
        let label = paint("Out[\(cell)]:", "31")
        if case .text(let text) = item, !text.contains("\n"), text.count < 60 {
            writeOut(label + " ")
        } else {
            writeOut(label + "\n")
        }
    }

    public func report(_ diagnostic: Diagnostic, in source: SourceFile?) {
        clearProgress()
        if let transcript { transcript.append(DiagnosticFormatter.format(diagnostic, in: source)) }
        var text = DiagnosticFormatter.format(diagnostic, in: source)
        if capabilities.asciiOnly { text = ASCIIFallback.replacingSymbols(in: text) }
        // The terminal echoed `^C` on the current line: start the report on a fresh one.
        if diagnostic.category == .interrupted, capabilities.isTerminal { text = "\n" + text }
        if capabilities.colors {
            let label = diagnostic.severity.rawValue + ":"
            text = text.replacingOccurrences(of: " " + label + " ", with: " " + paint(label, diagnostic.severity == .error ? "31;1" : "33;1") + " ")
        }
        writeErr(text)
    }

    /// Redraws the progress line in place: the width is read at every redraw, the line is cut
    /// to fit (never wrapped), and the rest of the old line is erased.
    public func progress(_ label: String, fraction: Double) {
        guard capabilities.isTerminal else { return }
        let now = current
        var shownLabel = TerminalSafeText.escaped(label)
        if capabilities.asciiOnly { shownLabel = ASCIIFallback.replacingSymbols(in: shownLabel) }
        let line = ProgressLine(utf8: now.isUTF8, width: now.width).text(label: shownLabel, fraction: fraction)
        if capabilities.erasesLines {
            writeErr("\r" + line + "\u{1B}[K")
        } else {
            // No erase code (TERM=dumb): overwrite the old line with spaces.
            let blank = String(repeating: " ", count: max(0, min(progressLength, now.width - 1) - line.count))
            writeErr("\r" + line + blank)
        }
        progressLength = line.count
        progressShown = true
    }

    private func clearProgress() {
        guard progressShown else { return }
        if capabilities.erasesLines {
            writeErr("\r\u{1B}[K")
        } else {
            writeErr("\r" + String(repeating: " ", count: max(0, min(progressLength, current.width - 1))) + "\r")
        }
        progressShown = false
        progressLength = 0
    }
}
