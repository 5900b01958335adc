import Foundation
import Testing
import SynthEngine
import SynthTestSupport
@testable import SynthJobs

/// Catalog templates in the store: tables with keys, links and their own settings round-trip;
/// catalogs of older stores (only table names) open as tables without keys; `replace` makes a
/// catalog again; a job's per-table settings reach its tasks through `forTable`; a job with a
/// destination has one writing task, after every table's tasks.
@Suite("Catalogs in the store")
struct CatalogStoreTests {
    static func record(name: String = "fleet") -> CatalogRecord {
        CatalogRecord(name: name, connector: "src", tables: [
            CatalogTable(schema: TableSchema(name: "planes", primaryKey: "tailnum"), columns: ["tailnum", "seats"],
                         settings: TableSettings(generatedRows: 12)),
            CatalogTable(schema: TableSchema(name: "flights", primaryKey: "id",
                                             context: ForeignKey(column: "tailnum", parentTable: "planes", parentKey: "tailnum"),
                                             foreignKeys: [ForeignKey(column: "carrier", parentTable: "airlines", parentKey: "carrier")]),
                         columns: ["id", "tailnum", "carrier"],
                         settings: TableSettings(maxEpochs: 3, maxTrainingMinutes: 1.5, encodings: ["carrier": "categorical"])),
        ], destination: "copies", settings: JobSettings(maxEpochs: 1))
    }

    @Test func aTemplateRoundTripsAndBecomesAJobSchemaAndSettings() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        try store.addCatalog(Self.record())
        let read = try store.catalog(named: "fleet")
        #expect(read.tables == Self.record().tables)
        // The link into a table the catalog does not hold is left out of the job.
        let schema = try read.jobSchema()
        #expect(schema.dependencyOrder.map(\.name) == ["planes", "flights"])
        #expect(schema.table(named: "flights")?.foreignKeys == [] && schema.table(named: "flights")?.context?.parentTable == "planes")
        let settings = read.jobSettings
        #expect(settings.forTable("flights").maxEpochs == 3 && settings.forTable("flights").maxTrainingMinutes == 1.5)
        #expect(settings.forTable("flights").encodings == ["carrier": "categorical"])
        #expect(settings.forTable("planes").maxEpochs == 1 && settings.forTable("planes").generatedRows == 12)
        #expect(settings.forTable("other") == settings)

        #expect(throws: JobStoreError.self) { try store.addCatalog(Self.record()) }
        var changed = Self.record()
        changed.tables.removeLast()
        try store.addCatalog(changed, replace: true)
        #expect(try store.catalog(named: "fleet").tableNames == ["planes"])
    }

    @Test func aCatalogOfAnOlderStoreOpensAsTablesWithoutKeys() throws {
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        let settings = String(decoding: try JSONEncoder().encode(JobSettings()), as: UTF8.self)
        try store.database.run("INSERT INTO catalogs (name, connector, tables_json, destination, settings_json, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                               [.text("old"), .text("src"), .text("[\"planes\",\"flights\"]"), .null, .text(settings), .real(0)])
        let read = try store.catalog(named: "old")
        #expect(read.tableNames == ["planes", "flights"])
        #expect(read.tables.allSatisfy { $0.schema == TableSchema(name: $0.name) && $0.columns.isEmpty && $0.settings.isEmpty })
    }

    @Test func aJobWithADestinationWritesOnceAfterEveryTable() throws {
        let store = try JobStore(home: Fixtures.temporaryDirectory())
        let schema = try Self.record().jobSchema()
        let job = try store.createJob(name: nil, type: .catalog, settings: JobSettings(), tables: schema.tables.map { JobTableRecord(schema: $0) },
                                      tasks: TaskKind.allCases + [.writingDestination], catalog: "fleet", destination: "copies")
        let tasks = try store.tasks(ofJob: job.id)
        #expect(tasks.count == 2 * TaskKind.allCases.count + 1)
        #expect(tasks.filter { $0.kind == .writingDestination }.map(\.tableName) == ["flights"])
        #expect(tasks.last?.kind == .writingDestination)
    }
}
