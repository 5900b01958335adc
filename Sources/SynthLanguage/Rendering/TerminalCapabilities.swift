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
    /// Terminal height in lines (24 when unknown).
    public var height: Int
    /// The terminal understands the erase-to-end-of-line escape (`TERM` is not `dumb`).
    public var erasesLines: Bool

    public init(isTerminal: Bool, isUTF8: Bool, colors: Bool, width: Int = 80, height: Int = 24, erasesLines: Bool? = nil) {
        self.isTerminal = isTerminal
        self.isUTF8 = isUTF8
        self.colors = colors
        self.width = width
        self.height = height
        self.erasesLines = erasesLines ?? colors
    }

    /// Plain, stable output: what scripts, pipes and tests get.
    public static let plain = TerminalCapabilities(isTerminal: false, isUTF8: false, colors: false)

    /// On a terminal, symbols outside ASCII (`×`, `—`, `…`) are written in ASCII when the
    /// locale is not UTF-8 (`LANG=C`). Pipes keep the text as it is.
    public var asciiOnly: Bool { isTerminal && !isUTF8 }

    /// Detects the capabilities of this process's stdout.
    public static func detect() -> TerminalCapabilities {
        let environment = ProcessInfo.processInfo.environment
        let isTerminal = isatty(STDOUT_FILENO) == 1
        let isUTF8 = isTerminal && ChartEncoding.prefersUTF8(environment: environment)
        let colors = isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        var capabilities = TerminalCapabilities(isTerminal: isTerminal, isUTF8: isUTF8, colors: colors,
                                                erasesLines: isTerminal && environment["TERM"] != "dumb")
        capabilities.refreshSize()
        return capabilities
    }

    /// Re-reads the terminal's size (it changes when the window is resized), so every
    /// drawing fits the terminal as it is now. Nothing changes off a terminal.
    public mutating func refreshSize() {
        guard isTerminal, let size = Self.windowSize() else { return }
        width = size.columns
        height = size.rows
    }

    /// These capabilities with the terminal's current size.
    public func refreshed() -> TerminalCapabilities {
        var copy = self
        copy.refreshSize()
        return copy
    }

    /// The window size of the terminal on stdout (or stderr), if either is one.
    static func windowSize() -> (columns: Int, rows: Int)? {
        for descriptor in [STDOUT_FILENO, STDERR_FILENO] {
            var size = winsize()
            if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
                return (Int(size.ws_col), size.ws_row > 0 ? Int(size.ws_row) : 24)
            }
        }
        return nil
    }
}
