import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// What the output streams can show: decides box drawing, colours, prompts and progress.
public struct TerminalCapabilities: Sendable, Hashable {
    /// stdout is a terminal (interactive drawing allowed).
    public var isTerminal: Bool
    /// The terminal shows UTF-8 (box drawing and `…`); otherwise plain ASCII.
    public var isUTF8: Bool
    /// ANSI colours allowed (a terminal, `TERM` not `dumb`, `NO_COLOR` unset).
    public var colors: Bool
    /// Terminal width in columns (80 when unknown).
    public var width: Int

    public init(isTerminal: Bool, isUTF8: Bool, colors: Bool, width: Int = 80) {
        self.isTerminal = isTerminal
        self.isUTF8 = isUTF8
        self.colors = colors
        self.width = width
    }

    /// Plain, stable output: what scripts, pipes and tests get.
    public static let plain = TerminalCapabilities(isTerminal: false, isUTF8: false, colors: false)

    /// Detects the capabilities of this process's stdout.
    public static func detect() -> TerminalCapabilities {
        let environment = ProcessInfo.processInfo.environment
        let isTerminal = isatty(STDOUT_FILENO) == 1
        let locale = environment["LC_ALL"] ?? environment["LC_CTYPE"] ?? environment["LANG"] ?? ""
        let isUTF8 = isTerminal && (locale.uppercased().contains("UTF-8") || locale.uppercased().contains("UTF8"))
        let colors = isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        var size = winsize()
        var width = 80
        if isTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { width = Int(size.ws_col) }
        return TerminalCapabilities(isTerminal: isTerminal, isUTF8: isUTF8, colors: colors, width: width)
    }
}
