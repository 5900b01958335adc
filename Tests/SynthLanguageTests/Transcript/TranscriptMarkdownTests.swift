import Foundation
import Testing
@testable import SynthLanguage

@Suite struct TranscriptMarkdownTests {
    @Test func onlySynthBlocksAreReadWithTheirCellNumbersAndLines() {
        let text = """
            # A lesson

            Some prose with `code`.

            ```synth
            # synth session
            ```

            ```synth cell=4
            load "p.csv" as p
            count p
            ```

            ```text
            loaded p
            ```

            ~~~python
            print("no")
            ~~~
            ````synth cell=9
            let s = "```"
            ````
            ```synth
            show p
            """
        let blocks = TranscriptMarkdown.blocks(in: text)
        #expect(blocks.map(\.code) == ["# synth session", "load \"p.csv\" as p\ncount p", "let s = \"```\"", "show p"])
        #expect(blocks.map(\.cell) == [nil, 4, 9, nil])
        #expect(blocks[1].firstLine == 9, "0-based line of `load` in the file")
    }

    @Test func fencesOutgrowTheBackticksInTheirText() {
        #expect(TranscriptMarkdown.fenced("a ``` b", info: "text") == ["````text", "a ``` b", "````"])
        #expect(TranscriptMarkdown.fenced("plain", info: "synth") == ["```synth", "plain", "```"])
    }

    @Test func aSavedTranscriptReadsBackAsItsInputs() throws {
        let output = CollectingOutput()
        let session = Session(baseDirectory: "/nonexistent", seed: 1)
        let evaluator = Evaluator(session: session, output: output)
        evaluator.run(SourceFile(name: "a", text: "let x = 3"), cells: .single)
        evaluator.run(SourceFile(name: "b", text: "# a comment"), cells: .single)
        evaluator.run(SourceFile(name: "c", text: "let s = \"```\"\nlet y = x"), cells: .single)
        evaluator.run(SourceFile(name: "d", text: "count nothing"), cells: .single)
        let text = TranscriptMarkdown.text(of: session, date: Date(timeIntervalSince1970: 0))
        let blocks = TranscriptMarkdown.blocks(in: text)
        #expect(blocks.map(\.code) == [
            "# synth session\n# synth version \(SynthVersion.current)\n# saved 1970-01-01T00:00:00Z",
            "let x = 3", "# a comment", "let s = \"```\"\nlet y = x",
        ], "the failed cell is not replayed")
        #expect(blocks.map(\.cell) == [nil, 1, nil, 2])
        #expect(text.contains("In [3] (failed; not replayed):"))
    }

    @Test func shorthandsExpandOnlyWhereTheyHaveNoOtherMeaning() {
        func expanded(_ text: String) -> String? { REPLShorthand.expanded(SourceFile(name: "x", text: text))?.text }
        #expect(expanded("train?") == "help train")
        #expect(expanded("?train") == "help train")
        #expect(expanded("  out3?? ") == "help out3")
        #expect(expanded("\\timing") == "timer")
        #expect(expanded(".timer off") == "timer off")
        #expect(expanded(".timer maybe") == nil)
        #expect(expanded("count p?") == nil)
        #expect(expanded("train?\ncount p") == nil)
        #expect(expanded("?") == nil)
    }
}
