/// What a session showed, cell by cell: each entry's input as typed and its output as plain
/// text (tables, charts, messages and errors, no colours). `session save FILE.md` writes it
/// as a Markdown transcript. The front end that draws the output appends the text.
public final class Transcript {
    /// One entry: a cell (or a comment-only line, which takes no cell number).
    public struct Entry: Sendable, Equatable {
        /// The cell number (`nil` for a line of only comments).
        public var cell: Int?
        /// The input as typed.
        public var input: String
        /// The output, as plain text.
        public var output: String
        /// Whether the entry ended with an error (a replay skips it).
        public var failed: Bool
        /// Whether the entry is left out of the transcript (`session save` itself).
        public var omitted: Bool
    }

    /// Entries so far, oldest first.
    public private(set) var entries: [Entry] = []
    /// Most characters of output kept per entry; the rest is cut with a note.
    public static let maximumOutputPerEntry = 200_000
    /// Most entries kept (the oldest are dropped first).
    public static let maximumEntries = 5_000
    /// Most bytes of output kept in all (the oldest entries are dropped first), so a long
    /// session's transcript stays small beside its tables.
    public static let maximumTotalOutput = 16 << 20
    /// Bytes of output held now.
    private var totalOutput = 0

    public init() {}

    /// Starts an entry for `input` (`cell` nil for a comment-only line).
    public func begin(cell: Int?, input: String) {
        if entries.count >= Transcript.maximumEntries { dropOldest() }
        entries.append(Entry(cell: cell, input: input, output: "", failed: false, omitted: false))
        isOpen = true
    }

    /// Ends the current entry: output after it (a process's closing messages) is not kept.
    func end() { isOpen = false }

    /// Whether output goes to the last entry (between `begin` and `end`).
    private var isOpen = false

    /// Appends output text to the current entry (ignored outside any entry).
    public func append(_ text: String) {
        guard isOpen, !entries.isEmpty else { return }
        let text = SecretRedaction.redacted(text)  // an error quoting its line never keeps a typed secret
        let index = entries.count - 1
        let room = Transcript.maximumOutputPerEntry - entries[index].output.utf8.count
        guard room > 0 else { return }
        let kept = text.utf8.count <= room ? text
            : String(decoding: text.utf8.prefix(room), as: UTF8.self) + "\n… (output cut)\n"
        entries[index].output += kept
        totalOutput += kept.utf8.count
        while totalOutput > Transcript.maximumTotalOutput, entries.count > 1 { dropOldest() }
    }

    private func dropOldest() {
        totalOutput -= entries.removeFirst().output.utf8.count
    }

    /// Marks the current entry as failed.
    func markFailed() {
        guard !entries.isEmpty else { return }
        entries[entries.count - 1].failed = true
    }

    /// Leaves the current entry out of the transcript.
    func omitCurrent() {
        guard !entries.isEmpty else { return }
        entries[entries.count - 1].omitted = true
    }
}
