import SynthData
import Testing
@testable import SynthLanguage

/// `forget`: the session keeps no reference to a forgotten table's data (so its memory is
/// freed), whichever cell results held it.
@Suite struct ForgetCommandTests {
    private func makeEvaluator() throws -> (Evaluator, CollectingOutput) {
        let output = CollectingOutput()
        let session = Session(baseDirectory: "/nonexistent", seed: 5)
        let table = try Table(columns: [
            Column(name: "id", values: .int64(Array(1...1000))),
            Column(name: "cut", values: .string(StringArray((1...1000).map { $0 % 2 == 0 ? "Ideal" : "Good" }))),
        ])
        session.bind("d", to: .table(table, name: "d"))
        return (Evaluator(session: session, output: output), output)
    }

    /// Whether anything besides `values` still holds its buffer: a write to a shared array
    /// buffer copies it first (copy-on-write), a write to an unshared one does not.
    private func isShared(_ values: inout [Int64]) -> Bool {
        let before = values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        values[0] &+= 0
        return values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } != before
    }

    @Test func forgettingATableDropsEveryReferenceToItsData() throws {
        let (evaluator, output) = try makeEvaluator()
        // The table is held by its name, by cell results (`d` shown, `select` sharing a
        // column, `let` via `_`), and by `_`.
        let script = "d; select d id; let copy = out1; d"
        #expect(evaluator.run(SourceFile(name: "a", text: script)) == .success)
        var ids: [Int64] = []
        if case .int64(let values)? = evaluator.session.table(named: "d")?.columns[0].values { ids = values }
        #expect(evaluator.run(SourceFile(name: "b", text: "forget d; forget copy")) == .success, "\(output.diagnostics)")
        #expect(evaluator.session.value(named: "d") == nil)
        #expect(evaluator.session.value(named: "copy") == nil)
        #expect(evaluator.session.value(named: "_") == nil)
        #expect(evaluator.session.cells.values.allSatisfy { $0.output?.table == nil })
        #expect(!isShared(&ids), "the session still holds the forgotten table's data")
    }

    @Test func anotherNameKeepingTheDataIsReported() throws {
        let (evaluator, output) = try makeEvaluator()
        #expect(evaluator.run(SourceFile(name: "a", text: "let q = d; forget d")) == .success)
        let warnings = output.items.compactMap { if case .warning(let text) = $0 { text } else { nil } }
        #expect(warnings.contains { $0.contains("`q`") }, "\(output.items)")
        #expect(evaluator.session.table(named: "q") != nil, "other names keep their table")
        #expect(evaluator.session.recorded.last == "forget d")
    }

    @Test func forgettingAnUnknownNameIsAnError() throws {
        let (evaluator, output) = try makeEvaluator()
        #expect(evaluator.run(SourceFile(name: "a", text: "forget dd")) == .runtimeError)
        #expect(output.diagnostics.first?.message == "unknown table `dd`")
        #expect(output.diagnostics.first?.hint == "did you mean `d`?")
    }
}
