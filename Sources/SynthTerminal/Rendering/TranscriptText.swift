import SynthLanguage

/// How a result reads in a Markdown transcript: drawn as on a UTF-8 terminal 100 columns
/// wide (box tables, block charts) but without colours, progress, reflow or pager.
enum TranscriptText {
    /// The width transcripts are drawn at.
    static let width = 100

    static func of(_ item: OutputItem) -> String {
        var text = ""
        let capabilities = TerminalCapabilities(isTerminal: false, isUTF8: true, colors: false, width: width, height: 24)
        let renderer = TerminalOutput(capabilities: capabilities, out: { text += $0 }, err: { text += $0 })
        renderer.emit(item)
        return text
    }
}
