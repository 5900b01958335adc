import Foundation
import SynthData

/// Runs parsed commands against a session: looks each up in the registry, binds and checks
/// its arguments, calls its handler, keeps the result as a cell output, and records
/// state-changing commands for `session save`.
public final class Evaluator {
    public let session: Session
    public var registry: CommandRegistry
    public let output: OutputSink
    public let cancellation: CancellationFlag
    /// The job environment and the confirm hook, lent by the front end.
    public let services: EvaluatorServices
    /// Set by `quit`.
    public internal(set) var quitRequested = false
    /// Depth of nested `run` commands (guards against a script running itself forever).
    var runDepth = 0
    /// Whether each cell's input is shown before its output (`synth --echo`, `-a`).
    public var echoesInput = false
    /// Whether results are labelled `Out[N]:` (the REPL on a terminal, and `--echo`).
    public var labelsResults = false
    /// Waits between the steps of a `tutorial`: shows the question, returns false to stop.
    /// Set by the REPL on a terminal; nil in scripts, which run straight through.
    public var pauseBetweenSteps: ((String) -> Bool)?

    public init(session: Session, registry: CommandRegistry = .standard(), output: OutputSink,
                cancellation: CancellationFlag = CancellationFlag(), services: EvaluatorServices = EvaluatorServices()) {
        self.session = session
        self.registry = registry
        // Everything shown is also kept per cell, for `session save "x.ipynb"`.
        self.output = TranscriptRecorder(forwardingTo: output, session: session)
        self.cancellation = cancellation
        self.services = services
    }

    /// How running some source ended.
    public enum Outcome: Sendable, Equatable {
        case success
        /// Syntax error (exit code 65).
        case syntaxError
        /// A command failed (exit code 70).
        case runtimeError
        /// Ctrl-C stopped a command (exit code 130).
        case interrupted
        /// The input was cut short (open quote or bracket): a REPL reads more.
        case incomplete

        /// The process exit code a script ending this way returns.
        public var exitCode: Int32 {
            switch self {
            case .success: ExitStatus.ok
            case .syntaxError, .incomplete: ExitStatus.syntaxError
            case .runtimeError: ExitStatus.runtimeError
            case .interrupted: ExitStatus.interrupted
            }
        }
    }

    /// How statements map to cells: one cell for the whole source (a REPL entry) or one per
    /// statement (a script).
    public enum CellMode: Sendable { case single, perStatement }

    /// Parses and runs `source`. Diagnostics go to the output sink. When `continueOnError`,
    /// a failed command does not stop the rest.
    @discardableResult
    public func run(_ source: SourceFile, cells: CellMode = .perStatement, continueOnError: Bool = false,
                    allowIncomplete: Bool = false) -> Outcome {
        // `train?`, `?train`, `\\timing`, `.timer on`: shorthands users bring from IPython and psql.
        let source = REPLShorthand.expanded(source) ?? source
        let parsed = Parser.parse(source)
        if parsed.isIncomplete && allowIncomplete { return .incomplete }
        if runDepth == 0 { session.transcriptCell = nil }
        if parsed.hasErrors {
            for diagnostic in parsed.diagnostics {
                var shown = diagnostic
                if shown.category == .incomplete { shown.category = .syntax }
                output.report(shown, in: source)
            }
            return .syntaxError
        }
        return run(parsed.statements, in: source, cells: cells, continueOnError: continueOnError, comments: parsed.comments)
    }

    /// Most failed commands one `--continue-on-error` run goes on after; then it stops, so a
    /// script of many failing commands gives a short report.
    public static let maximumErrors = 20

