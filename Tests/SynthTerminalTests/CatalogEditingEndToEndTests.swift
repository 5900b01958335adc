import Foundation
import Testing
import SynthJobs
import SynthTestSupport

/// `catalog set` through the real binary: a saved catalog's tables, destination and training
/// settings change in place, `catalog show` shows them, the next run is a new job with the
/// changed template (earlier jobs keep theirs), and bad edits are clear errors.
@Suite("Catalog editing (real binary)", .serialized)
struct CatalogEditingEndToEndTests {
    private func run(_ script: String, home: URL, in directory: URL) throws -> BinaryHarness.Result {
        try BinaryHarness.run(["-c", script], in: directory, environment: ["SYNTH_HOME": home.path], timeout: 600)
    }

    @Test func aChangedCatalogRunsWithItsNewTemplate() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let folder = try Fixtures.temporaryDirectory(), home = try Fixtures.temporaryDirectory()
        let source = try SQLiteDatabase(path: folder.appendingPathComponent("fleet.db").path)
        try source.execute(ConnectorsEndToEndTests.fleetSQL.replacingOccurrences(of: "DOUBLE PRECISION", with: "REAL"))
        let first = try run("""
            connector add src kind=sqlite path="fleet.db"
            connector add copies kind=sqlite path="copies.db"
            catalog create fleet from=src tables=["planes"] epochs=1 generate=10 seed=4
            catalog run fleet as first
            watch first
            catalog set fleet add=["flights"] remove=["planes"] generate=12 rows=200 destination=copies
            catalog show fleet
            catalog run fleet as second
            watch second
            job first
            job second
            """, home: home, in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("changed catalog fleet: 1 table of src → copies"), "\(first.stdout)")
        #expect(first.stdout.contains("  tables:      flights\n"), "\(first.stdout)")
        #expect(first.stdout.contains("rows 200, generate 12, seed 4"), "\(first.stdout)")
        // The first job kept its template (planes, no destination); the second has the new one.
        let store = try JobStore(home: home)
        let jobs = try store.jobs().sorted { $0.id < $1.id }
        #expect(jobs.count == 2)
        #expect(try store.tables(ofJob: jobs[0].id).map(\.name) == ["planes"])
        #expect(try store.tables(ofJob: jobs[1].id).map(\.name) == ["flights"])
        #expect(jobs[0].destination == nil && jobs[1].destination == "copies")
        #expect(jobs[1].settings.generatedRows == 12 && jobs[1].settings.maxTrainingRows == 200)
        let copies = try SQLiteDatabase(path: folder.appendingPathComponent("copies.db").path)
        #expect(try copies.query("SELECT count(*) AS n FROM flights").first?["n"].int == 12)

        let cleared = try run("catalog set fleet destination=\"-\"; catalog show fleet", home: home, in: folder)
        #expect(cleared.status == 0 && cleared.stdout.contains("destination: - (the job's folder)"), "\(cleared.stdout)\(cleared.stderr)")
        let unknown = try run("catalog set fleet add=[\"trains\"]", home: home, in: folder)
        #expect(unknown.status != 0 && unknown.stderr.contains("no such table 'trains'"), "\(unknown.stderr)")
        let empty = try run("catalog set fleet remove=[\"flights\"]", home: home, in: folder)
        #expect(empty.status != 0 && empty.stderr.contains("a catalog needs at least one table"), "\(empty.stderr)")
        let nothing = try run("catalog set fleet", home: home, in: folder)
        #expect(nothing.status != 0 && nothing.stderr.contains("say what to change"), "\(nothing.stderr)")
    }
}
