import Foundation
import SynthLanguage

/// The evaluator's output sink in the kernel: results become `execute_result` (tables as
/// `text/html` + `text/plain`), the QA report `display_data`, messages and warnings
/// `stream`s, progress one `display_data` updated in place with `update_display_data`, and
/// the cell's errors one `error` message (with the caret diagnostics as traceback) at its end.
final class KernelOutput: OutputSink, @unchecked Sendable {
    private let iopub: IOPubChannel
    private let lock = NSLock()
    /// The request being answered.
    private var parent: KernelMessage?
    private var executionCount = 0
    private var silent = false
    /// Error diagnostics of the running cell, formatted.
    private var errors: [(name: String, value: String, traceback: [String])] = []
    /// The cell's progress display.
    private var progressID: String?
    private var lastProgress: (label: String, percent: Int)?
    private var lastProgressSent = Date.distantPast
    private var progressPending = false
    /// Least time between two progress updates.
    static let progressInterval: TimeInterval = 0.2

    init(iopub: IOPubChannel) { self.iopub = iopub }

    /// Starts a cell: outputs from now on answer `parent`.
    func begin(parent: KernelMessage, executionCount: Int, silent: Bool) {
        lock.withLock {
            self.parent = parent
            self.executionCount = executionCount
            self.silent = silent
            errors = []
            progressID = nil
            lastProgress = nil
            progressPending = false
        }
    }

    /// Ends a cell: sends the last progress state and the cell's error, if any. Returns the
    /// error (name, value, traceback) for the reply.
    func finish() -> (name: String, value: String, traceback: [String])? {
        lock.withLock {
            if progressPending, let lastProgress { sendProgress(lastProgress, update: true) }
            defer { parent = nil; errors = [] }
            guard let first = errors.first else { return nil }
            let error = (name: first.name, value: first.value, traceback: errors.flatMap(\.traceback))
            if !silent {
                iopub.publish("error", ["ename": .string(error.name), "evalue": .string(error.value),
                                        "traceback": .array(error.traceback.map { .string($0) })], parent: parent)
            }
            return error
        }
    }

    func emit(_ item: OutputItem) {
        lock.withLock { send(NotebookOutput.of(item)) }
    }

    func report(_ diagnostic: Diagnostic, in source: SourceFile?) {
        lock.withLock {
            let output = NotebookOutput.of(diagnostic, in: source)
            if case let .error(name, value, traceback) = output {
                errors.append((name, value, traceback))
            } else {
                send(output)
            }
        }
    }

    func progress(_ label: String, fraction: Double) {
        lock.withLock {
            guard parent != nil, !silent else { return }
            let state = (label: label, percent: Int((min(max(fraction, 0), 1) * 100).rounded(.down)))
            if let lastProgress, lastProgress == state { return }
            lastProgress = state
            let now = Date()
            guard progressID == nil || now.timeIntervalSince(lastProgressSent) >= KernelOutput.progressInterval else {
                progressPending = true
                return
            }
            sendProgress(state, update: progressID != nil)
        }
    }

    /// Sends an output of the running cell (caller holds the lock).
    private func send(_ output: NotebookOutput) {
        guard let parent, !silent else { return }
        switch output {
        case .result(let data):
            iopub.publish("execute_result", ["execution_count": .int(executionCount), "data": mime(data), "metadata": [:]],
                          parent: parent)
        case .display(let data):
            iopub.publish("display_data", ["data": mime(data), "metadata": [:], "transient": [:]], parent: parent)
        case let .stream(name, text):
            iopub.publish("stream", ["name": .string(name), "text": .string(text)], parent: parent)
        case let .error(name, value, traceback):
            errors.append((name, value, traceback))
        }
    }

    /// Sends the progress display, first as `display_data`, then as updates of it.
    private func sendProgress(_ state: (label: String, percent: Int), update: Bool) {
        guard let parent else { return }
        let id = progressID ?? "synth-progress-\(UUID().uuidString.lowercased())"
        progressID = id
        lastProgressSent = Date()
        progressPending = false
        let data: [String: String] = [
            "text/plain": ProgressText.line(state.label, percent: state.percent),
            "text/html": ProgressText.html(state.label, percent: state.percent),
        ]
        iopub.publish(update ? "update_display_data" : "display_data",
                      ["data": mime(data), "metadata": [:], "transient": ["display_id": .string(id)]], parent: parent)
    }

    private func mime(_ data: [String: String]) -> JSONValue {
        .object(data.mapValues { .string($0) })
    }
}

/// How a progress display reads: `train diamonds  [########------------]  42%`.
enum ProgressText {
    static let barWidth = 30

    static func line(_ label: String, percent: Int) -> String {
        let filled = barWidth * percent / 100
        return "\(label)  [" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]  \(percent)%"
    }

    static func html(_ label: String, percent: Int) -> String {
        "<div class=\"synth-progress\"><code>\(MimeBundle.escape(label))</code> "
            + "<progress value=\"\(percent)\" max=\"100\" style=\"width:40%\"></progress> \(percent)%</div>"
    }
}
