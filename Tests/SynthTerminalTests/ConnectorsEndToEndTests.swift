import Foundation
import Testing
import SynthJobs
import SynthTestSupport

/// Connectors through the real binary: a SQLite file and a real PostgreSQL server (started by
/// the test) holding a planes-like and a flights-like table with a foreign key → `tables`
/// → `load` → `train` → `write` to a second file / schema; the written tables are complete
/// and typed, existing ones are kept without `replace=true`, and no password is ever shown
/// or stored.
@Suite("Connectors end to end (real binary)", .serialized)
struct ConnectorsEndToEndTests {
    /// Planes (40, keyed by tailnum) and flights (300, each with a plane's tailnum).
    static let fleetSQL: String = {
        var sql = """
            CREATE TABLE planes (tailnum TEXT PRIMARY KEY, year INTEGER, seats INTEGER, engine TEXT, jet BOOLEAN);
            CREATE TABLE flights (id INTEGER PRIMARY KEY, tailnum TEXT REFERENCES planes(tailnum), carrier TEXT,
                                  dep_delay DOUBLE PRECISION, flight_date DATE, time_hour TIMESTAMPTZ);

            """
        let engines = ["Turbo-fan", "Turbo-jet", "Reciprocating"]
        for index in 0..<40 {
            sql += "INSERT INTO planes VALUES ('N\(100 + index)', \(1990 + index % 20), \(50 + index * 7 % 150), '\(engines[index % 3])', \(index % 5 == 0 ? "false" : "true"));\n"
        }
        let carriers = ["UA", "AA", "B6", "DL"]
        for index in 0..<300 {
            let delay = index % 11 == 0 ? "NULL" : String(Double(index * 37 % 120) - 15.5)
            let day = 1 + index % 28
            sql += "INSERT INTO flights VALUES (\(index + 1), 'N\(100 + index * 13 % 40)', '\(carriers[index % 4])', \(delay), "
                + "'2013-02-\(day < 10 ? "0" : "")\(day)', '2013-02-\(day < 10 ? "0" : "")\(day) \(5 + index % 17):00:00+00');\n"
        }
        return sql
    }()

    private func run(_ script: String, home: URL, in directory: URL, environment: [String: String] = [:]) throws -> BinaryHarness.Result {
        var extra = environment
        extra["SYNTH_HOME"] = home.path
        return try BinaryHarness.run(["-c", script], in: directory, environment: extra, timeout: 600)
    }

    /// Load, train and write of both tables, then the refusal to overwrite.
    private func roundTrip(source: String, destination: String, home: URL, in directory: URL,
                           environment: [String: String] = [:]) throws -> (first: BinaryHarness.Result, again: BinaryHarness.Result) {
        let script = """
            tables \(source)
            load \(source).planes as planes
            load \(source).flights as flights
            train planes epochs=1 seed=1 generate=25 as jp
            train flights epochs=1 seed=2 generate=120 as jf
            write jp to=\(destination)
            write jf to=\(destination)
            """
        let first = try run(script, home: home, in: directory, environment: environment)
        let again = try run("write 1 to=\(destination)", home: home, in: directory, environment: environment)
        return (first, again)
    }

