import Foundation
import SynthData
import SynthTestSupport
import Testing
@testable import SynthLanguage

/// What `session save` records besides state changes: comments in place, files written
/// (with `replace=true`, so a replay writes them again), and no cell for a comment line.
@Suite struct SessionRecordingTests {
    private func makeEvaluator(in directory: URL) throws -> (Evaluator, CollectingOutput) {
        try Data("name,age\nAda,36\nBob,41\nCy,29\n".utf8).write(to: directory.appendingPathComponent("people.csv"))
        let output = CollectingOutput()
        return (Evaluator(session: Session(baseDirectory: directory.path, seed: 3), output: output), output)
    }

    @Test func commentsAreRecordedInPlaceAndTakeNoCell() throws {
        let directory = try Fixtures.temporaryDirectory()
        let (evaluator, output) = try makeEvaluator(in: directory)
        // REPL entries: one cell each, except a line of only a comment.
        #expect(evaluator.run(SourceFile(name: "[1]", text: "# people, from the survey"), cells: .single) == .success)
        #expect(evaluator.session.nextCellNumber == 1, "a comment-only line takes no cell number")
        #expect(evaluator.run(SourceFile(name: "[1]", text: "load \"people.csv\" as p   # the raw file"), cells: .single) == .success)
        #expect(evaluator.run(SourceFile(name: "[2]", text: "count p  # a look (count itself is not recorded)"), cells: .single) == .success)
        #expect(evaluator.run(SourceFile(name: "[3]", text: "  \n# older than 30\nfilter p age > 30 as old"), cells: .single) == .success)
        #expect(evaluator.session.nextCellNumber == 4)
        #expect(evaluator.session.recorded == [
            "# people, from the survey",
            "load \"people.csv\" as p",
            "# the raw file",
            "# a look (count itself is not recorded)",
            "# older than 30",
            "filter p age > 30 as old",
        ])
        #expect(evaluator.run(SourceFile(name: "[4]", text: "session save \"s.synth\""), cells: .single) == .success)
        #expect(output.items.contains { if case .message(let m) = $0 { m == "saved 2 commands to s.synth" } else { false } })

        // Replaying and saving again gives the same commands and comments, not a second header.
        let saved = try String(contentsOf: directory.appendingPathComponent("s.synth"), encoding: .utf8)
        let (replayed, replayOutput) = try makeEvaluator(in: directory)
        #expect(replayed.run(SourceFile(name: "r", text: "run \"s.synth\"\nsession save \"t.synth\"")) == .success,
                "\(replayOutput.diagnostics)")
        let again = try String(contentsOf: directory.appendingPathComponent("t.synth"), encoding: .utf8)
        func body(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.hasPrefix("# saved ") } }
        #expect(body(again) == body(saved))
        #expect(again.components(separatedBy: "# synth session").count == 2, "one header")
    }

    @Test func writtenFilesAreRecordedWithReplaceAndReplayed() throws {
        let directory = try Fixtures.temporaryDirectory()
        let (evaluator, output) = try makeEvaluator(in: directory)
        let script = """
        load "people.csv" as p
        export p "copy.csv"
        sample p 2 as two
        export two "two.parquet"
        session save "s.synth"
        """
        #expect(evaluator.run(SourceFile(name: "s", text: script)) == .success, "\(output.diagnostics)")
        let saved = try String(contentsOf: directory.appendingPathComponent("s.synth"), encoding: .utf8)
        #expect(saved.contains("\nexport p \"copy.csv\" replace=true\n"))
        #expect(saved.contains("\nexport two \"two.parquet\" replace=true\n"))
        let copy = try Data(contentsOf: directory.appendingPathComponent("copy.csv"))
        let two = try Data(contentsOf: directory.appendingPathComponent("two.parquet"))
        try FileManager.default.removeItem(at: directory.appendingPathComponent("two.parquet"))

        // The replay writes the files again: the deleted one and over the existing one.
        let (replayed, replayOutput) = try makeEvaluator(in: directory)
        #expect(replayed.run(SourceFile(name: "r", text: "run \"s.synth\"")) == .success, "\(replayOutput.diagnostics)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("copy.csv")) == copy)
        #expect(try Data(contentsOf: directory.appendingPathComponent("two.parquet")) == two)
    }

    @Test func savingNeverOverwritesSilently() throws {
        let directory = try Fixtures.temporaryDirectory()
        let (evaluator, output) = try makeEvaluator(in: directory)
        try Data("keep me\n".utf8).write(to: directory.appendingPathComponent("s.synth"))
        #expect(evaluator.run(SourceFile(name: "s", text: "load \"people.csv\" as p\nsession save \"s.synth\"")) == .runtimeError)
        #expect(output.diagnostics.map(\.message).contains { $0.contains("s.synth") && $0.contains("exists") },
                "\(output.diagnostics.map(\.message))")
        #expect(try String(contentsOf: directory.appendingPathComponent("s.synth"), encoding: .utf8) == "keep me\n")
        #expect(evaluator.run(SourceFile(name: "s", text: "session save \"s.synth\" replace=true")) == .success)
        #expect(try String(contentsOf: directory.appendingPathComponent("s.synth"), encoding: .utf8).hasPrefix("# synth session\n"))
    }

    @Test func lexerReportsWhereCommentsAre() {
        let source = SourceFile(name: "c", text: "load \"a#b.csv\" as a # one\n# two\ncount a")
        let comments = Lexer.tokenize(source).comments.map { source.text(of: $0) }
        #expect(comments == ["# one", "# two"])
    }
}
