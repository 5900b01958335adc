import Foundation
import Testing
import SynthTestSupport
import SynthData
import SynthEngine
@testable import SynthJobs

/// The generating task writes its rows chunk by chunk: the files hold exactly the rows the
/// synthesizer generates for the job's seed (as when the task held them all in memory).
@Suite("Streamed generation", .serialized)
struct StreamedGenerationTests {
    @Test func streamedFilesHoldTheSameRowsAsGeneratingAllAtOnce() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let rows = EngineExecutors.Generating.chunkRows + 1_000  // two chunks, the second partial
        let settings = JobSettings(generatedRows: rows, maxEpochs: 1, modelSize: .small, seed: 11)
        let job = try store.createJob(name: nil, type: .adHoc, settings: settings,
                                      tables: [JobTableRecord(jobID: 0, name: "p", sourcePath: Fixtures.data("penguins.csv"),
                                                              sourceBytes: 1, sourceSHA256: nil)],
                                      tasks: [.organizingData, .dataAnalysis, .transformingData, .training, .generating])
        JobRunner(store: store, executors: EngineExecutors.all).run(job.id)
        let done = try store.job(job.id)
        #expect(done.status == .finished, "\(done.error ?? "")")

        let files = store.files(ofJob: job.id)
        let synthesizer = try Synthesizer.load(from: files.url(.model, table: "p"))
        let expected = try synthesizer.generateTable(rows: rows, seed: settings.seed &+ 1)
        let parquet = try ParquetReader(path: files.url(.syntheticParquet, table: "p").path)
        #expect(parquet.rowGroupCount == 2)
        #expect(try parquet.readTable() == expected)
        let csv = try Data(contentsOf: files.url(.syntheticCSV, table: "p"))
        #expect(csv == Data(CSVWriter.text(of: expected).utf8))
    }

    @Test func zeroRowsGiveFilesWithTheColumns() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let settings = JobSettings(generatedRows: 0, maxEpochs: 1, modelSize: .small, seed: 3)
        let job = try store.createJob(name: nil, type: .adHoc, settings: settings,
                                      tables: [JobTableRecord(jobID: 0, name: "p", sourcePath: Fixtures.data("penguins.csv"),
                                                              sourceBytes: 1, sourceSHA256: nil)],
                                      tasks: [.organizingData, .dataAnalysis, .transformingData, .training, .generating])
        JobRunner(store: store, executors: EngineExecutors.all).run(job.id)
        #expect(try store.job(job.id).status == .finished)
        let table = try ParquetReader(path: store.files(ofJob: job.id).url(.syntheticParquet, table: "p").path).readTable()
        #expect(table.rowCount == 0 && table.columnCount == 8)
    }
}