    /// Runs already parsed statements. `comments` (where the source's comments are) are
    /// recorded for `session save` in their place among the commands; a saved session's
    /// header lines are not.
    public func run(_ statements: [CommandStatement], in source: SourceFile, cells: CellMode,
                    continueOnError: Bool, comments: [SourceRange] = []) -> Outcome {
        var outcome = Outcome.success
        var errors = 0
        var position = 0
        /// Whether to go on after a failed command.
        func goOn() -> Bool {
            errors += 1
            guard continueOnError, position + 1 < statements.count else { return false }
            if errors < Evaluator.maximumErrors { return true }
            output.report(Diagnostic(.note, .runtime, "too many errors; stopping",
                                     hint: "only the first \(Evaluator.maximumErrors) failed commands are reported"), in: source)
            return false
        }
        let tracksTranscript = runDepth == 0
        defer { if tracksTranscript { session.transcript.end() } }
        let clock = ContinuousClock()
        /// Prints the wall time of a cell (`timer on`).
        func reportTime(since start: ContinuousClock.Instant, timed: Bool) {
            if session.timesCells, !timed { output.emit(.message("time: \(Evaluator.format(clock.now - start))")) }
        }
        /// Starts a cell's transcript entry (not for the cells of a nested `run` or tutorial,
        /// whose output belongs to the cell that ran them) and echoes its input.
        func beginEntry(_ cell: Int?, input: String, statements: [CommandStatement]) {
            if tracksTranscript {
                session.transcript.begin(cell: cell, input: SecretRedaction.redacted(input))
                // `session save` is the act of saving: its own cell is not part of the transcript.
                if statements.contains(where: { registry.spec(named: $0.name)?.name == "session" }) {
                    session.transcript.omitCurrent()
                }
            }
            if echoesInput { output.echo(input, prompt: cell.map { "[\($0)]> " } ?? "") }
        }
        func markFailed() { if tracksTranscript { session.transcript.markFailed() } }
        // A line of only comments runs nothing and takes no cell number.
        let singleInput = source.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let singleCell = cells == .single && !statements.isEmpty ? session.beginCell(input: singleInput) : nil
        if let singleCell { beginEntry(singleCell, input: singleInput, statements: statements) }
        var pendingComments = comments[...]
        /// Records the comments that start before `offset`.
        func recordComments(before offset: Int) {
            while let comment = pendingComments.first, comment.start < offset {
                pendingComments.removeFirst()
                let text = source.text(of: comment)
                if position == 0, SessionScript.isHeaderLine(text) { continue }
                session.recordComment(text)
                // In a cell of its own (a script's comment line, or a comment-only entry),
                // the comment is an entry of the transcript and is echoed.
                if singleCell == nil { beginEntry(nil, input: text, statements: []) }
            }
        }
        let singleStart = clock.now
        defer {
            if singleCell != nil { reportTime(since: singleStart, timed: statements.count == 1 && statements[0].isTimed) }
        }
        for (index, statement) in statements.enumerated() {
            position = index
            if quitRequested { break }
            recordComments(before: statement.range.start)
            let cell: Int
            if let singleCell {
                cell = singleCell
            } else {
                cell = session.beginCell(input: source.text(of: statement.range))
                beginEntry(cell, input: source.text(of: statement.range), statements: [statement])
            }
            let start = clock.now
            defer { if singleCell == nil { reportTime(since: start, timed: statement.isTimed) } }
            do {
                try execute(statement, in: source, cell: cell)
            } catch let error as LanguageError {
                output.report(error.diagnostic, in: source)
                markFailed()
                outcome = .runtimeError
                if !goOn() { return outcome }
            } catch is Interrupted {
                cancellation.clear()
                output.report(Diagnostic(.error, .interrupted, "interrupted", at: statement.nameRange), in: source)
                markFailed()
                return .interrupted
            } catch let nested as NestedRunFailure {
                if nested.outcome == .interrupted { return .interrupted }
                output.report(Diagnostic(.error, .runtime, nested.message, at: statement.range), in: source)
                markFailed()
                outcome = nested.outcome == .syntaxError ? .syntaxError : .runtimeError
                if !goOn() { return outcome }
            } catch {
                output.report(Diagnostic(.error, .runtime, String(describing: error), at: statement.range), in: source)
                markFailed()
                outcome = .runtimeError
                if !goOn() { return outcome }
            }
        }
        if !quitRequested && outcome == .success { recordComments(before: Int.max) }
        return outcome
    }

    /// Whether the statements are a `session save` (left out of the transcript it writes).
    private func isSessionSave(_ statements: [CommandStatement], in source: SourceFile) -> Bool {
        statements.contains { registry.spec(named: $0.name)?.name == "session" }
    }

