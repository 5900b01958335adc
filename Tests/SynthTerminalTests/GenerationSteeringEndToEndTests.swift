import Foundation
import Testing
import SynthTestSupport

/// Steering generation through the real binary: seeds on any columns (unknown columns are an
/// error, unseen values a warning), `impute`, `rebalance=`, `temperature=` and `top_p=`.
@Suite("Generation steering end to end (real binary)", .serialized)
struct GenerationSteeringEndToEndTests {
    private func run(_ script: String, home: URL) throws -> BinaryHarness.Result {
        try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
    }

    /// Rows of a CSV written by synth, as fields (penguins has no quoted fields).
    private func rows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func seedImputeRebalanceAndSampling() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let out = try Fixtures.temporaryDirectory().path
        try "body_mass_g,sex\n9000,female\n3000,male\n".write(toFile: "\(out)/odd.csv", atomically: true, encoding: .utf8)
        let script = """
            load "examples/data/penguins.csv" as p; export p "\(out)/source.csv"
            train p epochs=3 seed=5 flexible=true as j; watch j
            load "\(out)/odd.csv" as odd; generate j from=odd seed=2 as f; watch f; download f to="\(out)/f.csv"
            impute j table=p columns=[sex] seed=3 as i; watch i; download i to="\(out)/i.csv"
            generate j rows=300 rebalance=sex shares="female=0.7" seed=4 as r; watch r; download r to="\(out)/r.csv"
            generate j rows=200 rebalance=species seed=4 as e; watch e; download e to="\(out)/e.csv"
            generate j rows=100 temperature=0 seed=5 as t; watch t; download t to="\(out)/t.csv"
            generate j rows=100 top_p=0.5 rare=sample seed=6 as n; watch n; download n to="\(out)/n.csv"
            generate j rows=300 fair=sex sensitive=[species] seed=7 as fa; watch fa; logs fa
            """
        let result = try run(script, home: home)
        #expect(result.status == 0, "\(result.stderr)")
        // A seed value the model never saw (9000 g is above the protected maximum) is kept, with a warning.
        #expect((result.stdout + result.stderr).contains("'body_mass_g' has 1 value the model never saw"), "\(result.stdout)")
        let seeded = try rows("\(out)/f.csv")
        #expect(seeded.map { [$0[5], $0[6]] } == [["9000", "female"], ["3000", "male"]])
        // impute fills the nulls of sex and keeps every other cell.
        let source = try rows("\(out)/source.csv"), imputed = try rows("\(out)/i.csv")
        #expect(source.count == imputed.count)
        for (s, i) in zip(source, imputed) {
            #expect(Array(s[0..<6]) + [s[7]] == Array(i[0..<6]) + [i[7]])
            if s[6].isEmpty { #expect(i[6] == "female" || i[6] == "male") } else { #expect(i[6] == s[6]) }
        }
        #expect(source.contains { $0[6].isEmpty })
        // rebalance: exact target counts.
        let rebalanced = try rows("\(out)/r.csv")
        #expect(rebalanced.filter { $0[6] == "female" }.count == 210)
        let equal = try rows("\(out)/e.csv")
        #expect(Dictionary(grouping: equal, by: { $0[0] }).mapValues(\.count).values.sorted() == [66, 67, 67])
        // temperature 0: the mode every time.
        #expect(Set(try rows("\(out)/t.csv").map { $0[0] }).count == 1)
        #expect(try rows("\(out)/n.csv").count == 100)
        #expect(result.stdout.contains("fairness: parity gap of sex over species: training "), "\(result.stdout)")
    }

    @Test func badSteeringRequestsAreClearErrors() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let out = try Fixtures.temporaryDirectory().path
        try "species,colour,wingspan\nAdelie,red,3\n".write(toFile: "\(out)/bad.csv", atomically: true, encoding: .utf8)
        let train = try run("load \"examples/data/penguins.csv\" as p; train p epochs=1 seed=1 as j; watch j", home: home)
        #expect(train.status == 0, "\(train.stderr)")
        let cases: [(String, String)] = [
            ("load \"\(out)/bad.csv\" as b; generate 1 from=b", "'colour', 'wingspan'"),
            ("generate 1 rows=10 temperature=-1", "temperature must be zero or positive"),
            ("generate 1 rows=10 top_p=0", "top_p must be in (0, 1]"),
            ("generate 1 rows=10 rebalance=island shares=\"Atlantis=0.5\"", "no category 'Atlantis'"),
            ("generate 1 rows=10 rebalance=body_mass_g", "needs a categorical column"),
            ("generate 1 rows=10 rebalance=sex shares=\"female=0.8, male=0.8\"", "more than 1"),
            ("generate 1 rows=10 shares=\"female=1\"", "needs `rebalance=COLUMN`"),
            ("generate 1 rows=10 fair=sex", "needs `sensitive=[COLUMN, …]`"),
            ("generate 1 rows=10 fair=sex sensitive=[sex]", "cannot also be a sensitive column"),
            ("generate 1 rows=10 fair=sex sensitive=[race]", "'race'"),
            ("load \"examples/data/penguins.csv\" as p; impute 1 table=p columns=[nope]", "nope"),
        ]
        for (script, message) in cases {
            let result = try run(script, home: home)
            #expect(result.status != 0, "\(script)")
            #expect(result.stderr.contains(message), "\(script): \(result.stderr)")
        }
        // Nothing was started by the rejected requests.
        let jobs = try run("jobs", home: home)
        #expect(!jobs.stdout.contains("generate"), "\(jobs.stdout)")
    }
}
