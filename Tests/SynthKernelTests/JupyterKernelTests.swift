import Foundation
import SynthTestSupport
import Testing

/// The real `synth kernel` driven by Jupyter's own client (Tests/kernel/test_synth_kernel.py)
/// in the venv `scripts/lib/kernel-test-venv.sh` creates: the `jupyter_kernel_test`
/// conformance suite, signatures, interrupts, rich output, `session save "x.ipynb"`, and
/// the tutorial notebook run end to end. A venv that cannot be created fails the test.
@Suite(.serialized) struct JupyterKernelTests {
    @Test func conformanceSuitePasses() throws {
        try runPython(tests: "SynthKernelConformance")
    }

    @Test func signaturesInterruptsAndRichOutput() throws {
        try runPython(tests: "SynthKernelBehaviour")
    }

    @Test func tutorialNotebookRunsWithoutErrors() throws {
        try runPython(tests: "TutorialNotebook")
    }

    /// Runs one class of the Python tests against the built binary's kernelspec.
    private func runPython(tests: String) throws {
        let binary = try #require(KernelHarness.binaryPath, "build synth first (swift build)")
        let python = try KernelHarness.python()
        let scratch = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let prefix = scratch.appendingPathComponent("prefix")
        let install = try Subprocess.run(binary, ["kernel", "install", "--prefix", prefix.path], timeout: 60)
        #expect(install.status == 0, "synth kernel install: \(install.stderr)")
        let spec = try String(contentsOf: prefix.appendingPathComponent("share/jupyter/kernels/synth/kernel.json"), encoding: .utf8)
        #expect(spec.contains("\"{connection_file}\""))

        let work = scratch.appendingPathComponent("work")
        let examples = scratch.appendingPathComponent("examples")
        for folder in [work, examples.appendingPathComponent("data"), examples.appendingPathComponent("out"),
                       scratch.appendingPathComponent("home"), scratch.appendingPathComponent("runtime")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let penguins = Fixtures.packageRoot.appendingPathComponent("examples/data/penguins.csv")
        try FileManager.default.copyItem(at: penguins, to: work.appendingPathComponent("penguins.csv"))
        try FileManager.default.copyItem(at: penguins, to: examples.appendingPathComponent("data/penguins.csv"))
        let tutorial = examples.appendingPathComponent("tutorial.ipynb")
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("examples/tutorial.ipynb"), to: tutorial)

        var environment = ProcessInfo.processInfo.environment
        environment["JUPYTER_PATH"] = prefix.appendingPathComponent("share/jupyter").path
        environment["JUPYTER_RUNTIME_DIR"] = scratch.appendingPathComponent("runtime").path
        environment["JUPYTER_PLATFORM_DIRS"] = "1"
        environment["SYNTH_HOME"] = scratch.appendingPathComponent("home").path
        environment["SYNTH_TUTORIAL"] = tutorial.path
        environment["SYNTH_HISTORY"] = ""
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let script = Fixtures.packageRoot.appendingPathComponent("Tests/kernel/test_synth_kernel.py").path
        let result = try Subprocess.run(python, ["-m", "unittest", "-v", "test_synth_kernel.\(tests)"],
                                        directory: work, environment: environment.merging(
                                            ["PYTHONPATH": (script as NSString).deletingLastPathComponent]) { $1 },
                                        timeout: 1200)
        #expect(result.status == 0, "python tests \(tests) failed:\n\(result.stderr.suffix(6000))\n\(result.stdout.suffix(2000))")
    }
}

/// Finds the built binary and the test venv's Python.
enum KernelHarness {
    /// `$SYNTH_BINARY`, else `.build/debug/synth` (or release) under the package root.
    static var binaryPath: String? {
        if let custom = ProcessInfo.processInfo.environment["SYNTH_BINARY"] { return custom }
        for configuration in ["debug", "release"] {
            let path = Fixtures.packageRoot.appendingPathComponent(".build/\(configuration)/synth").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    struct VenvError: Error, CustomStringConvertible {
        var description: String
    }

    /// The venv's python (created by scripts/lib/kernel-test-venv.sh; fast when present).
    static func python() throws -> String {
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/lib/kernel-test-venv.sh").path
        let result = try Subprocess.run("/bin/bash", [script], directory: Fixtures.packageRoot, timeout: 1200)
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, FileManager.default.isExecutableFile(atPath: path) else {
            throw VenvError(description: "scripts/lib/kernel-test-venv.sh could not create the kernel test venv "
                            + "(pip install jupyter_kernel_test nbclient nbconvert ipykernel):\n\(result.stderr.suffix(4000))")
        }
        return path
    }
}
