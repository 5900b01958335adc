import Foundation
import Testing
import SynthTestSupport
import ZIPFoundation
@testable import SynthJobs

/// Train → share → import into another store → generate: every task finishes, and the QA
/// task says accuracy and privacy are not applicable (the bundle holds no training rows).
@Suite("Generating from an imported model")
struct ImportedModelGenerationTests {
    @Test func generateFromAnImportedModelFinishesWithQAMarkedNotApplicable() throws {
        let source = Fixtures.packageRoot.appendingPathComponent("examples/data/penguins.csv").path
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let trained = try store.createJob(name: "penguins", type: .adHoc, settings: JobSettings(maxEpochs: 1, modelSize: .small, seed: 7),
                                          tables: [JobTableRecord(jobID: 0, name: "penguins", sourcePath: source, sourceBytes: 0, sourceSHA256: nil)],
                                          tasks: TaskKind.allCases)
        JobRunner(store: store, executors: EngineExecutors.all).run(trained.id)
        #expect(try store.job(trained.id).status == .finished)
        let bundle = try Fixtures.temporaryDirectory().appendingPathComponent("penguins.synthjob")
        try ShareBundle.write(store: store, jobID: trained.id, to: bundle)

        let colleague = try JobStore(home: Fixtures.temporaryDirectory())
        let imported = try ShareBundle.importBundle(store: colleague, from: bundle)
        var settings = imported.settings
        settings.generatedRows = 30
        let generated = try colleague.createJob(name: "more", type: .generateWithSubjectCount, settings: settings,
                                                tables: try colleague.tables(ofJob: imported.id),
                                                tasks: [.generating, .packaging, .qaReport], parentJobID: imported.id)
        JobRunner(store: colleague, executors: EngineExecutors.all).run(generated.id)

        let logs = try colleague.logs(ofJob: generated.id)
        let text = logs.map(\.message).joined(separator: "\n")
        #expect(try colleague.job(generated.id).status == .finished, "\(text)")
        #expect(try colleague.tasks(ofJob: generated.id).allSatisfy { $0.status == .finished })
        #expect(logs.contains { $0.task == .qaReport && $0.message.contains("privacy: not applicable: imported model, no training data in this store") })
        let folder = colleague.folder(ofJob: generated.id)
        let note = try String(contentsOf: folder.appendingPathComponent("penguins.qa-note.txt"), encoding: .utf8)
        #expect(note.contains("accuracy: not applicable") && note.contains("privacy: not applicable"))
        let html = try String(contentsOf: folder.appendingPathComponent("penguins.qa.html"), encoding: .utf8)
        #expect(html.contains("not applicable: imported model, no training data in this store") && html.contains("30 synthetic rows"))
        let zip = try #require(try colleague.artifact(ofJob: generated.id, kind: "package"))
        let entries = Set(try Archive(url: URL(fileURLWithPath: zip.path), accessMode: .read).map(\.path))
        #expect(entries.isSuperset(of: ["synthetic-data/penguins.csv", "synthetic-data/penguins-qa-report.html"]))
    }
}
