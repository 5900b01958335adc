import Foundation
import SynthData

/// The state of one synth session: named tables and variables, cell outputs, the
/// commands recorded for `session save`, and input file fingerprints.
public final class Session {
    /// Named objects: tables, variables (and, from later modules, jobs and models).
    public private(set) var bindings: [String: LangValue] = [:]
    /// Binding names in the order they were first bound.
    public private(set) var bindingOrder: [String] = []
    /// Cell outputs by cell number.
    public private(set) var cells: [Int: Cell] = [:]
    /// The number the next cell gets.
    public private(set) var nextCellNumber = 1
    /// The last cell output (`_`).
    public private(set) var lastOutput: (cell: Int, value: LangValue)?
    /// `outN` aliases restored by replaying a saved session.
    public private(set) var cellAliases: [String: LangValue] = [:]
    /// The lines `session save` writes: normal forms of the successful recorded commands
    /// and the comments typed, in order.
    public private(set) var recorded: [String] = []
    private var recordedCells: Set<Int> = []
    /// Where in `recorded` a command of a cell was written without `as NAME`: a later
    /// reference to that cell's result binds it there (`… as outN`) instead of running it twice.
    private var unboundRecordings: [Int: Int] = [:]
    /// Jobs this session started (or reused on replay), by id and by job name: the cell
    /// that produced each and the name it was bound to, so that recorded commands refer to
    /// the session's own job, never to whichever job has that id or name in another store.
    private var jobOrigins: [String: JobOrigin] = [:]
    /// Whether a saved session (a script starting with `# synth session`) is being replayed:
    /// then `train` and `generate` reuse a finished job with the same data and settings.
    public var isReplaying = false
    /// Whether a Markdown transcript is being replayed: its cells are the inputs as typed, so
    /// a file the session wrote is written again (as `replace=true` does in a saved session).
    public var isReplayingTranscript = false
    /// What each cell showed, for `session save FILE.md` (the front end appends the output).
    public let transcript = Transcript()
    /// Whether every cell's wall time is printed after it (`timer on`).
    public var timesCells = false
    /// Files read by this session, by the path as written, with their fingerprints.
    public private(set) var inputFiles: [(path: String, fingerprint: FileFingerprint)] = []
    /// Fingerprints a replayed script expects, by path.
    public var expectedFingerprints: [String: FileFingerprint] = [:]
    /// Inputs entered so far (for `history`).
    public private(set) var inputs: [String] = []
    /// Directory relative paths are resolved against.
    public var baseDirectory: String
    /// The counter used to derive seeds when a command needs one and none was given.
    public var seedState: UInt64
    /// Keys and links declared with `key` and `link` (what `train A B …` builds its schema from).
    public var schema = SessionSchema()

    public init(baseDirectory: String = FileManager.default.currentDirectoryPath, seed: UInt64? = nil) {
        self.baseDirectory = baseDirectory
        seedState = seed ?? UInt64(truncatingIfNeeded: Int64(Date().timeIntervalSince1970 * 1000))
    }

    // MARK: Names

    public func value(named name: String) -> LangValue? {
        if let value = bindings[name] { return value }
        if let value = cellAliases[name] { return value }
        if name == "_" { return lastOutput?.value }
        if let number = Session.cellNumber(in: name) { return cells[number]?.output }
        return nil
    }

    /// `3` for `out3`.
    public static func cellNumber(in name: String) -> Int? {
        guard name.hasPrefix("out"), name.count > 3 else { return nil }
        return Int(name.dropFirst(3))
    }

    /// Whether a name refers to a cell output rather than a binding.
    public func isCellReference(_ name: String) -> Bool {
        bindings[name] == nil && cellAliases[name] == nil && (name == "_" || Session.cellNumber(in: name) != nil)
    }

    /// The cell number a cell reference points at.
    public func cellNumber(referencedBy name: String) -> Int? {
        name == "_" ? lastOutput?.cell : Session.cellNumber(in: name)
    }

    /// Binds `name`; `outN` names become cell aliases (as a replayed session restores them).
    public func bind(_ name: String, to value: LangValue) {
        if Session.cellNumber(in: name) != nil {
            cellAliases[name] = value
            return
        }
        if bindings[name] == nil { bindingOrder.append(name) }
        bindings[name] = value
    }

    public func unbind(_ name: String) {
        bindings[name] = nil
        bindingOrder.removeAll { $0 == name }
    }

    /// What `forget` released and what still holds the forgotten data.
    public struct Forgotten: Sendable {
        /// Cells whose kept results held the data and were dropped.
        public var cells: [Int]
        /// Other names bound to tables that share the data (they keep it in memory).
        public var sharedWith: [String]
    }

    /// Forgets a table: the name `name` (or, for `outN` / `_`, that cell's result) and
    /// every kept cell result that holds any of its data, so its memory can be freed.
    /// Other names the user bound to the same data keep it; they are listed.
    public func forget(_ name: String) -> Forgotten {
        let value = value(named: name)
        if bindings[name] != nil { unbind(name) }
        cellAliases[name] = nil
        if let number = cellNumber(referencedBy: name), bindings[name] == nil { cells[number]?.output = nil }
        let buffers = value?.table.map(TableStorage.buffers(of:)) ?? []
        var dropped: [Int] = []
        for (number, cell) in cells where TableStorage.value(cell.output, sharesAnyOf: buffers) {
            cells[number]?.output = nil
            dropped.append(number)
        }
        for (alias, aliased) in cellAliases where TableStorage.value(aliased, sharesAnyOf: buffers) { cellAliases[alias] = nil }
        if let last = lastOutput, cells[last.cell]?.output == nil || TableStorage.value(last.value, sharesAnyOf: buffers) {
            lastOutput = nil
        }
        let shared = bindingOrder.filter { TableStorage.value(bindings[$0], sharesAnyOf: buffers) }
        return Forgotten(cells: dropped.sorted(), sharedWith: shared)
    }

