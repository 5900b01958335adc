import SynthData
import Testing
@testable import SynthLanguage

@Suite struct EvaluatorTests {
    private func makeEvaluator() throws -> (Evaluator, CollectingOutput) {
        let output = CollectingOutput()
        let session = Session(baseDirectory: "/nonexistent", seed: 5)
        let table = try Table(columns: [
            Column(name: "id", values: .int64([1, 2, 3, 4, 5])),
            Column(name: "price", values: .double([9.5, 20, 31.25, 4, 50]), validity: ValidityBitmap([true, true, true, false, true])),
            Column(name: "cut", values: .string(StringArray(["Ideal", "Good", "Ideal", "Fair", "Good"]))),
            Column(name: "day", values: .date([0, 31, 59, 365, 400])),
        ])
        session.bind("d", to: .table(table, name: "d"))
        return (Evaluator(session: session, output: output), output)
    }

    private func texts(_ output: CollectingOutput) -> [String] {
        output.items.compactMap { if case .text(let t) = $0 { t } else { nil } }
    }

    @Test func cellsAreNumberedAndAddressable() throws {
        let (evaluator, output) = try makeEvaluator()
        #expect(evaluator.run(SourceFile(name: "a", text: "count d"), cells: .single) == .success)
        #expect(evaluator.run(SourceFile(name: "b", text: "filter d cut == \"Ideal\""), cells: .single) == .success)
        #expect(evaluator.run(SourceFile(name: "c", text: "count _; count out2 price > 10"), cells: .single) == .success)
        #expect(texts(output) == ["5", "2", "1"])
        #expect(evaluator.session.cells[1]?.output == .integer(5))
        #expect(evaluator.session.cells[3]?.output == .integer(1), "a cell keeps its last result")
        #expect(evaluator.session.nextCellNumber == 4)
    }

    @Test func conditionsOverEveryType() throws {
        let (evaluator, output) = try makeEvaluator()
        let script = """
        count d price > 10
        count d price is null
        count d not (price < 10)
        count d cut != "Good" and id >= 2
        count d day >= "1970-02-01"
        count d price > id
        count d cut < "H"
        """
        #expect(evaluator.run(SourceFile(name: "c", text: script)) == .success)
        #expect(texts(output) == ["3", "1", "4", "2", "4", "4", "3"])
    }

    @Test func bindingErrorsAreLocated() throws {
        let (evaluator, output) = try makeEvaluator()
        #expect(evaluator.run(SourceFile(name: "c", text: "show d limit=\"x\"")) == .runtimeError)
        #expect(evaluator.run(SourceFile(name: "c", text: "show d 1 2")) == .runtimeError)
        #expect(evaluator.run(SourceFile(name: "c", text: "select d pricee")) == .runtimeError)
        #expect(evaluator.run(SourceFile(name: "c", text: "filter")) == .runtimeError)
        #expect(evaluator.run(SourceFile(name: "c", text: "count d cut > 3")) == .runtimeError)
        let messages = output.diagnostics.map(\.message)
        #expect(messages == ["`limit` must be an integer, not a string (\"x\")",
                             "too many arguments for `show`",
                             "unknown column `pricee`",
                             "`filter` needs a `table` argument",
                             "cannot compare column `cut` (string) with an integer (3)"])
        #expect(output.diagnostics[2].hint == "did you mean `price`?")
        #expect(output.diagnostics[2].range == SourceRange(9, 15))
    }

    @Test func timeReportsDuration() throws {
        let (evaluator, output) = try makeEvaluator()
        #expect(evaluator.run(SourceFile(name: "c", text: "time count d")) == .success)
        let messages = output.items.compactMap { if case .message(let m) = $0 { m } else { nil } }
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("time: ") == true)
        #expect(messages.first?.hasSuffix(" ms") == true || messages.first?.hasSuffix(" s") == true)
    }

    @Test func sampleIsReproducibleBySeed() throws {
        let (evaluator, _) = try makeEvaluator()
        evaluator.run(SourceFile(name: "c", text: "sample d 3 seed=9 as a; sample d 3 seed=9 as b; sample d 0.4 as c"))
        let a = try #require(evaluator.session.table(named: "a"))
        #expect(a.rowCount == 3)
        #expect(a == evaluator.session.table(named: "b"))
        #expect(evaluator.session.table(named: "c")?.rowCount == 2)
        #expect(evaluator.session.recorded.last?.hasPrefix("sample d 0.4 seed=") == true)
    }

    @Test func laterModulesRegisterCommands() throws {
        let (evaluator, output) = try makeEvaluator()
        evaluator.registry.register(CommandSpec(
            name: "rows", group: "Test", summary: "Row count times a factor.",
            arguments: [ArgumentSpec("table", .table, positional: true, required: true, help: "t"),
                        ArgumentSpec("factor", .integer, default: "1", help: "f")],
            changesState: false
        ) { context in
            let table = try context.arguments.table("table")
            let value = Int64(table.rowCount) * (context.arguments.integer("factor") ?? 1)
            context.output.emit(.text(String(value)))
            return .integer(value)
        })
        #expect(evaluator.run(SourceFile(name: "c", text: "rows d factor=3")) == .success)
        #expect(texts(output) == ["15"])
        #expect(HelpText.overview(evaluator.registry).contains("rows      Row count times a factor."))
        #expect(evaluator.run(SourceFile(name: "c", text: "rows d fator=3")) == .runtimeError)
        #expect(output.diagnostics.last?.hint == "did you mean `factor`?")
    }

    @Test func quitStopsTheScript() throws {
        let (evaluator, output) = try makeEvaluator()
        #expect(evaluator.run(SourceFile(name: "c", text: "count d; quit; count d")) == .success)
        #expect(texts(output) == ["5"])
        #expect(evaluator.quitRequested)
    }

    @Test func normalFormIsCanonical() throws {
        let (evaluator, _) = try makeEvaluator()
        let script = """
        select d   [cut,"price"]   as s1
        filter d (cut=="Ideal" and price>9) or price is null as f1
        let   n=  3
        """
        #expect(evaluator.run(SourceFile(name: "c", text: script)) == .success)
        #expect(evaluator.session.recorded == [
            "select d cut price as s1",
            "filter d cut == \"Ideal\" and price > 9 or price is null as f1",
            "let n = 3",
        ])
    }
}
