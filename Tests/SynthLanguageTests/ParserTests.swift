import Testing
@testable import SynthLanguage

@Suite struct ParserTests {
    private func parse(_ text: String) -> Parser.Result { Parser.parse(SourceFile(name: "t", text: text)) }

    @Test func commandsWithPositionalKeywordAndBinding() throws {
        let result = parse("sample d 100 seed=42 as s; show s")
        #expect(result.diagnostics.isEmpty)
        #expect(result.statements.count == 2)
        let sample = result.statements[0]
        #expect(sample.name == "sample")
        #expect(sample.arguments.map(\.label) == [nil, nil, "seed"])
        #expect(sample.arguments[2].value.kind == .integer(42))
        #expect(sample.binding == "s")
        #expect(sample.range == SourceRange(0, 25))
        #expect(sample.arguments[2].range == SourceRange(13, 20))
    }

    @Test func conditionPrecedenceAndRanges() throws {
        let statement = try #require(parse("filter d a > 1 and not b is null or c == \"x\"").statements.first)
        #expect(statement.arguments.count == 2)
        let condition = statement.arguments[1].value
        #expect(NormalForm.expression(condition) == "a > 1 and not (b is null) or c == \"x\"")
        guard case let .or(left, right) = condition.kind else { Issue.record("expected or"); return }
        guard case .and = left.kind else { Issue.record("and binds tighter than or"); return }
        #expect(right.range == SourceRange(36, 44))
        #expect(condition.range == SourceRange(9, 44))
    }

    @Test func timedListsMembersAndNegatives() throws {
        let statement = try #require(parse("time select d [a, \"b c\"] x=-3 y=d.price").statements.first)
        #expect(statement.isTimed)
        #expect(statement.name == "select")
        #expect(statement.arguments[1].value.kind == .list([Expression(.identifier("a"), SourceRange(15, 16)),
                                                            Expression(.string("b c"), SourceRange(18, 23))]))
        #expect(statement.arguments[2].value.kind == .integer(-3))
        #expect(NormalForm.expression(statement.arguments[3].value) == "d.price")
    }

    @Test func incompleteVersusWrong() {
        #expect(parse("load \"x").isIncomplete)
        #expect(parse("select d [a,").isIncomplete)
        #expect(parse("filter d (a > 1").isIncomplete)
        #expect(parse("count d \\").isIncomplete)
        #expect(!parse("count d )").isIncomplete)
        #expect(parse("count d )").hasErrors)
        #expect(!parse("filter d a >").isIncomplete, "a dangling operator is an error, not a continuation")
    }

    @Test func errorsCarryLocationsAndRecover() {
        let result = parse("show d\nfilter d a > > 1\n= 3\ncount d")
        #expect(result.statements.map(\.name) == ["show", "count"])
        #expect(result.diagnostics.count == 2)
        #expect(result.diagnostics[0].message == "expected a value, found `>`")
        #expect(result.diagnostics[0].range == SourceRange(20, 21))
        #expect(result.diagnostics[1].message == "expected a command name, found `=`")
    }

    @Test func diagnosticFormatShowsLineAndCaret() {
        let source = SourceFile(name: "s.synth", text: "load \"a.csv\"\ndescrib d\n")
        let diagnostic = Diagnostic(.error, .runtime, "unknown command `describ`", at: SourceRange(13, 20),
                                    hint: "did you mean `describe`?")
        #expect(DiagnosticFormatter.format(diagnostic, in: source) == """
        s.synth:2:1: error: unknown command `describ`
            describ d
            ^~~~~~~
          hint: did you mean `describe`?

        """)
    }

    @Test func suggestions() {
        #expect(Suggestions.closest(to: "describ", in: ["describe", "drop"]) == "describe")
        #expect(Suggestions.closest(to: "fliter", in: ["filter", "select"]) == "filter")
        #expect(Suggestions.closest(to: "zzz", in: ["filter", "select"]) == nil)
        #expect(Suggestions.closest(to: "bill", in: ["bill_length_mm", "sex"]) == "bill_length_mm")
    }
}
