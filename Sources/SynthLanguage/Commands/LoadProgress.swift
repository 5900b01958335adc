import Foundation
import SynthData

/// `load`'s progress bar and Ctrl-C check: a `ReadMonitor` that draws `reading FILE` with the
/// share of bytes read (from a quarter of a second on, at most ten redraws a second, so short
/// reads show nothing) and stops the read when the user pressed Ctrl-C.
final class LoadProgress {
    private let output: OutputSink
    private let cancellation: CancellationFlag
    private let path: String
    private let start = Date()
    private var lastDraw = Date.distantPast

    /// Reads shorter than this show no bar.
    static let quietSeconds = 0.25
    /// Time between redraws.
    static let redrawSeconds = 0.1

    init(context: CommandContext, path: String) {
        output = context.output
        cancellation = context.cancellation
        self.path = path
    }

    /// A monitor whose bar says `verb FILE`.
    func reading(_ verb: String) -> ReadMonitor {
        let label = "\(verb) \((path as NSString).lastPathComponent)"
        return ReadMonitor(progress: { [self] done, total in
            let now = Date()
            guard now.timeIntervalSince(start) >= Self.quietSeconds, now.timeIntervalSince(lastDraw) >= Self.redrawSeconds,
                  total > 0 else { return }
            lastDraw = now
            output.progress(label, fraction: Double(done) / Double(total))
        }, isCancelled: { [cancellation] in cancellation.isSet })
    }
}