    /// Runs one statement as (part of) `cell`.
    func execute(_ statement: CommandStatement, in source: SourceFile, cell: Int) throws {
        guard let spec = registry.spec(named: statement.name) else {
            // A bare name shows the value it names: `d`, `_`, `out3`, `x`.
            if statement.arguments.isEmpty, statement.binding == nil, let value = session.value(named: statement.name) {
                output.labelResults(ofCell: labelsResults ? cell : nil)
                defer { output.labelResults(ofCell: nil) }
                display(value, name: statement.name)
                session.setOutput(value, cell: cell, normalForm: nil, dependencies: [])
                return
            }
            throw UnknownCommand.error(statement, session: session, commands: registry.allNames)
        }
        if let binding = statement.binding {
            if registry.spec(named: binding) != nil || Parser.reservedWords.contains(binding) || binding == "_" {
                throw LanguageError("`\(binding)` cannot be used as a name", at: statement.bindingRange,
                                    hint: "it is a command or reserved word")
            }
        }
        var binder = ArgumentBinder(session: session, spec: spec, statement: statement)
        let arguments = try binder.bind()
        let context = CommandContext(evaluator: self, spec: spec, statement: statement, arguments: arguments, source: source)
        let clock = ContinuousClock()
        let start = clock.now
        // The result a command shows is the cell's value (`outN`) unless it is bound to a name.
        output.labelResults(ofCell: labelsResults && spec.labelsResult && statement.binding == nil ? cell : nil)
        let produced: LangValue?
        do {
            defer { output.labelResults(ofCell: nil) }
            produced = try spec.handler(context)
        }
        let elapsed = clock.now - start
        try context.checkCancellation()
        let form = normalForm(spec: spec, statement: statement, arguments: arguments, context: context)
        var value = produced
        let bindingIsArgument = spec.bindingIsArgument || context.bindingIsArgument
        if let binding = statement.binding, !bindingIsArgument {
            guard let result = produced else {
                throw LanguageError("`\(spec.name)` has no result to bind to `\(binding)`", at: statement.bindingRange)
            }
            if result.tableOrSchema != nil { value = result.named(binding) }
            session.bind(binding, to: value ?? result)
        }
        if let value {
            session.setOutput(value, cell: cell, normalForm: form, dependencies: binder.dependencies)
        }
        if let job = context.job {
            session.noteJob(id: job.id, name: job.name, cell: cell, binding: bindingIsArgument ? nil : statement.binding)
        }
        if spec.isRecorded || statement.binding != nil {
            session.record(form + (statement.binding.map { " as \(NormalForm.name($0))" } ?? ""),
                           dependencies: binder.dependencies,
                           unboundCell: statement.binding == nil && value != nil ? cell : nil)
        }
        if statement.isTimed {
            output.emit(.message("time: \(Evaluator.format(elapsed))"))
        }
    }

    /// Shows a value as a result.
    func display(_ value: LangValue, name: String?) {
        switch value {
        case .table(let table, _):
            let preview = table.rowCount > 10 ? table.head(10) : table
            output.emit(.table(preview, title: name, totalRows: table.rowCount))
        case .lazyTable(let table, _):
            output.emit(.table(table.head.head(10), title: name, totalRows: table.rowCount))
        default:
            output.emit(.text(value.displayText))
        }
    }

    /// The canonical text of a command (without `as NAME`): positional arguments in spec
    /// order while they are all present, then the rest as `name=value`.
    func normalForm(spec: CommandSpec, statement: CommandStatement, arguments: BoundArguments,
                    context: CommandContext) -> String {
        var parts = [spec.name]
        var positional = true
        var texts = arguments.normalTexts
        for choice in context.recordedChoices { texts[choice.name] = choice.text }
        if spec.isAssignment, spec.arguments.count >= 2, let name = texts[spec.arguments[0].name],
           let value = texts[spec.arguments[1].name] {
            return "\(spec.name) \(name) = \(value)"
        }
        for argument in spec.arguments {
            guard let text = texts[argument.name] else {
                if argument.isPositional { positional = false }
                continue
            }
            if argument.isPositional && positional {
                parts.append(text)
            } else {
                positional = positional && !argument.isPositional
                parts.append("\(argument.name)=\(text)")
            }
        }
        return parts.joined(separator: " ")
    }

    /// `12.3 ms`, `1.24 s`.
    public static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1000) }
        return String(format: "%.2f s", seconds)
    }
}

/// A nested `run FILE` failed; its diagnostics were already reported.
struct NestedRunFailure: Error {
    var outcome: Evaluator.Outcome
    var message: String
}
