import SynthData

/// A built-in guided walkthrough (`tutorial NAME`): steps that each explain, show and run
/// some code, then check its result. Tutorials are data, so any front end can present them
/// (the REPL and scripts through `tutorial`; a notebook could render each step as cells).
public struct Tutorial: Sendable {
    /// The name `tutorial NAME` takes (`basics`).
    public var name: String
    /// A short title.
    public var title: String
    /// One line on what it teaches.
    public var summary: String
    /// The steps, in order.
    public var steps: [TutorialStep]
}

/// One step of a tutorial.
public struct TutorialStep: Sendable {
    /// A short title.
    public var title: String
    /// What the step does and why, in a few sentences.
    public var text: String
    /// The synth code the step runs; `{data}` stands for the quoted path of the bundled
    /// penguins CSV and `{folder}` for the tutorial's folder (see `TutorialFiles`).
    public var code: String
    /// What the user should see, said after the step ran.
    public var expectation: String
    /// Inspects the step's result: nil when it is as expected, else what is off.
    public var check: @Sendable (TutorialCheckContext) -> String?

    public init(title: String, text: String, code: String, expectation: String,
                check: @escaping @Sendable (TutorialCheckContext) -> String?) {
        self.title = title
        self.text = text
        self.code = code
        self.expectation = expectation
        self.check = check
    }

    /// The code with `{data}` and `{folder}` filled in.
    public func code(files: TutorialFiles) -> String {
        code.replacingOccurrences(of: "{data}", with: NormalForm.quoted(files.penguinsPath))
            .replacingOccurrences(of: "{folder}", with: files.folder)
    }
}

/// What a tutorial check may look at: the session after the step, and the step's result.
public struct TutorialCheckContext {
    /// The session (its tables and variables).
    public let session: Session
    /// The value of the step's last cell, if it had one.
    public let result: LangValue?
    /// Where the tutorial's files are.
    public let files: TutorialFiles
    /// The status of a job (`finished`, `failed`…), looked up in the job store, or nil.
    public let jobStatus: @Sendable (String) -> String?

    /// The table bound to `name`.
    public func table(_ name: String) -> SynthData.Table? { session.table(named: name) }
}
