/// Keeps the diagnostics of one lex or parse few: one per place, at most `perLine` on a line
/// and `perSource` in all, so garbage input (a line of control bytes, a binary file given as
/// a script) gives a short report instead of one error per byte. Adding is O(1), so the work
/// stays linear in the input however many problems it has.
struct DiagnosticBudget {
    /// Most diagnostics shown for one line.
    static let perLine = 5
    /// Most diagnostics shown for one source.
    static let perSource = 20

    private let source: SourceFile
    /// The kept diagnostics, in the order they were added.
    private(set) var diagnostics: [Diagnostic] = []
    /// Whether a diagnostic was left out because a limit was reached.
    private(set) var overflowed = false
    private var places: Set<SourceRange> = []
    private var countByLine: [Int: Int] = [:]

    init(for source: SourceFile) { self.source = source }

    /// Whether a diagnostic was already added (kept or not) at exactly `range`.
    func hasDiagnostic(at range: SourceRange) -> Bool { places.contains(range) }

    /// Adds `diagnostic` unless one is already at the same place or a limit is reached.
    mutating func add(_ diagnostic: Diagnostic) {
        if let range = diagnostic.range {
            guard places.insert(range).inserted else { return }
        }
        guard diagnostics.count < DiagnosticBudget.perSource else { overflowed = true; return }
        if let range = diagnostic.range {
            let line = source.lineNumber(of: range.start)
            let count = countByLine[line, default: 0]
            guard count < DiagnosticBudget.perLine else { overflowed = true; return }
            countByLine[line] = count + 1
        }
        diagnostics.append(diagnostic)
    }

    /// Several lists of diagnostics for the same source (each in source order, within the
    /// limits) as one, in source order and within the limits, followed by one "too many
    /// errors" note when any were left out here or before (`overflowed`).
    static func merged(_ lists: [[Diagnostic]], overflowed: Bool, in source: SourceFile) -> [Diagnostic] {
        let all = lists.joined().enumerated().sorted { a, b in
            let x = a.element.range?.start ?? Int.max, y = b.element.range?.start ?? Int.max
            return x != y ? x < y : a.offset < b.offset
        }
        var merged = DiagnosticBudget(for: source)
        for (_, diagnostic) in all { merged.add(diagnostic) }
        var result = merged.diagnostics
        if overflowed || merged.overflowed {
            result.append(Diagnostic(.note, .syntax, "too many errors; stopping",
                                     hint: "only the first \(perSource) errors, at most \(perLine) a line, are shown"))
        }
        return result
    }
}
