import Foundation
import SynthData
import SynthTestSupport
import Testing
@testable import SynthLanguage

/// Deeply nested expressions end in one syntax error at the token that went too deep, in
/// linear time and bounded stack; everything up to the limit parses and evaluates.
@Suite struct NestingLimitTests {
    private let tooDeep = "expression nested too deeply (more than \(Parser.maximumNesting) levels)"

    private func parse(_ text: String) -> Parser.Result { Parser.parse(SourceFile(name: "t", text: text)) }

    /// Parses `text`, checks it took less than `seconds` of CPU, and returns the depth error.
    private func depthError(_ text: String, seconds: Double = 2) throws -> Diagnostic {
        var parsed: Parser.Result?
        let elapsed = ThreadCPUTime.seconds { parsed = parse(text) }
        let result = try #require(parsed)
        #expect(elapsed < seconds, "parse took \(elapsed) s")
        #expect(result.hasErrors)
        #expect(!result.isIncomplete, "too deep is an error, not a reason to ask for more input")
        return try #require(result.diagnostics.first { $0.message == tooDeep })
    }

    @Test func hundredThousandBracketsAndParentheses() throws {
        let prefix = "show "
        for opening in ["[", "("] {
            let error = try depthError(prefix + String(repeating: opening, count: 100_000) + "1")
            let offset = prefix.utf8.count + Parser.maximumNesting
            #expect(error.range == SourceRange(offset, offset + 1), "the caret is on the first bracket too many")
            #expect(error.category == .syntax)
        }
    }

    @Test func twoHundredThousandPrefixOperators() throws {
        let minus = try depthError("show " + String(repeating: "-", count: 200_000) + "1")
        #expect(minus.range == SourceRange(5 + Parser.maximumNesting, 6 + Parser.maximumNesting))
        let not = try depthError("show " + String(repeating: "not ", count: 200_000) + "true")
        #expect(not.range?.start == 5 + 4 * Parser.maximumNesting)
    }

    @Test func prefixOperatorParseTimeIsLinear() throws {
        // 10× the input may take at most about 10× the time (with room for noise).
        for prefix in ["-", "not ", "("] {
            func time(_ count: Int) -> Double {
                let text = "show " + String(repeating: prefix, count: count) + "1"
                return ThreadCPUTime.seconds { _ = parse(text) }
            }
            _ = time(1_000)
            let small = time(20_000), large = time(200_000)
            #expect(large < small * 20 + 0.05, "`\(prefix)` 20k: \(small) s, 200k: \(large) s")
            #expect(large < 2)
        }
    }

    @Test func longOperatorChainsAreDeepTreesToo() throws {
        // `a and a and …` nests to the left: the 256th `and` makes a tree 257 levels deep.
        let and = try depthError("filter d " + String(repeating: "a and ", count: 100_000) + "a")
        let andOffset = "filter d ".utf8.count + 6 * (Parser.maximumNesting - 1) + 2
        #expect(and.range == SourceRange(andOffset, andOffset + 3))
        _ = try depthError("filter d " + String(repeating: "a or ", count: 100_000) + "a")
        _ = try depthError("show d" + String(repeating: ".x", count: 100_000))
        let nested = String(repeating: "[", count: 200) + String(repeating: "x and ", count: 100) + "x" + String(repeating: "]", count: 200)
        _ = try depthError("show " + nested)
    }

    @Test func everythingUpToTheLimitParsesAndEvaluates() throws {
        let depth = Parser.maximumNesting
        let list = String(repeating: "[", count: depth - 1) + "1" + String(repeating: "]", count: depth - 1)
        let parsed = parse("show " + list)
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.statements.first?.arguments.first?.value.depth == depth)
        #expect(!parse("show " + String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)).diagnostics.isEmpty)

        let output = CollectingOutput()
        let session = Session(baseDirectory: "/nonexistent", seed: 1)
        session.bind("d", to: .table(try Table(columns: [Column(name: "a", values: .bool([true, false]))]), name: "d"))
        let evaluator = Evaluator(session: session, output: output)
        #expect(evaluator.run(SourceFile(name: "t", text: "let x = " + list)) == .success)
        #expect(session.value(named: "x")?.literalText == list)
        let chain = String(repeating: "a and ", count: depth - 1) + "a"
        #expect(evaluator.run(SourceFile(name: "t", text: "count d " + chain)) == .success)
        let negations = String(repeating: "not ", count: depth - 1) + "a"
        #expect(evaluator.run(SourceFile(name: "t", text: "count d " + negations)) == .success)
        #expect(output.diagnostics.isEmpty)
    }
}

/// Lists built from names of earlier lists are bounded like the expressions that write them.
@Suite struct ListValueLimitTests {
    private func run(_ text: String) -> (Evaluator.Outcome, CollectingOutput) {
        let output = CollectingOutput()
        let evaluator = Evaluator(session: Session(baseDirectory: "/nonexistent", seed: 1), output: output)
        return (evaluator.run(SourceFile(name: "t", text: text)), output)
    }

    @Test func listsOfListsByNameStopAtTheNestingLimit() {
        let (outcome, output) = run("let x = 1\n" + String(repeating: "let x = [x]\n", count: 1_000) + "x")
        #expect(outcome == .runtimeError)
        #expect(output.diagnostics.map(\.message) == ["list nested too deeply (more than \(Parser.maximumNesting) levels)"])
        #expect(output.diagnostics.first?.range?.start == "let x = 1\n".utf8.count + 12 * (Parser.maximumNesting - 1) + 8)
    }

    @Test func doublingAListStopsAtTheValueLimit() {
        let (outcome, output) = run("let x = [1]\n" + String(repeating: "let x = [x, x]\n", count: 100))
        #expect(outcome == .runtimeError)
        #expect(output.diagnostics.map(\.message) == ["list too large (more than \(LangValue.maximumListValues) values)"])
    }
}
