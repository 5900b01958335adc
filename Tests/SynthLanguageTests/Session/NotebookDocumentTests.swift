import Foundation
import SynthData
import SynthTestSupport
import Testing
@testable import SynthLanguage

/// `session save "x.ipynb"`: each cell with its input and what it showed, as nbformat 4.5.
@Suite struct NotebookDocumentTests {
    private func run(_ evaluator: Evaluator, _ text: String) {
        evaluator.run(SourceFile(name: "cell", text: text), cells: .single)
    }

    @Test func cellsKeepTheirInputsAndOutputs() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session(baseDirectory: directory.path, seed: 1)
        let table = try Table(columns: [Column(name: "name", values: .string(StringArray(["<b>x</b>", "y"]))),
                                        Column(name: "n", values: .int64([1, 2]))])
        session.bind("d", to: .table(table, name: "d"))
        let evaluator = Evaluator(session: session, output: CollectingOutput())
        run(evaluator, "count d")
        run(evaluator, "show d")
        run(evaluator, "describe nosuch")
        run(evaluator, "let x = [")  // incomplete: a syntax error, no cell
        run(evaluator, "session save \"work.ipynb\"")

        let data = try Data(contentsOf: directory.appendingPathComponent("work.ipynb"))
        let notebook = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(notebook["nbformat"] as? Int == 4)
        #expect(notebook["nbformat_minor"] as? Int == 5)
        let kernelspec = (notebook["metadata"] as? [String: Any])?["kernelspec"] as? [String: Any]
        #expect(kernelspec?["name"] as? String == "synth")
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect(cells.count == 4, "count, show, describe and the save itself")
        #expect(cells.map { ($0["source"] as? [String])?.joined() } == ["count d", "show d", "describe nosuch", "session save \"work.ipynb\""])
        #expect(cells.map { $0["execution_count"] as? Int } == [1, 2, 3, 4])

        let countOutput = try #require((cells[0]["outputs"] as? [[String: Any]])?.first)
        #expect(countOutput["output_type"] as? String == "execute_result")
        #expect(((countOutput["data"] as? [String: Any])?["text/plain"] as? [String])?.joined() == "2")

        let tableOutput = try #require((cells[1]["outputs"] as? [[String: Any]])?.first)
        let html = try #require(((tableOutput["data"] as? [String: Any])?["text/html"] as? [String])?.joined())
        #expect(html.contains("<table>"))
        #expect(html.contains("&lt;b&gt;x&lt;/b&gt;"), "values are escaped")
        #expect(!html.contains("<b>x</b>"))

        let errorOutput = try #require((cells[2]["outputs"] as? [[String: Any]])?.first)
        #expect(errorOutput["output_type"] as? String == "error")
        let traceback = (errorOutput["traceback"] as? [String])?.joined(separator: "\n") ?? ""
        #expect(traceback.contains("describe nosuch"))
        #expect(traceback.contains("^"))
    }
}
