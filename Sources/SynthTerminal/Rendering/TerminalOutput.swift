import Foundation
import SynthData
import SynthLanguage
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Draws the evaluator's results: results to stdout, errors and warnings to stderr.
/// Colours and progress only on a terminal; plain, stable text otherwise.
public final class TerminalOutput: OutputSink {
    public let capabilities: TerminalCapabilities
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    private var progressShown = false

    /// Output to the process's stdout and stderr.
    public convenience init(capabilities: TerminalCapabilities) {
        self.init(capabilities: capabilities,
                  out: { text in StandardStreams.write(text, to: STDOUT_FILENO) },
                  err: { text in StandardStreams.write(text, to: STDERR_FILENO) })
    }

    /// Output to the given writers (tests capture text this way).
    public init(capabilities: TerminalCapabilities, out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
        self.capabilities = capabilities
        writeOut = out
        writeErr = err
    }

    private func paint(_ text: String, _ code: String) -> String {
        capabilities.colors ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
    }

    public func emit(_ item: OutputItem) {
        clearProgress()
        switch item {
        case let .table(table, title, totalRows):
            writeOut(TableRenderer(capabilities: capabilities).render(table, title: title, totalRows: totalRows))
        case .text(let text):
            // Values may hold anything a file or script put in them: no raw control codes.
            let safe = TerminalSafeText.escaped(text, keepingLineBreaks: true)
            writeOut(safe.hasSuffix("\n") || safe.isEmpty ? safe : safe + "\n")
        case .message(let text):
            writeOut(paint(TerminalSafeText.escaped(text, keepingLineBreaks: true), "2") + "\n")
        case .warning(let text):
            writeErr(paint("warning:", "33;1") + " " + TerminalSafeText.escaped(text, keepingLineBreaks: true) + "\n")
        case let .qaReport(report, column, worst):
            let text = QATextRenderer(utf8: capabilities.isUTF8, width: capabilities.width).render(report, column: column, worst: worst)
            writeOut(TerminalSafeText.escaped(text, keepingLineBreaks: true))
        }
    }

    public func report(_ diagnostic: Diagnostic, in source: SourceFile?) {
        clearProgress()
        var text = DiagnosticFormatter.format(diagnostic, in: source)
        // The terminal echoed `^C` on the current line: start the report on a fresh one.
        if diagnostic.category == .interrupted, capabilities.isTerminal { text = "\n" + text }
        if capabilities.colors {
            let label = diagnostic.severity.rawValue + ":"
            text = text.replacingOccurrences(of: " " + label + " ", with: " " + paint(label, diagnostic.severity == .error ? "31;1" : "33;1") + " ")
        }
        writeErr(text)
    }

    public func progress(_ label: String, fraction: Double) {
        guard capabilities.isTerminal else { return }
        let width = 30
        let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
        let bar = capabilities.isUTF8
            ? String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            : String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        writeErr("\r\(TerminalSafeText.escaped(label)) \(bar) \(Int(fraction * 100))%")
        progressShown = true
    }

    private func clearProgress() {
        if progressShown {
            writeErr("\r\u{1B}[K")
            progressShown = false
        }
    }
}
