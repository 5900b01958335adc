import Foundation
import Testing
import SynthConnectors
import SynthData
import SynthJobs
import SynthTestSupport

/// Catalogs as full templates through the real binary: keys and links read from the
/// database's schema, encoding overrides, per-table settings, each change checked at once,
/// `session save` making the same catalog again; a catalog job over planes → flights trains a
/// subject and a linked table and writes both to a SQLite file, a PostgreSQL schema and a
/// folder in one write with the key relation intact; a destination that cannot take the
/// tables is refused before the job starts.
@Suite("Catalog templates (real binary)", .serialized)
struct CatalogTemplateEndToEndTests {
    private func run(_ script: String, home: URL, in directory: URL, environment: [String: String] = [:]) throws -> BinaryHarness.Result {
        var extra = environment
        extra["SYNTH_HOME"] = home.path
        return try BinaryHarness.run(["-c", script], in: directory, environment: extra, timeout: 600)
    }

    /// A folder with fleet.db (planes 40, flights 300, flights.tailnum → planes.tailnum).
    private func fleet() throws -> (folder: URL, home: URL) {
        let folder = try Fixtures.temporaryDirectory(), home = try Fixtures.temporaryDirectory()
        let source = try SQLiteDatabase(path: folder.appendingPathComponent("fleet.db").path)
        try source.execute(ConnectorsEndToEndTests.fleetSQL.replacingOccurrences(of: "DOUBLE PRECISION", with: "REAL"))
        return (folder, home)
    }

