import Foundation
@testable import SynthKernel
import SynthTestSupport
import Testing

/// Where `synth kernel install` puts the kernelspec, and what `kernel.json` says.
@Suite struct KernelSpecInstallerTests {
    @Test func userFolderFollowsJupytersRules() throws {
        #expect(try KernelSpecInstaller.directory(for: .user, environment: ["JUPYTER_DATA_DIR": "/j", "HOME": "/h"])
                == "/j/kernels/synth")
        #expect(try KernelSpecInstaller.directory(for: .user, environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"])
                == "/x/jupyter/kernels/synth")
        #expect(try KernelSpecInstaller.directory(for: .user, environment: ["HOME": "/h"]) == "/h/.local/share/jupyter/kernels/synth")
        #expect(try KernelSpecInstaller.directory(for: .prefix("/venv"), environment: [:]) == "/venv/share/jupyter/kernels/synth")
        #expect(throws: KernelError.self) { try KernelSpecInstaller.directory(for: .user, environment: [:]) }
    }

    @Test func kernelJSONStartsThisExecutableWithTheConnectionFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = try KernelSpecInstaller.install(.prefix(directory.path), executable: "/opt/synth/bin/synth")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent("kernel.json"))
        let spec = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(spec["argv"] as? [String] == ["/opt/synth/bin/synth", "kernel", "-f", "{connection_file}"])
        #expect(spec["language"] as? String == "synth")
        #expect(FileManager.default.fileExists(atPath: folder + "/logo-svg.svg"))
        // Installing again replaces the spec.
        try KernelSpecInstaller.install(.prefix(directory.path), executable: "/usr/bin/synth")
        let again = try String(contentsOfFile: folder + "/kernel.json", encoding: .utf8)
        #expect(again.contains("/usr/bin/synth"))
    }
}
