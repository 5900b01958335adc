import Foundation
import SynthTestSupport
import Testing
@testable import SynthLanguage

/// Garbage input gives a short report: one error per run of bad characters, a few errors per
/// line and per source, echoed lines cut around the caret, control characters escaped.
@Suite struct DiagnosticLimitsTests {
    private func parse(_ text: String) -> (Parser.Result, SourceFile) {
        let source = SourceFile(name: "t", text: text)
        return (Parser.parse(source), source)
    }

    private func report(_ text: String) -> String {
        let (result, source) = parse(text)
        return result.diagnostics.map { DiagnosticFormatter.format($0, in: source) }.joined()
    }

    @Test func aRunOfControlBytesIsOneError() {
        let (result, _) = parse(String(repeating: "\u{01}", count: 20_000))
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.range == SourceRange(0, 20_000))
        #expect(report(String(repeating: "\u{01}", count: 20_000)).utf8.count < 1_000)
    }

    @Test func bytesThatAreNotUTF8AreOneErrorPerRun() {
        let text = String(decoding: [0x61, 0x20, 0xFF, 0xFE, 0xC0, 0x20, 0x62] as [UInt8], as: UTF8.self)
        let (result, _) = parse(text)
        #expect(result.diagnostics.map(\.message) == ["invalid text: bytes that are not UTF-8"])
    }

    @Test func nonASCIILettersNameThingsButSpacesAndSymbolsDoNot() {
        let tokens = Lexer.tokenize(SourceFile(name: "t", text: "prix_é Größe")).tokens.map(\.kind)
        #expect(tokens == [.identifier("prix_é"), .identifier("Größe"), .endOfInput])
        let nbsp = Lexer.tokenize(SourceFile(name: "t", text: "a\u{A0}b"))
        #expect(nbsp.diagnostics.map(\.message) == ["unexpected character '\u{A0}'"])
        #expect(nbsp.tokens.map(\.kind) == [.identifier("a"), .identifier("b"), .endOfInput])
    }

    @Test func errorsAreCappedPerLineAndPerSource() {
        let (line, _) = parse(String(repeating: "a ! ", count: 1_000))
        #expect(line.diagnostics.filter { $0.severity == .error }.count == DiagnosticBudget.perLine)
        #expect(line.diagnostics.last?.message == "too many errors; stopping")
        let (file, _) = parse(String(repeating: "count ]\n", count: 10_000))
        #expect(file.diagnostics.filter { $0.severity == .error }.count == DiagnosticBudget.perSource)
        #expect(file.diagnostics.last?.message == "too many errors; stopping")
        #expect(file.diagnostics.first?.range?.start == 6, "the first errors are the ones shown")
    }

    @Test func randomBytesGiveABoundedReport() {
        var generator = SeededGenerator(seed: 17)
        let bytes = (0..<125_000).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }
        let source = String(decoding: bytes, as: UTF8.self)
        var text = ""
        let seconds = ThreadCPUTime.seconds { text = report(source) }
        #expect(seconds < 5, "\(seconds) s of CPU")
        #expect(text.utf8.count < 20_000, "\(text.utf8.count) bytes of diagnostics")
        #expect(!text.unicodeScalars.contains { TerminalSafeText.needsEscape($0) && $0 != "\n" })
    }

    @Test func longLinesAreCutAroundTheCaret() throws {
        let text = "count " + String(repeating: "x ", count: 5_000) + "] " + String(repeating: "y ", count: 5_000)
        let lines = report(text).split(separator: "\n", omittingEmptySubsequences: false)
        let echoed = String(lines[1].dropFirst(4)), caret = String(lines[2].dropFirst(4))
        #expect(echoed.count <= SourceExcerpt.maximumWidth + 2)
        #expect(echoed.hasPrefix("…") && echoed.hasSuffix("…"))
        let column = try #require(caret.firstIndex(of: "^")).utf16Offset(in: caret)
        #expect(Array(echoed)[column] == "]")
        #expect(lines[0] == "t:1:10007: error: expected a value, found `]`")
    }

    @Test func controlCharactersNeverReachTheTerminalRaw() throws {
        for text in ["count \u{1B}[31mred", "count \"\u{1B}]0;title\u{07}\" ]", "lo\u{9B}ad x", "count x\u{202E}\u{2028} ]"] {
            let output = report(text)
            #expect(!output.isEmpty)
            #expect(!output.unicodeScalars.contains { TerminalSafeText.needsEscape($0) && $0 != "\n" }, "\(output)")
        }
        #expect(report("count \u{1B}[31m").contains("unexpected character '\\u{1B}'"))
        // Messages and hints of runtime errors (unknown names from a file) are escaped too.
        let source = SourceFile(name: "s\u{1B}", text: "count \"a\u{1B}[2J\"")
        let runtime = Diagnostic(.error, .runtime, "unknown table `a\u{1B}[2J`", at: SourceRange(6, 14), hint: "columns: \u{1B}[0m")
        let formatted = DiagnosticFormatter.format(runtime, in: source)
        #expect(!formatted.contains("\u{1B}"))
        #expect(formatted.hasPrefix("s\\u{1B}:1:7: error: unknown table `a\\u{1B}[2J`\n    count \"a\\u{1B}[2J\"\n          ^~~~~~~~~~~~\n"))
    }

    @Test func hugeNamesInMessagesAreCut() {
        let name = String(repeating: "n", count: 100_000)
        let diagnostic = Diagnostic(.error, .runtime, "unknown command `\(name)`", at: SourceRange(0, 100_000),
                                    hint: "columns: " + name)
        let text = DiagnosticFormatter.format(diagnostic, in: SourceFile(name: "t", text: name))
        #expect(text.utf8.count < 2_000)
        #expect(text.hasPrefix("t:1:1: error: unknown command `nnn"))
        #expect(text.contains("n…\n"))
    }
}
