import Foundation
import Testing
import SynthData
import SynthEngine
import SynthTestSupport
@testable import SynthJobs

/// Non-context foreign keys through the real executors: `events.shop` → `shops` (a table of
/// the job, generated with new keys) and `events.channel` → `channels` (a lookup table the
/// job does not hold). Every generated value exists; the events-per-shop distribution is kept.
@Suite("Foreign keys in a job", .serialized)
struct ForeignKeyJobTests {
    static let settings = JobSettings(goal: .speed, maxEpochs: 15, modelSize: .small, seed: 4)

    static func records(in folder: URL) throws -> [JobTableRecord] {
        let (subjects, events, shops, _) = try ForeignKeyFixtures.tables(subjects: 300)
        var paths: [String: String] = [:]
        for (name, table) in [("subjects", subjects), ("events", events), ("shops", shops)] {
            paths[name] = folder.appendingPathComponent("\(name).csv").path
            try CSVWriter.write(table, to: paths[name]!, replace: true)
        }
        return [
            JobTableRecord(jobID: 0, name: "events", sourcePath: paths["events"]!, sourceBytes: 1, sourceSHA256: nil, primaryKey: "event_id",
                           context: ForeignKey(column: "subject_id", parentTable: "subjects"), orderColumn: "day",
                           foreignKeys: [ForeignKey(column: "shop", parentTable: "shops", parentKey: "shop"),
                                         ForeignKey(column: "channel", parentTable: "channels", parentKey: "channel")]),
            JobTableRecord(jobID: 0, name: "subjects", sourcePath: paths["subjects"]!, sourceBytes: 1, sourceSHA256: nil, primaryKey: "id"),
            JobTableRecord(jobID: 0, name: "shops", sourcePath: paths["shops"]!, sourceBytes: 1, sourceSHA256: nil, primaryKey: "shop"),
        ]
    }

    /// One trained job shared by the tests.
    static let trained = Result { () throws -> (JobStore, Int) in
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        let job = try store.createJob(name: "fk", type: .adHoc, settings: settings, tables: records(in: home), tasks: TaskKind.allCases)
        JobRunner(store: store, executors: EngineExecutors.all).run(job.id)
        return (store, job.id)
    }

    static func column(_ url: URL, _ name: String) throws -> [String?] {
        let column = try ParquetReader(path: url.path).readTable(columns: [name]).columns[0]
        return (0..<column.count).map { column.formattedCell($0) }
    }

    /// Checks every foreign key of job `id`'s generated events.
    static func checkIntegrity(_ store: JobStore, _ id: Int, trainingJob: Int) throws -> [String] {
        let files = store.files(ofJob: id), training = store.files(ofJob: trainingJob)
        let shopKeys = Set(try column(files.url(.syntheticParquet, table: "shops"), "shop").compactMap { $0 })
        let shops = try column(files.url(.syntheticParquet, table: "events"), "shop")
        #expect(!shops.isEmpty)
        #expect(shops.allSatisfy { $0.map(shopKeys.contains) ?? false }, "every event's shop is a generated shop")
        let used = Set(try column(training.url(.training, table: "events"), "channel").compactMap { $0 })
        let channels = try column(files.url(.syntheticParquet, table: "events"), "channel")
        #expect(channels.compactMap { $0 }.allSatisfy(used.contains), "every channel is one the training rows used")
        #expect(channels.contains(nil), "nulls stay allowed: the training rows had them")
        return shops.compactMap { $0 }
    }

    @Test func everyGeneratedForeignKeyExistsAndTheShareOfEachShopIsKept() throws {
        let (store, id) = try Self.trained.get()
        let job = try store.job(id)
        #expect(job.status == .finished, "\(job.error ?? "")")
        #expect(try store.tables(ofJob: id).map(\.name).firstIndex(of: "shops")! < 2, "shops generate before events")
        let shops = try Self.checkIntegrity(store, id, trainingJob: id)
        // Events per shop, largest first, as shares: close to the training shares (40, 20, 12, …%).
        var counts: [String: Int] = [:]
        for shop in shops { counts[shop, default: 0] += 1 }
        let shares = counts.values.sorted(by: >).map { Double($0) / Double(shops.count) }
        let weights = ForeignKeyFixtures.shopWeights.map { Double($0) / 100 }
        #expect(shares.count >= 6, "\(shares)")
        #expect(abs(shares[0] - weights[0]) < 0.12 && abs(shares[1] - weights[1]) < 0.1, "\(shares) vs \(weights)")
        #expect(shares.last! < 0.1, "small shops stay small: \(shares)")
    }

    @Test func aGenerateJobKeepsIntegrityAndReferencedTablesKeepTheirSize() throws {
        let (store, id) = try Self.trained.get()
        var settings = Self.settings
        settings.generatedRows = 60
        settings.seed = 9
        let generate = try store.createJob(name: nil, type: .generateWithSubjectCount, settings: settings,
                                           tables: try store.tables(ofJob: id).map { JobTableRecord(schema: $0.schema) },
                                           tasks: [.generating], parentJobID: id)
        JobRunner(store: store, executors: EngineExecutors.all).run(generate.id)
        let job = try store.job(generate.id)
        #expect(job.status == .finished, "\(job.error ?? "")")
        _ = try Self.checkIntegrity(store, generate.id, trainingJob: id)
        let files = store.files(ofJob: generate.id)
        #expect(try ParquetReader(path: files.url(.syntheticParquet, table: "subjects").path).rowCount == 60)
        #expect(try ParquetReader(path: files.url(.syntheticParquet, table: "shops").path).rowCount == ForeignKeyFixtures.shopCount)
    }

    @Test func aLaterStoreVersionReadsTheForeignKeysBack() throws {
        let (store, id) = try Self.trained.get()
        let events = try #require(try store.schema(ofJob: id).table(named: "events"))
        #expect(events.foreignKeys.map(\.parentTable) == ["shops", "channels"])
        #expect(events.foreignKeys.map(\.parentKey) == ["shop", "channel"])
    }
}