    /// Names bound to tables, in binding order.
    public var tableNames: [String] { bindingOrder.filter { bindings[$0]?.table != nil } }

    /// The named table.
    public func table(named name: String) -> Table? { value(named: name)?.table }

    /// The named table's columns: an in-memory table, or a lazy table's schema (no rows).
    public func columnsTable(named name: String) -> Table? { value(named: name)?.tableOrSchema }

    // MARK: Cells

    /// What each cell showed (for `session save "x.ipynb"`).
    public private(set) var cellOutputs = CellTranscript()

    /// The cell whose outputs are being kept (nil between sources: a syntax error belongs
    /// to no cell).
    var transcriptCell: Int?

    /// Adds an output to the transcript of the cell that is running.
    func noteOutput(_ output: NotebookOutput) {
        guard let transcriptCell else { return }
        var output = output
        // An error's traceback quotes the line as typed: never with a secret in it.
        if case let .error(name, value, traceback) = output {
            output = .error(name: name, value: value, traceback: traceback.map(SecretRedaction.redacted))
        }
        cellOutputs.append(output, cell: transcriptCell)
    }

    /// Starts a new cell for `input` and returns its number.
    public func beginCell(input: String) -> Int {
        let number = nextCellNumber
        nextCellNumber += 1
        let input = SecretRedaction.redacted(input)  // `history` and notebooks never keep a typed secret
        inputs.append(input)
        transcriptCell = number
        cells[number] = Cell(number: number, input: input, output: nil, normalForm: nil, dependencies: [])
        return number
    }

    /// Keeps `value` as the output of `cell`.
    public func setOutput(_ value: LangValue, cell: Int, normalForm: String?, dependencies: [Int]) {
        cells[cell]?.output = value
        cells[cell]?.normalForm = normalForm
        cells[cell]?.dependencies = dependencies
        lastOutput = (cell, value)
    }

    // MARK: Recording

    /// Records a command; first records the cells it depends on, bound to `outN`, so that
    /// the saved script can refer to them. `cell` is the cell of a command recorded without
    /// `as NAME`, so that a later reference to its result can bind it.
    public func record(_ normalForm: String, dependencies: [Int], unboundCell cell: Int? = nil) {
        for dependency in dependencies { recordCell(dependency) }
        if let cell { unboundRecordings[cell] = recorded.count }
        recorded.append(normalForm)
    }

    /// Records a comment line (`# …`) as typed, trailing spaces removed.
    public func recordComment(_ text: String) {
        var line = Substring(text)
        while let last = line.last, last.isWhitespace { line.removeLast() }
        recorded.append(String(line))
    }

    /// The number of commands (not comments) recorded.
    public var recordedCommandCount: Int { recorded.filter { !$0.hasPrefix("#") }.count }

    private func recordCell(_ number: Int) {
        guard !recordedCells.contains(number) else { return }
        if let index = unboundRecordings.removeValue(forKey: number) {
            // Already written (a command that changed state): bind its result where it stands.
            recordedCells.insert(number)
            recorded[index] += " as out\(number)"
            return
        }
        guard let cell = cells[number], let form = cell.normalForm else { return }
        recordedCells.insert(number)
        for dependency in cell.dependencies { recordCell(dependency) }
        recorded.append(form + " as out\(number)")
    }

    // MARK: Jobs

    /// Where a job of this session came from.
    public struct JobOrigin: Sendable, Equatable {
        /// The job's id.
        public var id: Int
        /// The cell whose command started (or reused) it.
        public var cell: Int
        /// The name that command bound the job to (`train … as NAME`).
        public var binding: String?
    }

    /// Notes that `cell` started (or, on replay, reused) job `id`, named `name`.
    public func noteJob(id: Int, name: String?, cell: Int, binding: String?) {
        let origin = JobOrigin(id: id, cell: cell, binding: binding)
        jobOrigins[String(id)] = origin
        if let name, !name.isEmpty, Int(name) == nil { jobOrigins[name] = origin }
    }

    /// The job of this session that `reference` (an id such as `9` or `job-9`, or a job
    /// name) denotes, if this session started it.
    public func jobOrigin(of reference: String) -> JobOrigin? {
        if let origin = jobOrigins[reference] { return origin }
        var digits = Substring(reference)
        for prefix in ["job-", "J", "j"] where digits.hasPrefix(prefix) { digits = digits.dropFirst(prefix.count) }
        guard let id = Int(digits) else { return nil }
        return jobOrigins[String(id)]
    }

    /// Notes an input file and its fingerprint.
    public func noteInput(path: String, fingerprint: FileFingerprint) {
        inputFiles.removeAll { $0.path == path }
        inputFiles.append((path, fingerprint))
    }

    /// Resolves a path against `baseDirectory`.
    public func resolve(path: String) -> String {
        var expanded = path
        if expanded == "~" || expanded.hasPrefix("~/") {
            expanded = (ProcessInfo.processInfo.environment["HOME"] ?? "") + expanded.dropFirst()
        }
        if expanded.hasPrefix("/") { return expanded }
        return (baseDirectory as NSString).appendingPathComponent(expanded)
    }

    /// A fresh seed for a command that needs one and was given none.
    public func nextSeed() -> UInt64 {
        seedState = seedState &+ 0x9E37_79B9_7F4A_7C15
        var z = seedState
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) % 1_000_000_007
    }
}
