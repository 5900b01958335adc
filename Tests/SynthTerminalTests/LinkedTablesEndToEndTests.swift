import Foundation
import Testing
import SynthTestSupport
import SynthEngine
import SynthJobs

/// Keys, links and a job over linked tables, through the real binary: detection proposes
/// with reasons, bad declarations are errors with a caret, `train A B` stores each table's
/// key, context link and order column, and `session save` replays the same schema.
@Suite("Linked tables end to end (real binary)", .serialized)
struct LinkedTablesEndToEndTests {
    static let load = """
        load "\(Fixtures.data("chickweight_chicks.csv"))" as chicks
        load "\(Fixtures.data("chickweight_weights.csv"))" as weights

        """

    private func run(_ script: String, home: URL) throws -> BinaryHarness.Result {
        try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
    }

    @Test func detectionProposesKeyAndContextLinkWithReasons() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let result = try run(Self.load + "links", home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("chicks.chick") && result.stdout.contains("unique and never null in 50 rows"), "\(result.stdout)")
        #expect(result.stdout.contains("all 578 non-null values are chicks.chick keys; same column name"), "\(result.stdout)")
        #expect(result.stdout.contains("`link weights.chick to=chicks.chick order=day`"), "\(result.stdout)")
        // weights.day (0…21) lies mostly inside the chick ids 1…50, but an integer column
        // needs a name that refers to the table.
        #expect(!result.stdout.contains("weights.day "), "\(result.stdout)")
    }

    @Test func flightsAreProposedAgainstPlanesDespiteUnknownTailNumbers() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let result = try run("""
            load "\(Fixtures.data("nycflights13_planes.csv"))" as planes
            load "\(Fixtures.data("nycflights13_flights.csv"))" as flights
            links accept=true
            columns flights
            """, home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("planes.tailnum keys; same column name"), "\(result.stdout)")
        #expect(result.stdout.contains("→ planes.tailnum (context)"), "\(result.stdout)")
        #expect(result.stdout.contains("orders each planes row's rows"), "columns shows the order column\n\(result.stdout)")
    }

    @Test func badDeclarationsAreErrorsUnderTheArgument() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let cases: [(String, String)] = [
            ("key weights.chick", "weights.chick repeats values"),
            ("key weights.weight_g", "weights.weight_g repeats values"),
            ("link weights.chick to=chicks.Diet", "chicks.Diet repeats values"),
            ("link weights.day to=weights.chick", "a table cannot link to itself"),
            ("link weights.chick to=chicks.chick order=hour", "unknown column `hour` in `weights`"),
            ("link weights.chick to=chicks.chick context=false order=day", "order= orders a subject's rows: it needs a context link"),
            ("unlink weights.chick", "weights.chick has no link"),
            ("train chicks weights", "chicks, weights are not linked to the other tables of this job"),
        ]
        for (command, message) in cases {
            let result = try run(Self.load + command, home: home)
            #expect(result.status != 0, "\(command) succeeded")
            #expect(result.stderr.contains(message), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("^"), "\(command): no caret\n\(result.stderr)")
        }
        // A second context link is refused; a plain foreign key is fine.
        let second = try run(Self.load + """
            load "\(Fixtures.data("chickweight_chicks.csv"))" as pens
            link weights.chick to=chicks.chick
            link weights.day to=pens.chick context=true
            """, home: home)
        #expect(second.status != 0 && second.stderr.contains("weights already has a context link"), "\(second.stderr)")
        let foreign = try run(Self.load + """
            load "\(Fixtures.data("chickweight_chicks.csv"))" as pens
            link weights.chick to=chicks.chick
            link weights.day to=pens.chick
            links
            """, home: home)
        #expect(foreign.status == 0, "\(foreign.stderr)")
        #expect(foreign.stdout.contains("foreign key") && foreign.stderr.contains("name no row of pens"), "\(foreign.stdout)\(foreign.stderr)")
    }

    @Test func trainStoresEveryTablesKeyContextAndOrder() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let result = try run(Self.load + """
            link weights.chick to=chicks.chick order=day
            train chicks weights epochs=1 seed=3 as both
            cancel both
            job both
            """, home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("started job 1 (both) over chicks (50 rows, key chick), weights (578 rows, linked to chicks by chick, ordered by day)"),
                "\(result.stdout)")
        #expect(result.stdout.contains("    chicks: ") && result.stdout.contains("    weights: "), "job lists each table\n\(result.stdout)")
        let store = try JobStore(home: home)
        let tables = try store.tables(ofJob: 1)
        #expect(tables.map(\.name) == ["chicks", "weights"])
        #expect(tables[0].primaryKey == "chick" && tables[0].context == nil)
        #expect(tables[1].context == ForeignKey(column: "chick", parentTable: "chicks") && tables[1].orderColumn == "day")
        #expect(tables.allSatisfy { $0.sourceSHA256 != nil && FileManager.default.fileExists(atPath: $0.sourcePath) })
        #expect(Set(try store.tasks(ofJob: 1).map(\.tableName)) == ["chicks", "weights"])
        // Listed in any order, the subject table still comes first.
        let reversed = try run(Self.load + "link weights.chick to=chicks.chick\ntrain weights chicks epochs=1 as r\ncancel r", home: home)
        #expect(reversed.status == 0, "\(reversed.stderr)")
        #expect(try store.tables(ofJob: 2).map(\.name) == ["chicks", "weights"])
    }

    @Test func sessionSaveReplaysTheSameSchema() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let saved = try Fixtures.temporaryDirectory().appendingPathComponent("linked.synth")
        let result = try run(Self.load + """
            key chicks.chick
            link weights.chick to=chicks.chick order=day
            session save "\(saved.path)"
            """, home: home)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: saved, encoding: .utf8)
        #expect(text.contains("key chicks.chick") && text.contains("link weights.chick to=chicks.chick order=day"), "\(text)")
        let again = try run("run \"\(saved.path)\"\nlinks", home: home)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("declared") && again.stdout.contains("ordered by day"), "\(again.stdout)")
    }
}
