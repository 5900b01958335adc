import SynthData
import SynthEngine

/// A structured result the evaluator hands to the front end, which decides how to draw it.
public enum OutputItem: Sendable {
    /// A table; `totalRows` is the row count of the whole table when only a preview is shown.
    case table(Table, title: String?, totalRows: Int?)
    /// Result text (a number, a list, help text).
    case text(String)
    /// Information about what a command did ("loaded d: 344 rows × 8 columns").
    case message(String)
    /// Something the user should notice but that did not stop the command.
    case warning(String)
    /// A QA report, drawn as histograms and matrices (optionally one column, or the worst k).
    case qaReport(QAReport, column: String?, worst: Int?)
}

/// Where results go. The language never prints; a front end implements this.
public protocol OutputSink: AnyObject {
    func emit(_ item: OutputItem)
    /// Reports a diagnostic found in `source` (errors go to stderr).
    func report(_ diagnostic: Diagnostic, in source: SourceFile?)
    /// Progress of a long command, `fraction` in 0...1 (front ends may ignore it).
    func progress(_ label: String, fraction: Double)
    /// Shows a cell's input before its output (`synth --echo`): `prompt` is `[N]> `.
    func echo(_ input: String, prompt: String)
    /// The next result (table, text or QA report) is cell `cell`'s value, `outN`: a front
    /// end may label it `Out[N]:`. `nil` ends the labelling.
    func labelResults(ofCell cell: Int?)
}

extension OutputSink {
    /// By default an echoed input is a message line.
    public func echo(_ input: String, prompt: String) {
        emit(.message(EchoedInput.text(input, prompt: prompt)))
    }

    /// By default results are not labelled.
    public func labelResults(ofCell cell: Int?) {}
}

/// How an echoed input reads: the first line after the prompt (`[3]> `), the rest after a
/// continuation marker (`...> `) aligned with it, as the REPL shows them.
public enum EchoedInput {
    public static func text(_ input: String, prompt: String) -> String {
        let continuation = String(repeating: " ", count: max(0, prompt.count - 4)) + "...> "
        return input.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { ($0.offset == 0 ? prompt : continuation) + $0.element }.joined(separator: "\n")
    }
}

/// An output sink that keeps everything (for tests and for capturing).
public final class CollectingOutput: OutputSink {
    public private(set) var items: [OutputItem] = []
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func emit(_ item: OutputItem) { items.append(item) }
    public func report(_ diagnostic: Diagnostic, in source: SourceFile?) { diagnostics.append(diagnostic) }
    public func progress(_ label: String, fraction: Double) {}
}
