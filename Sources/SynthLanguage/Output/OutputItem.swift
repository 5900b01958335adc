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
