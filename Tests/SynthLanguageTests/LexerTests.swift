import Testing
@testable import SynthLanguage

@Suite struct LexerTests {
    private func kinds(_ text: String) -> [Token.Kind] {
        Lexer.tokenize(SourceFile(name: "t", text: text)).tokens.map(\.kind)
    }

    @Test func numbersStringsAndOperators() {
        #expect(kinds("load \"a.csv\" as d") == [.identifier("load"), .string("a.csv"), .identifier("as"), .identifier("d"), .endOfInput])
        #expect(kinds("x >= 1_000 != 2.5e-1 == .5") == [.identifier("x"), .comparison(.greaterOrEqual), .integer(1000),
                                                         .comparison(.notEqual), .number(0.25), .comparison(.equal),
                                                         .number(0.5), .endOfInput])
        #expect(kinds("d.price") == [.identifier("d"), .dot, .identifier("price"), .endOfInput])
        #expect(kinds("a=[1, -2]; b") == [.identifier("a"), .assign, .leftBracket, .integer(1), .comma, .minus, .integer(2),
                                          .rightBracket, .semicolon, .identifier("b"), .endOfInput])
    }

    @Test func stringEscapes() {
        #expect(kinds(#""a\tb\n\"q\" \\ \u{e9}""#) == [.string("a\tb\n\"q\" \\ é"), .endOfInput])
        #expect(kinds("'single \"inside\"'") == [.string("single \"inside\""), .endOfInput])
        let bad = Lexer.tokenize(SourceFile(name: "t", text: #""\q""#))
        #expect(bad.diagnostics.first?.message == "unknown escape sequence '\\q'")
        #expect(bad.diagnostics.first?.range == SourceRange(1, 3))
        let accented = Lexer.tokenize(SourceFile(name: "t", text: "\"\\é\""))
        #expect(accented.diagnostics.map(\.message) == ["unknown escape sequence '\\é'"], "the whole character, not its first byte")
        #expect(accented.diagnostics.first?.range == SourceRange(1, 4))
    }

    @Test func commentsNewlinesAndContinuations() {
        #expect(kinds("a # comment\nb") == [.identifier("a"), .newline, .identifier("b"), .endOfInput])
        #expect(kinds("a \\\n b") == [.identifier("a"), .identifier("b"), .endOfInput])
        #expect(kinds("[1,\n2]") == [.leftBracket, .integer(1), .comma, .integer(2), .rightBracket, .endOfInput])
    }

    @Test func incompleteInput() {
        let open = Lexer.tokenize(SourceFile(name: "t", text: "load \"abc"))
        #expect(open.diagnostics.map(\.category) == [.incomplete])
        #expect(open.diagnostics.first?.range == SourceRange(5, 6))
        #expect(Lexer.tokenize(SourceFile(name: "t", text: "count d \\")).diagnostics.map(\.category) == [.incomplete])
        #expect(Lexer.tokenize(SourceFile(name: "t", text: "let x = [1,")).diagnostics.map(\.category) == [.incomplete])
    }

    @Test func badCharacters() {
        let result = Lexer.tokenize(SourceFile(name: "t", text: "a @ b ! c 12abc"))
        #expect(result.diagnostics.map(\.message) == ["unexpected character '@'", "unexpected character '!'", "malformed number '12abc'"])
    }
}
