import Foundation
import Testing
import SynthTestSupport

/// The QA report of a linked table through the real binary: `qa J TABLE` shows coherence per
/// family and column, the sequence-length histogram and privacy per subject; `report` writes
/// them into the HTML page.
@Suite("Linked-table QA end to end (real binary)", .serialized)
struct LinkedQAEndToEndTests {
    @Test func qaOfALinkedTableShowsCoherenceAndTheSequenceLengthHistogram() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let html = try Fixtures.temporaryDirectory().appendingPathComponent("weights-qa.html")
        let result = try BinaryHarness.run(["-c", """
            load "\(Fixtures.data("chickweight_chicks.csv"))" as chicks
            load "\(Fixtures.data("chickweight_weights.csv"))" as weights
            key chicks.chick
            link weights.chick to=chicks.chick context=true order=day
            train chicks weights epochs=5 seed=1 as j
            qa j table="weights"
            report j table="weights" to="\(html.path)"
            """], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path, "COLUMNS": "100"])
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("Sequences: rows per chicks subject (linked by chick, ordered by day)"), "\(out)")
        #expect(out.contains("coherence") && out.contains("distinct/seq") && out.contains("successive rows"), "\(out)")
        #expect(out.contains("Sequence length (rows per subject)"), "\(out)")
        #expect(out.contains("Privacy (") && out.contains("subjects with their sequences each"), "\(out)")
        #expect(out.contains("Sequence Length (numeric)"), "the per-subject length is a scored column\n\(out)")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("<h2>Sequences</h2>") && page.contains("<b>Sequence length</b>") && page.contains("Successive rows"))
        #expect(page.contains("<td>Coherence</td>"), "coherence is a level of the accuracy table")
        #expect(page.contains("chicks.Diet"), "the subject's column is the context")
    }
}
