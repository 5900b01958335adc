import Foundation
import SynthJobs
import SynthTestSupport
import Testing

/// Every built-in tutorial, run end to end as a script through the real binary from a folder
/// without any data (the penguins come with synth): each step runs and its check passes.
@Suite("Tutorials (real binary)", .serialized)
struct TutorialEndToEndTests {
    @Test func tutorialListsTheWalkthroughs() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let directory = try Fixtures.temporaryDirectory()
        let result = try BinaryHarness.run(["-c", "tutorial"], in: directory,
                                           environment: ["SYNTH_HOME": directory.appendingPathComponent("home").path])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["basics", "training", "qa", "generating"] {
            #expect(result.stdout.contains("  \(name)"), "\(result.stdout)")
        }
        let unknown = try BinaryHarness.run(["-c", "tutorial trainig"], in: directory)
        #expect(unknown.status == 70 && unknown.stderr.contains("did you mean `training`?"), "\(unknown.stderr)")
    }

    @Test func everyTutorialRunsAndPassesItsChecksAsAScript() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let directory = try Fixtures.temporaryDirectory()
        let home = directory.appendingPathComponent("home")
        let steps = ["basics": 5, "training": 4, "qa": 5, "generating": 5]
        for name in ["basics", "training", "qa", "generating"] {
            let result = try BinaryHarness.run(["-c", "tutorial \(name)"], in: directory, environment: ["SYNTH_HOME": home.path])
            #expect(result.status == 0, "\(name): \(result.stderr)\n\(result.stdout)")
            let passed = result.stdout.components(separatedBy: "check: ok.").count - 1
            #expect(passed == steps[name], "\(name): \(result.stdout)")
            #expect(result.stdout.contains("Done: tutorial \(name)."), "\(name): \(result.stdout)")
            // The code of each step is shown before it runs, as at the prompt.
            #expect(result.stdout.contains("> load \"\(home.path)/tutorial/penguins.csv\" as penguins"), "\(result.stdout)")
        }
        // The later tutorials reused the training tutorial's job: one training job in all.
        let jobs = try JobStore(home: home).jobs()
        #expect(jobs.filter { $0.parentJobID == nil }.count == 1, "\(jobs.map(\.name))")
        // Their files stay in the tutorial's folder, owner-only.
        let folder = home.appendingPathComponent("tutorial")
        for file in ["penguins.csv", "penguins-qa.html", "more.csv", "filled.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["home"],
                "nothing is written to the working folder")
    }

    @Test func aChangedCopyOfTheBundledDataIsWrittenAgain() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let directory = try Fixtures.temporaryDirectory()
        let home = directory.appendingPathComponent("home")
        let folder = home.appendingPathComponent("tutorial")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("species\nAdelie\n".utf8).write(to: folder.appendingPathComponent("penguins.csv"))
        let repaired = try BinaryHarness.run(["-c", "tutorial basics"], in: directory, environment: ["SYNTH_HOME": home.path])
        #expect(repaired.status == 0, "\(repaired.stderr)")
        let copy = try Data(contentsOf: folder.appendingPathComponent("penguins.csv"))
        #expect(copy == (try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("examples/data/penguins.csv"))))
    }
}
