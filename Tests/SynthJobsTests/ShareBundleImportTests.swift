import Foundation
import Testing
import SynthTestSupport
import SynthEngine
import ZIPFoundation
@testable import SynthJobs

/// Importing untrusted `.synthjob` files: only the files a bundle holds, as private regular
/// files inside a new job folder, within size limits; anything else rejects the whole bundle
/// and leaves no file and no job behind.
@Suite("Share bundle import")
struct ShareBundleImportTests {
    /// A store in `<tmp>/home/.synth` with a sentinel `<tmp>/home/.bashrc` beside it.
    struct Sandbox {
        let home: URL
        let store: JobStore
        let sentinel: URL
        static let sentinelText = "# the user's own file\n"

        init() throws {
            home = try Fixtures.temporaryDirectory().appendingPathComponent("home")
            store = try JobStore(home: home.appendingPathComponent(".synth"))
            sentinel = home.appendingPathComponent(".bashrc")
            try Data(Self.sentinelText.utf8).write(to: sentinel)
        }

        /// Imports `bundle` expecting a rejection whose message contains `reason`, and checks
        /// that nothing outside the store changed and nothing was left in it.
        func expectRejected(_ bundle: URL, _ reason: String, limits: ShareBundle.ImportLimits = .init(),
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
            var message = ""
            do {
                let job = try ShareBundle.importBundle(store: store, from: bundle, limits: limits)
                Issue.record("imported job \(job.id) from a hostile bundle", sourceLocation: sourceLocation)
            } catch let error as JobStoreError {
                message = error.description
            }
            #expect(message.contains(reason), "message: \(message)", sourceLocation: sourceLocation)
            #expect(message.contains("not a valid synth job bundle") || message.contains("is not allowed"),
                    "message: \(message)", sourceLocation: sourceLocation)
            #expect(try String(contentsOf: sentinel, encoding: .utf8) == Self.sentinelText, sourceLocation: sourceLocation)
            #expect(try FileManager.default.contentsOfDirectory(atPath: home.path).sorted() == [".bashrc", ".synth"],
                    sourceLocation: sourceLocation)
            #expect(try store.jobs().isEmpty, "no job record is left", sourceLocation: sourceLocation)
            let jobs = store.folder(ofJob: 0).deletingLastPathComponent().path
            #expect(try FileManager.default.contentsOfDirectory(atPath: jobs).isEmpty, "no folder is left", sourceLocation: sourceLocation)
        }
    }

    @Test func honestBundleImportsAsPrivateRegularFiles() throws {
        let sandbox = try Sandbox()
        // Entries marked setuid and world-writable: the modes are not taken from the ZIP.
        let bundle = try CraftedBundle.write(CraftedBundle.honestEntries(permissions: 0o4777)
                                             + [.directory("p/"), .directory("p/model/")])
        let job = try ShareBundle.importBundle(store: sandbox.store, from: bundle)
        #expect(job.type == .imported && job.status == .finished)
        let folder = sandbox.store.folder(ofJob: job.id)
        func mode(_ url: URL) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        #expect(try mode(folder) == 0o700)
        #expect(try mode(folder.appendingPathComponent("p.model")) == 0o700)
        #expect(try mode(folder.appendingPathComponent("p.model/encoding.json")) == 0o600)
        #expect(try mode(folder.appendingPathComponent("p.model/model.bin")) == 0o600)
        _ = try Synthesizer.load(from: folder.appendingPathComponent("p.model"))
        #expect(try sandbox.store.artifact(ofJob: job.id, kind: "model") != nil)
    }

    @Test func symlinkChainIsRejected() throws {
        let sandbox = try Sandbox()
        let bundle = try CraftedBundle.write(CraftedBundle.honestEntries() + [
            .symlink("p/a", target: "."),
            .symlink("p/h", target: "p.a/p.a/p.a/../../.."),
            .file("p/h/.bashrc", Data("echo pwned\n".utf8)),
        ])
        try sandbox.expectRejected(bundle, "symbolic link")
    }

    @Test func aSingleSymlinkToAnAllowedNameIsRejected() throws {
        let sandbox = try Sandbox()
        var entries = CraftedBundle.honestEntries()
        entries.append(.symlink("p/qa.html", target: "../../../../.bashrc"))
        try sandbox.expectRejected(try CraftedBundle.write(entries), "symbolic link")
    }

    @Test(arguments: ["../evil", "/tmp/evil", "p/../../evil", "p/model/../../../evil", "p/extra.txt", "p\\..\\..\\evil",
                      "q/model/model.bin", "p/model/model.bin/x", "p/model/", "./p/qa.html", "p//qa.html"])
    func unexpectedEntryNamesAreRejected(name: String) throws {
        let sandbox = try Sandbox()
        let entry: CraftedBundle.Entry = name.hasSuffix("/") && name != "p/model/" ? .directory(name) : .file(name, Data("x".utf8))
        try sandbox.expectRejected(try CraftedBundle.write(CraftedBundle.honestEntries() + [entry]), "unexpected entry")
    }

    @Test func oddDirectoryEntriesAreRejected() throws {
        let sandbox = try Sandbox()
        try sandbox.expectRejected(try CraftedBundle.write(CraftedBundle.honestEntries() + [.directory("p/h/")]), "unexpected entry")
    }

    @Test(arguments: ["../1/p", "..", ".", "a/b", "a\\b", "", "tab\there"])
    func unsafeTableNamesInTheManifestAreRejected(table: String) throws {
        let sandbox = try Sandbox()
        var entries = CraftedBundle.honestEntries(table: table)
        entries[0] = .file("synthjob.json", CraftedBundle.manifest(tables: [table]))
        try sandbox.expectRejected(try CraftedBundle.write(entries), "table name")
    }

    @Test func tableNamesAreValidatedWhereverAJobIsCreated() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        #expect(throws: JobStoreError.self) {
            try store.createJob(name: "x", type: .adHoc, settings: JobSettings(), tables: [
                JobTableRecord(jobID: 0, name: "../1/p", sourcePath: "", sourceBytes: 0, sourceSHA256: nil)], tasks: [])
        }
        #expect(try store.jobs().isEmpty)
        #expect(try SafeName.validate("penguins.v2 (copy)") == "penguins.v2 (copy)")
        #expect(throws: JobStoreError.self) { try SafeName.validate(String(repeating: "x", count: 201)) }
        #expect(throws: JobStoreError.self) { try SafeName.validateLabel("job\u{1B}[2J") }
    }

    @Test func zipBombIsRejectedBeforeExtracting() throws {
        let sandbox = try Sandbox()
        // 4 MiB of zeros deflate to a few KiB; the entry then declares 3 GiB.
        let bundle = try CraftedBundle.write(CraftedBundle.honestEntries() + [.zeros("p/qa.html", size: 4 << 20)])
        try CraftedBundle.declare(size: 3 << 30, for: "p/qa.html", in: bundle)
        #expect(try FileManager.default.attributesOfItem(atPath: bundle.path)[.size] as? Int ?? 0 < 1 << 20)
        try sandbox.expectRejected(bundle, "expands to 3221225472 bytes, more than the")
    }

    @Test func highlyCompressedEntryUnderTheSizeCapIsRejected() throws {
        let sandbox = try Sandbox()
        let bundle = try CraftedBundle.write(CraftedBundle.honestEntries() + [.zeros("p/qa.html", size: 4 << 20)])
        try sandbox.expectRejected(bundle, "compressed")
    }

    @Test func entryThatHoldsMoreThanItDeclaresIsCutOff() throws {
        let sandbox = try Sandbox()
        let bundle = try CraftedBundle.write(CraftedBundle.honestEntries() + [.zeros("p/qa.html", size: 4 << 20)])
        try CraftedBundle.declare(size: 1000, for: "p/qa.html", in: bundle)
        try sandbox.expectRejected(bundle, "more bytes than it declares")
    }

    @Test func oversizedManifestIsRejectedBeforeReading() throws {
        let sandbox = try Sandbox()
        var entries = CraftedBundle.honestEntries()
        entries[0] = .zeros("synthjob.json", size: 2 << 20)
        try sandbox.expectRejected(try CraftedBundle.write(entries), "more than the")
    }

    @Test func truncatedModelIsRejected() throws {
        let sandbox = try Sandbox()
        var entries = CraftedBundle.honestEntries()
        entries[2] = .file("p/model/model.bin", CraftedBundle.model.model.prefix(CraftedBundle.model.model.count / 2))
        try sandbox.expectRejected(try CraftedBundle.write(entries), "not a valid synth model file")
    }

    @Test func modelLargerThanItsEncodingAllowsIsRejectedBeforeExtracting() throws {
        let sandbox = try Sandbox()
        let bundle = try CraftedBundle.write(CraftedBundle.honestEntries())
        try CraftedBundle.declare(size: 300 << 20, for: "p/model/model.bin", in: bundle)
        // With the ratio check off, the bound its encoding implies still stops it.
        var limits = ShareBundle.ImportLimits()
        limits.maximumCompressionRatio = .max
        try sandbox.expectRejected(bundle, "more than its encoding allows", limits: limits)
    }

    @Test func halfAModelIsRejected() throws {
        let sandbox = try Sandbox()
        try sandbox.expectRejected(try CraftedBundle.write(Array(CraftedBundle.honestEntries().prefix(2))), "half a model")
    }

    @Test func notAZipIsRejected() throws {
        let sandbox = try Sandbox()
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("x.synthjob")
        try Data("name,age\nann,3\n".utf8).write(to: url)
        try sandbox.expectRejected(url, "not a ZIP file")
        try sandbox.expectRejected(url.deletingLastPathComponent(), "not a regular file")
    }
}
