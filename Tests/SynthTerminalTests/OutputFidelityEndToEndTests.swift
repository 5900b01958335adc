import Foundation
import Testing
import SynthTestSupport

/// A job's synthetic CSV keeps the source's formats (real binary): COMPAS-like timestamps
/// stay `YYYY-MM-DD HH:MM:SS`, dates stay dates, decimals keep their places; `job J` shows
/// the resolved settings; the QA privacy verdicts carry their intervals and never FAIL when
/// the interval covers the threshold.
@Suite("Output fidelity, resolved settings and privacy verdicts (real binary)", .serialized)
struct OutputFidelityEndToEndTests {
    /// 344 rows (penguins-sized: a 69-record holdout).
    static func source(in folder: URL) throws -> String {
        var text = "screening_date,dob,decile_score,priors\n"
        for i in 0..<344 {
            let day = 1 + i % 28, hour = i % 24, minute = (i * 7) % 60, second = (i * 13) % 60
            text += String(format: "2013-01-%02d %02d:%02d:%02d,19%02d-%02d-%02d,%d.%d,%d\n", day, hour, minute, second,
                           50 + i % 45, 1 + i % 12, day, 1 + i % 9, i % 10, i % 7)
        }
        let url = folder.appendingPathComponent("compas-like.csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func syntheticCSVKeepsTheSourceFormats() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let folder = try Fixtures.temporaryDirectory()
        let source = try Self.source(in: folder)
        let script = """
            load "\(source)" as c; train c goal=speed epochs=2 seed=4 as j; watch j
            job j; qa j; download j to="\(folder.path)/synthetic.csv"; download j to="\(folder.path)/synthetic.parquet"
            load "\(folder.path)/synthetic.parquet" as back; export back "\(folder.path)/back.csv"
            """
        let result = try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(result.status == 0, "\(result.stderr)")

        let csv = try String(contentsOfFile: "\(folder.path)/synthetic.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "screening_date,dob,decile_score,priors")
        #expect(lines.count == 345)
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4 else { Issue.record("bad line \(line)"); continue }
            if !f[0].isEmpty {
                #expect(f[0].range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"#, options: .regularExpression) != nil, "\(line)")
            }
            if !f[1].isEmpty { #expect(f[1].range(of: #"^\d{4}-\d\d-\d\d$"#, options: .regularExpression) != nil, "\(line)") }
            if !f[2].isEmpty { #expect(f[2].range(of: #"^-?\d+(\.\d)?$"#, options: .regularExpression) != nil, "\(line)") }
        }
        // The same text after a trip through Parquet.
        #expect(try String(contentsOfFile: "\(folder.path)/back.csv", encoding: .utf8) == csv)

        // Resolved settings: nothing "auto".
        let out = result.stdout
        #expect(!out.contains("auto"), "\(out)")
        #expect(out.contains("training rows: 275 of 344 source rows (69 held out for QA)"), "\(out)")
        #expect(out.contains("epochs: 2 run of at most 2"), "\(out)")
        #expect(out.range(of: #"batch size: \d+ · learning rate: [0-9.e-]+ · time limit: 1m 00s"#, options: .regularExpression) != nil,
                "\(out)")

        // Privacy verdicts: each with its interval; FAIL and PASS only when the whole interval says so.
        let share = try #require(out.split(separator: "\n").first { $0.contains("DCR share") && $0.contains("%") })
        let detail = try #require(out.split(separator: "\n").first { $0.contains("95% interval") })
        let bounds = detail.matches(of: /(\d+\.\d)%/).compactMap { Double($0.1) }
        #expect(bounds.count >= 2, "\(detail)")
        if bounds.count >= 2 {
            if share.contains("FAIL") { #expect(bounds[0] > 55, "\(share) \(detail)") }
            if share.contains("PASS") { #expect(bounds[1] <= 55, "\(share) \(detail)") }
            if bounds[0] <= 55 && bounds[1] > 55 {
                #expect(share.contains("INCONCLUSIVE"), "\(share)")
                #expect(detail.contains("holdout too small: 69 records; a verdict needs about"), "\(detail)")
            }
        }
    }
}
