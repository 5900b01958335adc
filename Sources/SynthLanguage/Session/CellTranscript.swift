/// What each cell of a session showed, in order, for `session save "x.ipynb"`: its results,
/// messages, warnings and errors as notebook outputs (progress is not kept).
public struct CellTranscript: Sendable {
    /// Most outputs kept per cell; later ones are dropped (a notebook stays readable).
    public static let maximumOutputsPerCell = 200

    private var outputs: [Int: [NotebookOutput]] = [:]

    public init() {}

    /// Adds an output to `cell`.
    mutating func append(_ output: NotebookOutput, cell: Int) {
        guard outputs[cell, default: []].count < CellTranscript.maximumOutputsPerCell else { return }
        outputs[cell, default: []].append(output)
    }

    /// The outputs of `cell`, in the order they were shown.
    public func outputs(of cell: Int) -> [NotebookOutput] { outputs[cell] ?? [] }
}

/// Keeps a session's transcript while passing everything on to the front end's sink.
final class TranscriptRecorder: OutputSink {
    let inner: OutputSink
    unowned let session: Session

    init(forwardingTo inner: OutputSink, session: Session) {
        self.inner = inner
        self.session = session
    }

    func emit(_ item: OutputItem) {
        session.noteOutput(NotebookOutput.of(item))
        inner.emit(item)
    }

    func report(_ diagnostic: Diagnostic, in source: SourceFile?) {
        session.noteOutput(NotebookOutput.of(diagnostic, in: source))
        inner.report(diagnostic, in: source)
    }

    func progress(_ label: String, fraction: Double) {
        inner.progress(label, fraction: fraction)
    }

    func echo(_ input: String, prompt: String) {
        inner.echo(input, prompt: prompt)
    }

    func labelResults(ofCell cell: Int?) {
        inner.labelResults(ofCell: cell)
    }
}
