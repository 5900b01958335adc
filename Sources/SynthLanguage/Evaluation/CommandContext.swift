import SynthData

/// Everything a command handler may use: the session, its bound arguments, where to write
/// results, the cancellation flag, and the evaluator (for commands that run others).
public final class CommandContext {
    public let session: Session
    public let arguments: BoundArguments
    public let statement: CommandStatement
    public let source: SourceFile
    public let spec: CommandSpec
    public let evaluator: Evaluator
    /// Argument values the handler chose itself (a seed it drew): recorded in the normal form.
    public private(set) var recordedChoices: [(name: String, text: String)] = []
    /// The job the command started (or reused on replay), noted by `noteJob`.
    public private(set) var job: (id: Int, name: String?)?

    init(evaluator: Evaluator, spec: CommandSpec, statement: CommandStatement, arguments: BoundArguments, source: SourceFile) {
        self.evaluator = evaluator
        session = evaluator.session
        self.spec = spec
        self.statement = statement
        self.arguments = arguments
        self.source = source
    }

    public var output: OutputSink { evaluator.output }
    public var registry: CommandRegistry { evaluator.registry }
    public var cancellation: CancellationFlag { evaluator.cancellation }
    /// The job store and runner of this evaluator.
    public var jobs: JobEnvironment { evaluator.services.jobs }
    /// Asks the user a yes/no question; nil when nobody can be asked.
    public var confirm: ((String) -> Bool)? { evaluator.services.confirm }
    /// Asks for a secret without echo; nil when nobody can be asked (scripts, the kernel).
    public var askSecret: ((String) -> String?)? { evaluator.services.askSecret }

    /// Throws `Interrupted` when the user pressed Ctrl-C.
    public func checkCancellation() throws {
        if cancellation.isSet { throw Interrupted() }
    }

    /// Records a value the handler chose (e.g. a drawn seed) so replay makes the same choice.
    public func recordChoice(_ name: String, _ value: LangValue) {
        recordedChoices.removeAll { $0.name == name }
        recordedChoices.append((name, value.literalText))
    }

    /// Whether the handler took the statement's `as WORD` as an argument
    /// (`catalog encode C T.col as TYPE`) rather than a name to bind its result to.
    public private(set) var bindingIsArgument = false

    /// The statement's `as WORD`, taken as an argument of this command: the result is then
    /// not bound to it (the `as` is recorded with the command all the same).
    public func bindingAsArgument() -> String? {
        bindingIsArgument = true
        return statement.binding
    }

    /// Notes the job this command started (or reused), so later commands of the session
    /// that name it are recorded as referring to this command's result.
    public func noteJob(id: Int, name: String?) { job = (id, name) }

    /// An error located at the argument `name` (or at the command when not given).
    public func error(_ message: String, at argument: String? = nil, hint: String? = nil) -> LanguageError {
        LanguageError(message, at: argument.flatMap { arguments.range($0) } ?? statement.nameRange, hint: hint)
    }

    /// Shows a table result: a preview of `previewRows` rows, or one line when the result is
    /// bound to a name with `as`.
    public func show(_ table: Table, title: String? = nil, previewRows: Int = 10) {
        if let name = statement.binding {
            output.emit(.message("\(name): \(table.rowCount) rows × \(table.columnCount) columns"))
        } else {
            let preview = table.rowCount > previewRows ? table.head(previewRows) : table
            output.emit(.table(preview, title: title, totalRows: table.rowCount))
        }
    }
}
