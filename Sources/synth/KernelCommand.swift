import ArgumentParser
import Foundation
import SynthKernel
import SynthLanguage
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `synth kernel -f CONNECTION_FILE`: serve a Jupyter front end (Jupyter starts this from
/// the kernelspec); `synth kernel install` registers that kernelspec.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth kernel",
        abstract: "Run synth as a Jupyter kernel (started by Jupyter with -f CONNECTION_FILE).",
        discussion: "`synth kernel install` registers the kernel with Jupyter first. See docs/JUPYTER.md.",
        subcommands: [KernelInstallCommand.self]
    )

    @Option(name: .customShort("f"), help: "The connection file Jupyter wrote for this kernel.")
    var connectionFile: String?

    func run() throws {
        guard let connectionFile else {
            throw ValidationError("Jupyter starts the kernel with -f CONNECTION_FILE; run `synth kernel install` to register it")
        }
        _ = signal(SIGXFSZ, SIG_IGN)
        do {
            let kernel = try SynthKernel(connection: ConnectionInfo.read(path: connectionFile))
            let status = kernel.run()
            if status != 0 { throw ExitCode(status) }
        } catch let error as KernelError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(ExitStatus.usage)
        }
    }
}

/// `synth kernel install [--user | --prefix P]`.
struct KernelInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Register synth's kernelspec where `jupyter kernelspec list` finds it."
    )

    @Flag(help: "Install in your Jupyter data folder (the default).")
    var user = false

    @Option(help: "Install under PREFIX/share/jupyter/kernels (a virtual environment's or conda's prefix).")
    var prefix: String?

    func validate() throws {
        if user && prefix != nil { throw ValidationError("give either --user or --prefix, not both") }
    }

    func run() throws {
        do {
            let folder = try KernelSpecInstaller.install(prefix.map { .prefix($0) } ?? .user,
                                                         executable: KernelSpecInstaller.currentExecutable())
            print("installed the synth kernelspec in \(folder)")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.runtimeError)
        }
    }
}