    @Test func aCatalogIsAShownCheckedAndReplayedTemplate() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let (folder, home) = try fleet()
        let made = try run("""
            connector add src kind=sqlite path="fleet.db"
            connector add copies kind=sqlite path="copies.db"
            catalog create fleet from=src destination=copies epochs=1 seed=4
            catalog encode fleet flights.carrier as categorical
            catalog set fleet table="flights" epochs=2 rows=250 time=1.5
            catalog set fleet table="planes" generate=12
            catalog show fleet
            session save "fleet.synth"
            """, home: home, in: folder)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("    planes: key tailnum\n      settings: generate 12"), "\(made.stdout)")
        #expect(made.stdout.contains("    flights: key id; tailnum → planes.tailnum, context"), "keys and links from the schema\n\(made.stdout)")
        #expect(made.stdout.contains("      settings: epochs 2, rows 250, time 1.5 min, carrier as categorical"), "\(made.stdout)")
        let saved = try String(contentsOf: folder.appendingPathComponent("fleet.synth"), encoding: .utf8)
        #expect(saved.contains("catalog create") && saved.contains("replace=true") && saved.contains("as categorical"), "\(saved)")

        // The saved session makes the same catalog again, over the one the store holds.
        let shown = try run("catalog show fleet", home: home, in: folder)
        let replayed = try BinaryHarness.run(["fleet.synth"], in: folder, environment: ["SYNTH_HOME": home.path], timeout: 600)
        #expect(replayed.status == 0, "\(replayed.stderr)")
        let again = try run("catalog show fleet", home: home, in: folder)
        func template(_ text: String) -> String { text.split(separator: "\n").filter { !$0.contains("created:") }.joined(separator: "\n") }
        #expect(template(again.stdout) == template(shown.stdout), "\(again.stdout)\n---\n\(shown.stdout)")

        // Links and keys change, and a table of the catalog is read with them.
        let relinked = try run("""
            catalog link fleet flights.tailnum to=planes.tailnum context=false
            catalog show fleet
            catalog link fleet flights.tailnum to=planes.tailnum order=flight_date
            catalog unlink fleet flights.tailnum
            catalog show fleet
            catalog encode fleet flights.carrier as auto
            """, home: home, in: folder)
        #expect(relinked.status == 0, "\(relinked.stderr)")
        #expect(relinked.stdout.contains("    flights: key id; tailnum → planes.tailnum\n"), "a plain foreign key\n\(relinked.stdout)")
        #expect(relinked.stdout.contains("linked flights.tailnum → planes.tailnum (context: planes is the subject of flights, ordered by flight_date)"),
                "\(relinked.stdout)")
        #expect(relinked.stdout.contains("    flights: key id\n"), "unlinked\n\(relinked.stdout)")

        // Each bad change is a clear error, and the template stays as it was.
        let bad: [(String, String)] = [
            ("catalog encode fleet flights.carier as categorical", "table flights of catalog fleet has no column 'carier'"),
            ("catalog encode fleet trains.carrier as categorical", "catalog fleet has no table 'trains'"),
            ("catalog encode fleet flights.carrier as categorcal", "unknown encoding type 'categorcal'"),
            ("catalog encode fleet flights.carrier", "say which encoding"),
            ("catalog link fleet flights.tailnum to=planes.year", "the primary key of planes is tailnum"),
            ("catalog link fleet flights.tailnum to=flights.id", "a table cannot link to itself"),
            ("catalog link fleet flights.tailnum to=planes.tailnum order=nothing", "flights has no column 'nothing'"),
            ("catalog set fleet table=\"trains\" epochs=3", "catalog fleet has no table 'trains'"),
            ("catalog set fleet table=\"flights\" seed=3", "`seed` is a setting of the whole job"),
            ("catalog set fleet time=0", "a number above 0"),
            ("catalog unlink fleet flights.carrier", "flights.carrier has no link in catalog fleet"),
            ("catalog key fleet planes.nothing", "table planes of catalog fleet has no column 'nothing'"),
        ]
        for (command, message) in bad {
            let result = try run(command, home: home, in: folder)
            #expect(result.status != 0 && result.stderr.contains(message), "\(command): \(result.stderr)")
        }
        let after = try run("catalog show fleet", home: home, in: folder)
        #expect(after.stdout.contains("    flights: key id\n      settings: epochs 2, rows 250, time 1.5 min\n"), "\(after.stdout)")
    }

    /// With two foreign keys, flights' context is the key into the larger table (planes); the
    /// one into the lookup table (airlines) stays a plain foreign key, and a linked table's
    /// row count cannot be set (its rows follow its subjects).
    @Test func theContextLinkIsTheKeyIntoTheLargerTable() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let folder = try Fixtures.temporaryDirectory(), home = try Fixtures.temporaryDirectory()
        var sql = """
            CREATE TABLE airlines (carrier TEXT PRIMARY KEY, name TEXT);
            CREATE TABLE planes (tailnum TEXT PRIMARY KEY, seats INTEGER);
            CREATE TABLE flights (id INTEGER PRIMARY KEY, tailnum TEXT REFERENCES planes(tailnum),
                                  carrier TEXT REFERENCES airlines(carrier), day INTEGER);
            INSERT INTO airlines VALUES ('UA', 'United'), ('AA', 'American');

            """
        for index in 0..<10 { sql += "INSERT INTO planes VALUES ('N\(index)', \(50 + index));\n" }
        for index in 0..<40 { sql += "INSERT INTO flights VALUES (\(index), 'N\(index % 10)', '\(index % 2 == 0 ? "UA" : "AA")', \(index));\n" }
        try SQLiteDatabase(path: folder.appendingPathComponent("fleet.db").path).execute(sql)
        let result = try run("""
            connector add src kind=sqlite path="fleet.db"
            catalog create fleet from=src
            catalog show fleet
            """, home: home, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("    flights: key id; tailnum → planes.tailnum, context, ordered by day; carrier → airlines.carrier\n"),
                "\(result.stdout)")
        let linked = try run("catalog set fleet table=\"flights\" generate=5", home: home, in: folder)
        #expect(linked.status != 0 && linked.stderr.contains("flights is linked to planes: its rows follow the generated planes rows"),
                "\(linked.stderr)")

        // The user makes airlines the context instead: planes is then only a foreign key, and
        // the whole job runs. Both airlines have 20 flights: a length two subjects share is
        // one value protection hides, so flights gets no rows, says why, and has no QA report
        // (it had failed the job with "column 'carrier' … is missing").
        let relinked = try run("""
            catalog link fleet flights.carrier to=airlines.carrier context=true order=day
            catalog show fleet
            catalog set fleet epochs=1 seed=3
            catalog run fleet as j
            watch j
            logs j
            """, home: home, in: folder)
        #expect(relinked.stdout.contains("the 2 generated subjects of airlines have no flights rows: value protection hides"),
                "\(relinked.stdout)")
        #expect(relinked.stdout.contains("no QA report: there are no synthetic rows to score"))
        #expect(relinked.status == 0, "\(relinked.stderr)")
        #expect(relinked.stdout.contains("flights: key id; carrier → airlines.carrier, context, ordered by day; tailnum → planes.tailnum"),
                "\(relinked.stdout)")
        let store = try JobStore(home: home)
        let job = try #require(try store.jobs().first)
        #expect(job.status == .finished, "\(job.status)")
        let tasks = try store.tasks(ofJob: job.id)
        #expect(tasks.filter { $0.kind == .qaReport && $0.status == .finished }.count == 3, "\(tasks.map { ($0.tableName, $0.kind, $0.status, $0.message ?? "") })")
    }

    /// Every key of `child.column` in the SQLite file is a key of `parent.key`.
    private func danglingKeys(_ database: SQLiteDatabase) throws -> Int {
        try database.query("""
            SELECT count(*) AS n FROM flights f WHERE f.tailnum IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM planes p WHERE p.tailnum = f.tailnum)
            """).first?["n"].int.map { Int($0) } ?? -1
    }

    @Test func aCatalogJobOverLinkedTablesWritesEveryTableInOneGo() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let (folder, home) = try fleet()
        let result = try run("""
            connector add src kind=sqlite path="fleet.db"
            connector add copies kind=sqlite path="copies.db"
            connector add out kind=folder path="out"
            catalog create fleet from=src destination=copies epochs=1 seed=4 generate=20
            catalog run fleet as first
            watch first
            job first
            catalog set fleet destination=out
            catalog run fleet as second
            watch second
            """, home: home, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("flights (300 rows") || result.stdout.contains("flights 300 rows"), "\(result.stdout)")
        let store = try JobStore(home: home)
        let jobs = try store.jobs().sorted { $0.id < $1.id }
        #expect(jobs.count == 2 && jobs.allSatisfy { $0.status == .finished && $0.type == .catalog }, "\(jobs.map(\.status))")
        // The catalog's keys and links are the job's schema: planes is the subject of flights.
        let tables = try store.tables(ofJob: jobs[0].id)
        #expect(tables.map(\.name) == ["planes", "flights"])
        #expect(tables[0].primaryKey == "tailnum" && tables[1].context?.parentTable == "planes" && tables[1].context?.column == "tailnum")
        // One writing task for the whole job, last; QA done for both tables.
        let tasks = try store.tasks(ofJob: jobs[0].id)
        #expect(tasks.filter { $0.kind == .writingDestination }.count == 1 && tasks.last?.kind == .writingDestination)
        #expect(tasks.filter { $0.kind == .qaReport && $0.status == .finished }.count == 2)

        let copies = try SQLiteDatabase(path: folder.appendingPathComponent("copies.db").path)
        #expect(try copies.query("SELECT count(*) AS n FROM planes").first?["n"].int == 20)
        #expect((try copies.query("SELECT count(*) AS n FROM flights").first?["n"].int ?? 0) > 0)
        #expect(try danglingKeys(copies) == 0, "every synthetic flight's plane is a synthetic plane")
        let declared = try copies.query("SELECT \"table\" AS t, \"from\" AS f FROM pragma_foreign_key_list('flights')")
        #expect(declared.map { ($0["t"].string ?? "") + "." + ($0["f"].string ?? "") } == ["planes.tailnum"], "the key is declared")

        // The folder holds both tables and nothing else.
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).sorted()
        #expect(written == ["flights.parquet", "planes.parquet"], "\(written)")
        let planes = try ParquetReader(path: folder.appendingPathComponent("out/planes.parquet").path).readTable()
        let flights = try ParquetReader(path: folder.appendingPathComponent("out/flights.parquet").path).readTable()
        let keys = try planes.column(named: "tailnum"), refs = try flights.column(named: "tailnum")
        let known = Set((0..<keys.count).map { keys.formattedCell($0) })
        #expect((0..<refs.count).allSatisfy { refs.isNull($0) || known.contains(refs.formattedCell($0)) })
    }

    /// `train planes flights destination=…` writes both tables there, once, with their key.
    @Test func aLinkedTrainWritesEveryTableToItsDestination() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let (folder, home) = try fleet()
        let result = try run("""
            connector add src kind=sqlite path="fleet.db"
            connector add copies kind=sqlite path="copies.db"
            load src.planes as planes
            load src.flights as flights
            key planes.tailnum
            link flights.tailnum to=planes.tailnum
            train planes flights epochs=1 seed=2 generate=10 destination=copies as j
            watch j
            """, home: home, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let copies = try SQLiteDatabase(path: folder.appendingPathComponent("copies.db").path)
        #expect(try copies.query("SELECT count(*) AS n FROM planes").first?["n"].int == 10)
        #expect(try danglingKeys(copies) == 0)
    }

    @Test func aCatalogJobWritesBothTablesToASecondPostgresSchema() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let server = try PostgresServer()
        defer { server.stop() }
        try server.psql(ConnectorsEndToEndTests.fleetSQL)
        let folder = try Fixtures.temporaryDirectory(), home = try Fixtures.temporaryDirectory()
        let environment = ["SYNTH_TEST_PGPASSWORD": server.password]
        let result = try run("""
            connector add pg kind=postgresql host="127.0.0.1" port=\(server.port) database="postgres" user="\(server.user)" password="env:SYNTH_TEST_PGPASSWORD"
            catalog create fleet from=pg destination=pg.synthetic epochs=1 seed=6 generate=25
            catalog show fleet
            catalog run fleet as cj
            watch cj
            qa cj table="flights"
            """, home: home, in: folder, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("    flights: key id; tailnum → planes.tailnum, context"), "\(result.stdout)")
        #expect(try server.psql("SELECT count(*) FROM synthetic.planes;") == "25\n")
        #expect(try server.psql("""
            SELECT count(*) FROM synthetic.flights f WHERE f.tailnum IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM synthetic.planes p WHERE p.tailnum = f.tailnum);
            """) == "0\n", "every synthetic flight's plane is a synthetic plane")
        #expect(try server.psql("SELECT count(*) > 0 FROM synthetic.flights;") == "t\n")
        #expect(try server.psql("""
            SELECT count(*) FROM information_schema.table_constraints
            WHERE table_schema = 'synthetic' AND table_name = 'flights' AND constraint_type = 'FOREIGN KEY';
            """) == "1\n", "the foreign key is declared")

        // Run again: the schema holds the tables, so the job is refused before it starts …
        let before = try JobStore(home: home).jobs().count
        let again = try run("catalog run fleet", home: home, in: folder, environment: environment)
        #expect(again.status != 0 && again.stderr.contains("schema synthetic already has tables planes, flights"), "\(again.stderr)")
        #expect(again.stderr.contains("overwrite=true"), "\(again.stderr)")
        #expect(try JobStore(home: home).jobs().count == before, "no job was started")
        // … unless the template says to replace them.
        let replaced = try run("catalog set fleet overwrite=true generate=30\ncatalog run fleet as again\nwatch again", home: home, in: folder,
                               environment: environment)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try server.psql("SELECT count(*) FROM synthetic.planes;") == "30\n")
    }

    @Test func aDestinationThatCannotTakeTheTablesIsRefusedBeforeTheJob() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let (folder, home) = try fleet()
        let setup = try run("""
            connector add src kind=sqlite path="fleet.db"
            connector add deep kind=folder path="missing/deeper/out"
            connector add gone kind=folder path="gone"
            connector add same kind=sqlite path="fleet.db"
            catalog create unwritable from=src destination=deep epochs=1
            catalog create existing from=src destination=same epochs=1
            catalog create orphan from=src destination=gone epochs=1
            connector remove gone
            load src.planes as planes
            """, home: home, in: folder)
        #expect(setup.status == 0, "\(setup.stderr)")
        let refused: [(String, String)] = [
            ("catalog run unwritable", "cannot create the folder"),
            ("catalog run existing", "already has tables planes, flights"),
            ("catalog run orphan", "no connector named 'gone'"),
            ("load src.planes as planes\ntrain planes epochs=1 destination=same", "already has a table planes"),
            ("load src.planes as planes\ntrain planes epochs=1 as j\nwatch j\ngenerate j rows=10 to=\"/proc/no/such/folder\"", "cannot create the folder"),
        ]
        for (script, message) in refused {
            let before = try JobStore(home: home).jobs().filter { $0.destination != nil }.count
            let result = try run(script, home: home, in: folder)
            #expect(result.status != 0 && result.stderr.contains(message), "\(script): \(result.stderr)")
            #expect(result.stderr.contains("not started") || result.stderr.contains("no connector named"), "\(result.stderr)")
            let after = try JobStore(home: home).jobs().filter { $0.destination != nil }.count
            #expect(after == before, "\(script): no job was started")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("missing").path))
    }
}
