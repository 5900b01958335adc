import Foundation
import SynthData

/// Writes synth's kernelspec (`kernel.json` and a logo) where `jupyter kernelspec list`
/// finds it: `synth kernel install` (the user's Jupyter data folder), `--prefix P`
/// (`P/share/jupyter/kernels/synth`, e.g. a virtual environment's prefix).
public enum KernelSpecInstaller {
    /// Where to install.
    public enum Location: Sendable, Equatable {
        /// `$JUPYTER_DATA_DIR/kernels`, else `$XDG_DATA_HOME/jupyter/kernels`, else
        /// `~/.local/share/jupyter/kernels` (Jupyter's user data folder on Linux).
        case user
        /// `PREFIX/share/jupyter/kernels`.
        case prefix(String)
    }

    /// The kernel's name in Jupyter.
    public static let kernelName = "synth"

    /// The folder `location` puts the kernelspec in.
    public static func directory(for location: Location,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let kernels: String
        switch location {
        case .prefix(let prefix):
            guard !prefix.isEmpty else { throw KernelError("--prefix needs a folder") }
            kernels = (prefix as NSString).appendingPathComponent("share/jupyter/kernels")
        case .user:
            if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty {
                kernels = (data as NSString).appendingPathComponent("kernels")
            } else if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
                kernels = (xdg as NSString).appendingPathComponent("jupyter/kernels")
            } else if let home = environment["HOME"], !home.isEmpty {
                kernels = (home as NSString).appendingPathComponent(".local/share/jupyter/kernels")
            } else {
                throw KernelError("no HOME to install the kernelspec under; give --prefix")
            }
        }
        return (kernels as NSString).appendingPathComponent(kernelName)
    }

    /// The `kernel.json` text for the synth executable at `executable`.
    public static func kernelJSON(executable: String) -> String {
        let spec: [String: Any] = [
            "argv": [executable, "kernel", "-f", "{connection_file}"],
            "display_name": "synth",
            "language": "synth",
            "interrupt_mode": "signal",
            "metadata": ["debugger": false],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Writes the kernelspec (replacing an earlier one) and returns its folder.
    @discardableResult
    public static func install(_ location: Location, executable: String) throws -> String {
        let folder = try directory(for: location)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw KernelError("cannot create '\(folder)': \(error.localizedDescription)")
        }
        try AtomicFileWriter.write(text: kernelJSON(executable: executable),
                                   to: (folder as NSString).appendingPathComponent("kernel.json"), replace: true)
        try AtomicFileWriter.write(text: KernelLogo.svg, to: (folder as NSString).appendingPathComponent("logo-svg.svg"),
                                   replace: true)
        return folder
    }

    /// The absolute path of the running executable (what `kernel.json` starts).
    public static func currentExecutable() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        let argument = CommandLine.arguments.first ?? "synth"
        return URL(fileURLWithPath: argument).standardizedFileURL.path
    }
}

/// synth's logo for Jupyter launchers (`logo-svg.svg`): a table turning into its copy.
enum KernelLogo {
    static let svg = """
    <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
      <rect x="2" y="2" width="60" height="60" rx="10" fill="#1f4e79"/>
      <g fill="none" stroke="#ffffff" stroke-width="3">
        <rect x="10" y="14" width="20" height="36"/>
        <line x1="10" y1="26" x2="30" y2="26"/><line x1="10" y1="38" x2="30" y2="38"/>
      </g>
      <g fill="none" stroke="#9fd3ff" stroke-width="3" stroke-dasharray="4 2">
        <rect x="34" y="14" width="20" height="36"/>
        <line x1="34" y1="26" x2="54" y2="26"/><line x1="34" y1="38" x2="54" y2="38"/>
      </g>
    </svg>

    """
}
