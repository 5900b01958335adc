import SynthData
import SynthLanguage
import SynthTerminal
import Testing

/// What `TerminalOutput` writes for a terminal: progress redraws that erase their line (or
/// overwrite it where there is no erase code), ASCII symbols without a UTF-8 locale, prose
/// broken at spaces, nothing of the kind for pipes.
@Suite struct TerminalOutputTests {
    final class Captured: @unchecked Sendable {
        var out = "", err = ""
    }

    private func output(_ capabilities: TerminalCapabilities) -> (TerminalOutput, Captured) {
        let captured = Captured()
        return (TerminalOutput(capabilities: capabilities, out: { captured.out += $0 }, err: { captured.err += $0 }), captured)
    }

    @Test func progressRedrawsEraseTheRestOfTheLine() {
        let (output, captured) = output(TerminalCapabilities(isTerminal: true, isUTF8: true, colors: true, width: 40))
        output.progress("reading flights.csv", fraction: 0.03)
        output.progress("reading flights.csv", fraction: 0.5)
        let redraws = captured.err.split(separator: "\r", omittingEmptySubsequences: true)
        #expect(redraws.count == 2)
        #expect(redraws.allSatisfy { $0.hasSuffix("\u{1B}[K") })
        output.emit(.message("loaded f"))
        #expect(captured.err.hasSuffix("\r\u{1B}[K"), "the bar is erased before other output")
    }

    @Test func withoutEraseCodesTheOldLineIsOverwrittenWithSpaces() {
        let (output, captured) = output(TerminalCapabilities(isTerminal: true, isUTF8: false, colors: false, width: 40,
                                                             erasesLines: false))
        output.progress("a long label that takes room", fraction: 0.1)
        output.progress("short", fraction: 0.2)
        let redraws = captured.err.split(separator: "\r", omittingEmptySubsequences: true).map(String.init)
        #expect(!captured.err.contains("\u{1B}"))
        #expect(redraws[1].count == redraws[0].count, "'\(redraws[1])' covers '\(redraws[0])'")
    }

    @Test func asciiSymbolsOnANonUTF8TerminalOnly() {
        let (terminal, onTerminal) = output(TerminalCapabilities(isTerminal: true, isUTF8: false, colors: false, width: 80))
        terminal.emit(.message("loaded p: 344 rows × 8 columns — see `describe p`…"))
        terminal.progress("AI training · epoch 1/3", fraction: 0.5)
        #expect(onTerminal.out == "loaded p: 344 rows x 8 columns -- see `describe p`...\n")
        #expect(onTerminal.err.unicodeScalars.allSatisfy { $0.isASCII }, "\(onTerminal.err)")
        let (pipe, inPipe) = output(.plain)
        pipe.emit(.message("344 rows × 8 columns"))
        #expect(inPipe.out == "344 rows × 8 columns\n", "pipes keep the text")
    }

    @Test func proseIsBrokenAtSpacesToTheTerminalWidth() {
        let (output, captured) = output(TerminalCapabilities(isTerminal: true, isUTF8: true, colors: false, width: 30))
        output.emit(.text(HelpText.overview(CommandRegistry.standard())))
        let lines = captured.out.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 30 }, "\(lines.filter { $0.count > 30 })")
    }
}
