import ArgumentParser
import Foundation
import SynthLanguage
import SynthTerminal
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The `synth` executable: flags and mode choice only; everything else lives in the
/// SynthTerminal and SynthLanguage modules.
@main
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Turn a real table into a synthetic one that keeps its statistics and protects privacy.",
        discussion: """
        With no arguments on a terminal, synth opens its REPL. `synth FILE.synth` runs a script \
        (`synth FILE.md` replays a transcript written by `session save FILE.md`), \
        `synth -c '…'` runs a command string, and a script piped on stdin is run too. \
        `synth kernel` serves Jupyter (see `synth kernel install`). \
        Exit codes: 0 ok, 64 usage, 65 syntax error, 70 runtime error, 130 interrupted.
        """,
        version: SynthVersion.current
    )

    /// `synth kernel …` goes to the kernel command (a script argument would take the word
    /// otherwise); everything else is parsed here.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "kernel" {
            KernelCommand.main(Array(arguments.dropFirst()))
        } else {
            main(arguments)
        }
    }

    @ArgumentParser.Argument(help: "A script of synth commands to run (.synth), or a transcript to replay (.md).")
    var script: String?

    @Option(name: .customShort("c"), help: "Run this command string (commands separated by `;` or new lines).")
    var command: String?

    @Flag(name: .customShort("i"), help: "Enter the REPL after the script or command.")
    var interactive = false

    @Flag(name: .long, help: "Keep running a script after a command fails.")
    var continueOnError = false

    @Flag(name: [.customShort("a"), .customLong("echo")],
          help: "Show each command (after a `[N]>` prompt) before its output, and label results `Out[N]:`.")
    var echo = false

    func validate() throws {
        if script != nil && command != nil {
            throw ValidationError("give either a script file or -c, not both")
        }
    }

    func run() throws {
        // At the file size limit (`ulimit -f`) `write` fails with EFBIG and the writer
        // reports it, instead of SIGXFSZ killing the process mid-file.
        _ = signal(SIGXFSZ, SIG_IGN)
        let options = LaunchOptions(scriptPath: script, command: command, interactive: interactive,
                                    continueOnError: continueOnError, echo: echo)
        let output = TerminalOutput(capabilities: .detect())
        let launcher = Launcher(options: options, output: output, stdinIsTerminal: isatty(STDIN_FILENO) == 1,
                                readStandardInput: {
                                    String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                                })
        let status = launcher.run()
        if status != 0 { throw ExitCode(status) }
    }
}
