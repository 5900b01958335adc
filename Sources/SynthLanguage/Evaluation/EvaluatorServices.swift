/// What a front end lends the evaluator's commands: the job environment (store, runner, the
/// jobs this evaluator started) and a way to ask the user a yes/no question. Injected, so
/// the REPL, the Jupyter kernel and tests each bring their own.
public final class EvaluatorServices: @unchecked Sendable {
    /// The job store and runner of this evaluator.
    public let jobs: JobEnvironment
    /// Asks the user a yes/no question (`delete`, replacing a file); nil never asks (scripts,
    /// the kernel), and the command then needs `confirm=true` / `replace=true`.
    public var confirm: ((String) -> Bool)?
    /// Asks for a secret without echo (a connector's password); set by the interactive front
    /// end only, so scripts never prompt.
    public var askSecret: ((String) -> String?)?

    public init(jobs: JobEnvironment = JobEnvironment(), confirm: ((String) -> Bool)? = nil) {
        self.jobs = jobs
        self.confirm = confirm
    }
}