    @Test func sqliteSourceToSQLiteDestination() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let folder = try Fixtures.temporaryDirectory(), home = try Fixtures.temporaryDirectory()
        let source = try SQLiteDatabase(path: folder.appendingPathComponent("fleet.db").path)
        try source.execute(Self.fleetSQL.replacingOccurrences(of: "DOUBLE PRECISION", with: "REAL"))
        let added = try run("""
            connector add src kind=sqlite path="fleet.db"
            connector add dst kind=sqlite path="synthetic.db"
            connector test src
            connectors
            """, home: home, in: folder)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("read: 2 tables"), "\(added.stdout)")
        let (first, again) = try roundTrip(source: "src", destination: "dst", home: home, in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("tailnum → planes(tailnum)"), "\(first.stdout)")
        #expect(first.stdout.contains("loaded flights: 300 rows × 6 columns from src.flights"), "\(first.stdout)")
        #expect(first.stdout.contains("wrote 1 table (120 rows) of job 2 to dst"), "\(first.stdout)")
        #expect(again.status != 0 && again.stderr.contains("already has a table planes: add replace=true"), "\(again.stderr)")

        let written = try SQLiteDatabase(path: folder.appendingPathComponent("synthetic.db").path)
        #expect(try written.query("SELECT count(*) AS n FROM planes").first?["n"].int == 25)
        #expect(try written.query("SELECT count(*) AS n FROM flights").first?["n"].int == 120)
        let types = try written.query("SELECT name, type FROM pragma_table_info('flights') ORDER BY cid").map { ($0["name"].string ?? "") + ":" + ($0["type"].string ?? "") }
        #expect(types == ["id:INTEGER", "tailnum:TEXT", "carrier:TEXT", "dep_delay:REAL", "flight_date:DATE", "time_hour:TIMESTAMPTZ"], "\(types)")

        // A catalog over both tables: each run is a job of type "catalog" writing to the destination.
        let catalog = try run("""
            connector add copies kind=sqlite path="copies.db"
            catalog create fleet from=src destination=copies epochs=1 generate=15 seed=4
            catalogs
            catalog run fleet as cj
            watch cj
            jobs
            job cj
            """, home: home, in: folder)
        #expect(catalog.status == 0, "\(catalog.stderr)")
        #expect(catalog.stdout.contains("catalog:    fleet") && catalog.stdout.contains("destination: copies"), "\(catalog.stdout)")
        #expect(catalog.stdout.contains("| catalog"), "\(catalog.stdout)")
        let copies = try SQLiteDatabase(path: folder.appendingPathComponent("copies.db").path)
        #expect(try copies.query("SELECT count(*) AS n FROM planes").first?["n"].int == 15)
        // flights is linked to planes (the database's foreign key): its rows follow the 15 planes.
        #expect((try copies.query("SELECT count(*) AS n FROM flights").first?["n"].int ?? 0) > 0)

        let missing = try run("load src.trains as t", home: home, in: folder)
        #expect(missing.status != 0 && missing.stderr.contains("no such table 'trains'; tables: flights, planes"), "\(missing.stderr)")
    }

    @Test func postgresSourceToASecondSchemaWithoutShowingThePassword() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let server = try PostgresServer()
        defer { server.stop() }
        try server.psql(Self.fleetSQL)
        let folder = try Fixtures.temporaryDirectory(), home = try Fixtures.temporaryDirectory()
        let environment = ["SYNTH_TEST_PGPASSWORD": server.password]
        let added = try run("""
            connector add pg kind=postgresql host="127.0.0.1" port=\(server.port) database="postgres" user="\(server.user)" password="env:SYNTH_TEST_PGPASSWORD"
            connector show pg
            connector test pg
            session save "work.synth"
            """, home: home, in: folder, environment: environment)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("password: env:SYNTH_TEST_PGPASSWORD"), "\(added.stdout)")
        #expect(added.stdout.contains("write: yes"), "\(added.stdout)")
        let (first, again) = try roundTrip(source: "pg", destination: "pg.synthetic", home: home, in: folder, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("tailnum → planes(tailnum)"), "\(first.stdout)")
        #expect(again.status != 0 && again.stderr.contains("schema synthetic already has a table planes"), "\(again.stderr)")
        #expect(try server.psql("SELECT count(*) FROM synthetic.planes; SELECT count(*) FROM synthetic.flights;") == "25\n120\n")
        let types = try server.psql("""
            SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) FROM information_schema.columns
            WHERE table_schema = 'synthetic' AND table_name = 'flights';
            """)
        #expect(types == "id:bigint,tailnum:text,carrier:text,dep_delay:double precision,flight_date:date,time_hour:timestamp with time zone\n", "\(types)")

        // A catalog over the server's tables: a catalog job trains, generates, scores and writes
        // both tables (flights linked to planes) into a third schema.
        let catalog = try run("""
            catalog create fleet from=pg destination=pg.from_catalog epochs=1 generate=15 seed=5
            catalog run fleet as cj
            watch cj
            qa cj table="planes"
            job cj
            """, home: home, in: folder, environment: environment)
        #expect(catalog.status == 0, "\(catalog.stderr)")
        #expect(catalog.stdout.contains("type:       catalog") && catalog.stdout.contains("destination: pg.from_catalog"), "\(catalog.stdout)")
        #expect(try server.psql("SELECT count(*) FROM from_catalog.planes; SELECT count(*) > 0 FROM from_catalog.flights;") == "15\nt\n")

        // A wrong password: a clear error, and the password appears nowhere.
        let wrong = try run("connector test pg", home: home, in: folder, environment: ["SYNTH_TEST_PGPASSWORD": "wrong-\(server.password)"])
        #expect(wrong.status != 0 && wrong.stderr.contains("authentication failed for user \(server.user)"), "\(wrong.stderr)")
        for text in [added.stdout, added.stderr, first.stdout, first.stderr, wrong.stderr] {
            #expect(!text.contains(server.password))
        }
        let stored = try Data(contentsOf: home.appendingPathComponent("synth.db"))
        #expect(stored.range(of: Data(server.password.utf8)) == nil)
        let saved = try String(contentsOf: folder.appendingPathComponent("work.synth"), encoding: .utf8)
        #expect(!saved.contains(server.password) && !saved.contains("connector add"), "\(saved)")

        let unreachable = try run("connector add far kind=postgresql host=\"127.0.0.1\" port=1 database=\"x\"\nconnector test far",
                                  home: home, in: folder)
        #expect(unreachable.status != 0 && unreachable.stderr.contains("cannot reach PostgreSQL at 127.0.0.1:1"), "\(unreachable.stderr)")
        let plain = try run("connector add leak kind=postgresql database=\"x\" password=\"hunter2\"", home: home, in: folder)
        #expect(plain.status != 0 && plain.stderr.contains("never the secret itself"), "\(plain.stderr)")
    }

    @Test func folderDestinationWritesEveryTableOrNone() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let folder = try Fixtures.temporaryDirectory(), home = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.data("penguins.csv"), toPath: folder.appendingPathComponent("in/penguins.csv").path)
        let result = try run("""
            connector add src kind=folder path="in"
            connector add out kind=folder path="out" format=csv
            tables src
            load src.penguins as p
            train p epochs=1 seed=1 generate=30 as j
            write j to=out
            connector add later kind=folder path="later" format=csv
            train p epochs=1 seed=2 generate=20 destination=later as k
            watch k
            tasks k
            job k
            """, home: home, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("loaded p: 344 rows × 8 columns from src.penguins"), "\(result.stdout)")
        let written = try String(contentsOf: folder.appendingPathComponent("out/p.csv"), encoding: .utf8)
        #expect(written.split(separator: "\n").count == 31)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
        #expect(leftovers == ["p.csv"], "\(leftovers)")
        // `train … destination=` writes as the job's last task, shown by `tasks` and `job`.
        let later = try String(contentsOf: folder.appendingPathComponent("later/p.csv"), encoding: .utf8)
        #expect(later.split(separator: "\n").count == 21)
        #expect(result.stdout.contains("Writing to destination") && result.stdout.contains("destination: later"), "\(result.stdout)")
        let typo = try run("load \"in/penguins.csv\" as p\ntrain p epochs=1 destination=nowhere", home: home, in: folder)
        #expect(typo.status != 0 && typo.stderr.contains("no connector named 'nowhere'"), "\(typo.stderr)")
    }
}
