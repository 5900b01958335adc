import Foundation
import SynthLanguage
@preconcurrency import CEditLine
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The completer libedit's C callback calls (a C callback cannot capture context).
nonisolated(unsafe) private var activeCompleter: Completer?

private func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rl_attempted_completion_over = 1
    guard let completer = activeCompleter, let buffer = rl_line_buffer else { return nil }
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                    count: Int(max(0, end)))
    let line = String(decoding: bytes, as: UTF8.self)
    let result = completer.complete(line: line, wordStart: Int(start))
    guard !result.candidates.isEmpty else { return nil }
    rl_completion_append_character = result.suppressAppend || result.candidates.count > 1 ? 0 : 32
    // readline's convention: [common prefix, match…, NULL], all malloc'ed.
    let words = result.candidates.count == 1 ? result.candidates : [commonPrefix(result.candidates)] + result.candidates
    // Two NULLs at the end: libedit looks at matches[2] even for a single match.
    let slots = words.count + 2
    guard let array = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * slots)?
        .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: slots) else { return nil }
    for (index, word) in words.enumerated() { array[index] = strdup(word) }
    array[words.count] = nil
    array[words.count + 1] = nil
    return array
}

private func commonPrefix(_ words: [String]) -> String {
    guard var prefix = words.first.map({ Array($0.utf8) }) else { return "" }
    for word in words.dropFirst() {
        let bytes = Array(word.utf8)
        var n = 0
        while n < prefix.count, n < bytes.count, prefix[n] == bytes[n] { n += 1 }
        prefix = Array(prefix[..<n])
    }
    // Do not cut a UTF-8 sequence in half.
    while let last = prefix.last, last & 0xC0 == 0x80 { prefix.removeLast() }
    if let last = prefix.last, last >= 0xC0 { prefix.removeLast() }
    return String(decoding: prefix, as: UTF8.self)
}

/// libedit through its readline-compatible API: prompts, a history file, completion.
public final class LineEditor {
    /// Where history is kept (mode 0600).
    public let historyPath: String?
    /// How many entries the history file keeps.
    public let historyLimit: Int32 = 2000

    public init(historyPath: String?, completer: Completer) {
        self.historyPath = historyPath
        activeCompleter = completer
        rl_readline_name = UnsafePointer(strdup("synth"))
        _ = rl_initialize()
        rl_attempted_completion_function = attemptCompletion
        // libedit splits words with the basic set; readline with the completer set.
        rl_completer_word_break_characters = strdup(Completer.wordBreakCharacters)
        rl_basic_word_break_characters = UnsafePointer(strdup(Completer.wordBreakCharacters))
        stifle_history(historyLimit)
        if let historyPath { _ = read_history(historyPath) }
    }

    /// The default history path: `$SYNTH_HISTORY`, else `~/.synth_history`.
    public static func defaultHistoryPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let custom = environment["SYNTH_HISTORY"] { return custom.isEmpty ? nil : custom }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return (home as NSString).appendingPathComponent(".synth_history")
    }

    /// Reads one line; `nil` at end of input (Ctrl-D) or when interrupted (Ctrl-C).
    public func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// Adds one entry (possibly several lines) to the history and saves the file.
    public func addHistory(_ entry: String) {
        guard !entry.isEmpty else { return }
        _ = add_history(entry)
        save()
    }

    private func save() {
        guard let historyPath else { return }
        let fd = open(historyPath, O_WRONLY | O_CREAT, 0o600)
        if fd >= 0 { close(fd) }
        _ = write_history(historyPath)
        chmod(historyPath, 0o600)
    }
}
