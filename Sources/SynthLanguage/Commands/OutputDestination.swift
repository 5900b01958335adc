import SynthData

/// A file a command writes at a path the user named (`export`, `download`, `package`,
/// `share`, `report`, `session save`): resolved against the session's folder, with the
/// `replace=` policy checked before any work is done, and write failures reported at the
/// path argument.
///
/// An existing destination (a file or a symbolic link) is an error unless `replace=true`;
/// the REPL asks instead, scripts never ask. The command is recorded with `replace=true`, so
/// a replayed session recreates the files the session wrote. Every such command writes through
/// `AtomicFileWriter`, so a failed or interrupted write never leaves a partial file and a
/// symbolic link at the destination is replaced, never followed.
struct OutputDestination {
    /// The `replace` argument every writing command takes.
    static let replaceArgument = ArgumentSpec(
        "replace", .boolean, default: "false",
        help: "Replace the file if it exists (otherwise that is an error; the REPL asks).")

    /// The path argument's name (`to`, `path`).
    let argument: String
    /// The path as the user typed it (for messages).
    let text: String
    /// The path resolved against the session's folder.
    let path: String
    /// Whether an existing file may be replaced.
    let replace: Bool

    /// Reads the path argument and `replace`, and checks the destination now.
    init(_ context: CommandContext, argument: String) throws {
        guard let text = context.arguments.string(argument) else { throw context.error("missing destination", at: argument) }
        self.argument = argument
        self.text = text
        path = context.session.resolve(path: text)
        // A replayed transcript writes the files its session wrote again, as a saved
        // session does with the `replace=true` it records.
        var replace = context.arguments.boolean("replace") ?? context.session.isReplayingTranscript
        do {
            try AtomicFileWriter.checkDestination(path, replace: replace)
        } catch let error as FileWriteError {
            guard error.kind == .exists, !context.arguments.has("replace"), let ask = context.confirm,
                  ask("'\(text)' exists; replace it?") else {
                throw Self.error(error, text: text, argument: argument, context)
            }
            replace = true
        }
        self.replace = replace
        // A replayed session writes its files again: `session save` records `replace=true`.
        context.recordChoice("replace", .boolean(true))
    }

    /// Runs `body`, which writes the file, turning a `FileWriteError` into an error at the
    /// path argument that names the path as the user typed it.
    func write<Result>(_ context: CommandContext, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as FileWriteError {
            throw Self.error(error, text: text, argument: argument, context)
        }
    }

    private static func error(_ error: FileWriteError, text: String, argument: String, _ context: CommandContext) -> LanguageError {
        context.error(FileWriteError(error.kind, path: text).description, at: argument)
    }
}
