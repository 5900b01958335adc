import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import SynthLanguage

/// How synth was asked to run (from the command line).
public struct LaunchOptions: Sendable {
    /// A script file to run.
    public var scriptPath: String?
    /// A command string (`-c`).
    public var command: String?
    /// Enter the REPL after the script or command (`-i`).
    public var interactive: Bool
    /// Keep going after a failed command.
    public var continueOnError: Bool
    /// Show each cell's input (`[N]> …`) before its output, and label results `Out[N]:`
    /// (`--echo`, `-a`).
    public var echo: Bool

    public init(scriptPath: String? = nil, command: String? = nil, interactive: Bool = false, continueOnError: Bool = false,
                echo: Bool = false) {
        self.scriptPath = scriptPath
        self.command = command
        self.interactive = interactive
        self.continueOnError = continueOnError
        self.echo = echo
    }
}

/// Chooses the mode (command string, script, stdin script, REPL) and runs it. The
/// executable and the in-process golden tests both go through here.
public final class Launcher {
    public let options: LaunchOptions
    public let evaluator: Evaluator
    public let output: TerminalOutput
    private let stdinIsTerminal: Bool
    private let readStandardInput: () -> String

    public init(options: LaunchOptions, session: Session = Session(), output: TerminalOutput,
                registry: CommandRegistry = .standard(), stdinIsTerminal: Bool,
                readStandardInput: @escaping () -> String) {
        self.options = options
        self.output = output
        self.stdinIsTerminal = stdinIsTerminal
        self.readStandardInput = readStandardInput
        evaluator = Evaluator(session: session, registry: registry, output: output)
        evaluator.echoesInput = options.echo
        evaluator.labelsResults = options.echo
        output.transcript = session.transcript
    }

    /// Runs and returns the process exit code. Jobs this process started keep it alive until
    /// they end (Ctrl-C cancels them), so a script that only says `train` still gets a result.
    public func run(historyPath: String? = LineEditor.defaultHistoryPath()) -> Int32 {
        let mark = evaluator.startedJobCount
        let status = runModes(historyPath: historyPath)
        evaluator.waitForStartedJobs()
        guard !ranREPL, status == ExitStatus.ok else { return status }
        return evaluator.failedStartedJobsStatus(since: mark)
    }

    /// Whether the REPL ran (its exit status does not follow its jobs).
    private var ranREPL = false

    private func runModes(historyPath: String?) -> Int32 {
        var status = ExitStatus.ok
        var ranSomething = false
        if options.command != nil || options.scriptPath != nil || !stdinIsTerminal {
            InterruptHandler.install(flag: evaluator.cancellation, forceExitOnSecond: true)
        }
        if let command = options.command {
            ranSomething = true
            status = runSource(SourceFile(name: "<command>", text: command))
        } else if let path = options.scriptPath {
            ranSomething = true
            guard let data = FileManager.default.contents(atPath: evaluator.session.resolve(path: path)) else {
                output.report(Diagnostic(.error, .runtime, "cannot read script '\(path)': no such file"), in: nil)
                return ExitStatus.usage
            }
            let text = String(decoding: data, as: UTF8.self)
            if TranscriptMarkdown.isTranscriptPath(path) {
                status = TranscriptReplay.run(text, name: path, evaluator: evaluator,
                                              continueOnError: options.continueOnError).exitCode
            } else {
                status = runScript(SourceFile(name: path, text: text))
            }
        } else if !stdinIsTerminal {
            ranSomething = true
            status = runScript(SourceFile(name: "<stdin>", text: readStandardInput()))
        }
        if evaluator.quitRequested || status == ExitStatus.interrupted { return status }
        if !ranSomething || options.interactive {
            guard stdinIsTerminal else {
                if options.interactive {
                    output.report(Diagnostic(.error, .runtime, "-i needs a terminal on stdin"), in: nil)
                    return ExitStatus.usage
                }
                return status
            }
            let repl = REPL(evaluator: evaluator, historyPath: historyPath, capabilities: output.capabilities,
                            out: { text in StandardStreams.write(text, to: STDOUT_FILENO) })
            if !ranSomething { printBanner() }
            ranREPL = true
            return repl.run()
        }
        return status
    }

    /// Runs a script; a saved session's header sets the input fingerprints to check and
    /// makes the run a replay (finished jobs with the same data and settings are reused).
    private func runScript(_ source: SourceFile) -> Int32 {
        for (file, fingerprint) in SessionScript.fingerprints(in: source.text) {
            evaluator.session.expectedFingerprints[file] = fingerprint
        }
        evaluator.session.isReplaying = SessionScript.isSavedSession(source.text)
        defer { evaluator.session.isReplaying = false }
        return runSource(source)
    }

    private func runSource(_ source: SourceFile) -> Int32 {
        evaluator.run(source, cells: .perStatement, continueOnError: options.continueOnError).exitCode
    }

    private func printBanner() {
        output.emit(.message("synth \(SynthVersion.current): type `help` for commands, Ctrl-D to leave."))
    }
}
