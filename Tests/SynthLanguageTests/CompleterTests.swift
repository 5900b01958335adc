import Foundation
import SynthData
import SynthLanguage
import SynthTestSupport
import Testing

@Suite struct CompleterTests {
    private func completer() throws -> (Completer, URL) {
        let directory = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        for name in ["data/one.csv", "data/two.tsv", "data/notes.md", "work.synth"] {
            try Data().write(to: directory.appendingPathComponent(name))
        }
        let session = Session(baseDirectory: directory.path, seed: 1)
        let table = try Table(columns: [Column(name: "price", values: .int64([1])), Column(name: "cut", values: .string(StringArray(["a"]))),
                                        Column(name: "carat", values: .double([1]))])
        session.bind("diamonds", to: .table(table, name: "diamonds"))
        session.bind("dogs", to: .table(table, name: "dogs"))
        return (Completer(registry: .standard(), session: session), directory)
    }

    /// Completes `line` at its end, splitting the word like libedit does.
    private func complete(_ completer: Completer, _ line: String) -> Completer.Result {
        let bytes = Array(line.utf8)
        var start = bytes.count
        while start > 0, !Completer.wordBreakCharacters.utf8.contains(bytes[start - 1]) { start -= 1 }
        return completer.complete(line: line, wordStart: start)
    }

    @Test func commandNames() throws {
        let (completer, _) = try completer()
        #expect(complete(completer, "des").candidates == ["describe"])
        #expect(complete(completer, "de").candidates.contains("describe"))
        #expect(complete(completer, "s").candidates == ["sample", "select", "session", "share", "show", "stop"])
        #expect(complete(completer, "count d; fil").candidates == ["filter"])
    }

    @Test func filePathsFilteredByExtension() throws {
        let (completer, _) = try completer()
        #expect(complete(completer, "load \"").candidates == ["data/"])
        #expect(complete(completer, "load \"").suppressAppend)
        #expect(complete(completer, "load \"data/").candidates == ["data/one.csv\"", "data/two.tsv\""])
        #expect(complete(completer, "load da").candidates == ["\"data/"])
        #expect(complete(completer, "run \"w").candidates == ["work.synth\""])
    }

    @Test func tablesColumnsAndOptions() throws {
        let (completer, _) = try completer()
        #expect(complete(completer, "describe d").candidates == ["diamonds", "dogs"])
        #expect(complete(completer, "select diamonds c").candidates == ["carat", "cut"])
        #expect(complete(completer, "filter diamonds price > 3 and c").candidates == ["carat", "cut"])
        #expect(complete(completer, "sample diamonds 10 se").candidates == ["seed="])
        #expect(complete(completer, "show diamonds li").candidates == ["limit="])
        let shardLabels = complete(completer, "generate 1 rows=10 seed=1 sha").candidates
        #expect(shardLabels.contains("shards=") && shardLabels.contains("shard="), "\(shardLabels)")
        #expect(complete(completer, "generate 1 rows=10 t").candidates.contains("to="))
        #expect(complete(completer, "load \"x.csv\" header=").candidates == ["false", "true"])
        #expect(complete(completer, "help fi").candidates == ["filter"])
        #expect(complete(completer, "session s").candidates == ["save"])
        #expect(complete(completer, "time desc").candidates == ["describe"])
    }

    @Test func wordsFromOtherModules() throws {
        let (base, _) = try completer()
        var registry = base.registry
        registry.register(CommandSpec(
            name: "encode", group: "Test", summary: "Set a column's encoding.",
            arguments: [ArgumentSpec("table", .table, positional: true, required: true, help: "t"),
                        ArgumentSpec("column", .column(of: "table"), positional: true, required: true, help: "c"),
                        ArgumentSpec("type", .encodingType, positional: true, required: true, help: "e")],
            changesState: true
        ) { _ in nil })
        registry.setCompletions(for: .encodingType) { _, _ in ["categorical", "numeric_binned", "numeric_digit"] }
        let completer = Completer(registry: registry, session: base.session)
        #expect(complete(completer, "enc").candidates.contains("encode"))
        #expect(complete(completer, "encode diamonds pr").candidates == ["price"])
        #expect(complete(completer, "encode diamonds price numeric_").candidates == ["numeric_binned", "numeric_digit"])
    }
}
