import Foundation
import Testing
import SynthTestSupport
import SynthData
import ZIPFoundation
import SynthEngine
@testable import SynthJobs

@Suite("Job pipeline on penguins")
struct PipelineTests {
    @Test func fullJobRunsEveryTaskAndPackages() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let source = Fixtures.data("penguins.csv")
        let size = (try FileManager.default.attributesOfItem(atPath: source)[.size] as? Int) ?? 0
        let job = try store.createJob(name: "penguins-test", type: .adHoc, settings: JobSettings(maxEpochs: 5, modelSize: .small, seed: 7),
                                      tables: [JobTableRecord(jobID: 0, name: "penguins", sourcePath: source, sourceBytes: size, sourceSHA256: nil)],
                                      tasks: TaskKind.allCases)
        let runner = JobRunner(store: store, executors: EngineExecutors.all)
        runner.run(job.id)
        let done = try store.job(job.id)
        let logs = try store.logs(ofJob: job.id).map(\.message).joined(separator: "\n")
        #expect(done.status == .finished, "job ended \(done.status): \(done.error ?? "")\n\(logs)")
        #expect(try store.tasks(ofJob: job.id).allSatisfy { $0.status == .finished && ($0.duration() ?? -1) >= 0 })
        // Synthetic data has the source's schema and the source's row count by default.
        let synthetic = try TableFiles.read(store.folder(ofJob: job.id).appendingPathComponent("penguins.synthetic.csv").path)
        let original = try CSVReader.read(path: source).table
        #expect(synthetic.rowCount == original.rowCount)
        #expect(synthetic.columnNames == original.columnNames)
        #expect(synthetic.columns.map(\.dataType) == original.columns.map(\.dataType))
        // The package holds data, settings, logs and the QA report.
        let zip = try #require(try store.artifact(ofJob: job.id, kind: "package"))
        let archive = try Archive(url: URL(fileURLWithPath: zip.path), accessMode: .read)
        let entries = Set(archive.map(\.path))
        #expect(entries.isSuperset(of: ["synthetic-data/penguins.csv", "synthetic-data/penguins.parquet", "settings.json",
                                        "logs/job.log", "synthetic-data/penguins-qa-report.html"]))
        #expect(try store.artifact(ofJob: job.id, kind: "qa.html") != nil)
        #expect(logs.contains("accuracy"))

        // Share the trained model and import it into a colleague's (empty) store.
        let bundle = try Fixtures.temporaryDirectory().appendingPathComponent("penguins.synthjob")
        try ShareBundle.write(store: store, jobID: job.id, to: bundle)
        let shared = try Archive(url: bundle, accessMode: .read).map(\.path)
        #expect(!shared.contains { $0.hasSuffix(".csv") || $0.hasSuffix(".parquet") }, "a bundle never holds data: \(shared)")
        let colleague = try JobStore(home: Fixtures.temporaryDirectory())
        let imported = try ShareBundle.importBundle(store: colleague, from: bundle)
        #expect(imported.type == .imported && imported.status == .finished)
        let synthesizer = try Synthesizer.load(from: colleague.folder(ofJob: imported.id).appendingPathComponent("penguins.model"))
        let rows = try synthesizer.generateTable(rows: 25, seed: 1)
        #expect(rows.rowCount == 25 && rows.columnNames == original.columnNames)
        // Generate with seed: one row per seed row, seeded columns kept exactly.
        let seed = try original.selecting(["species", "island"]).head(12)
        let seeded = try synthesizer.generate(seed: seed, seed: 3)
        #expect(seeded.rowCount == 12)
        #expect(try seeded.column(named: "species") == seed.column(named: "species"))
        #expect(try seeded.column(named: "island") == seed.column(named: "island"))
        #expect(try seeded.column(named: "body_mass_g").nullCount < 12)
        #expect(throws: JobStoreError.self) { try ShareBundle.importBundle(store: colleague, from: URL(fileURLWithPath: source)) }
    }

    @Test func missingSourceFailsWithAClearMessage() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let job = try store.createJob(name: nil, type: .adHoc, settings: JobSettings(maxEpochs: 1),
                                      tables: [JobTableRecord(jobID: 0, name: "gone", sourcePath: "/nonexistent/gone.csv", sourceBytes: 0, sourceSHA256: nil)],
                                      tasks: TaskKind.allCases)
        JobRunner(store: store, executors: EngineExecutors.all).run(job.id)
        let failed = try store.job(job.id)
        #expect(failed.status == .failed)
        #expect(try store.logs(ofJob: job.id).contains { $0.level == "error" && $0.message.contains("gone.csv") })
    }
}
