import Foundation
import SynthData

/// Completion by context (Tab in the REPL, `complete_request` in the kernel), driven by the command registry: command names first, then
/// per argument kind: file paths filtered by extension, table and column names, choices,
/// and `option=` names.
public struct Completer {
    public let registry: CommandRegistry
    public let session: Session
    /// Where job ids and names come from (nil: only the session's job variables).
    public let jobs: JobEnvironment?

    public init(registry: CommandRegistry, session: Session, jobs: JobEnvironment? = nil) {
        self.registry = registry
        self.session = session
        self.jobs = jobs
    }

    /// Completes against what `evaluator` knows: its registry, session and job store.
    public init(evaluator: Evaluator) {
        self.init(registry: evaluator.registry, session: evaluator.session, jobs: evaluator.services.jobs)
    }

    /// What to offer for the word that starts at byte `wordStart` of `line` (the text up to
    /// the cursor). Words are split at spaces, quotes, `=`, brackets, commas and `;`.
    public struct Result: Equatable, Sendable {
        /// Replacements of the word, sorted.
        public var candidates: [String]
        /// When true, no space should follow a single candidate (a directory, an `option=`).
        public var suppressAppend: Bool
    }

    /// Characters that end a word for completion.
    public static let wordBreakCharacters = " \t\n\"'=[],;()"

    public func complete(line: String, wordStart: Int) -> Result {
        let bytes = Array(line.utf8)
        let start = min(max(0, wordStart), bytes.count)
        let word = String(decoding: bytes[start...], as: UTF8.self)
        let before = String(decoding: bytes[..<start], as: UTF8.self)
        let inQuote = start > 0 && (bytes[start - 1] == UInt8(ascii: "\"") || bytes[start - 1] == UInt8(ascii: "'"))
        let context = Context(before: inQuote ? String(before.dropLast()) : before)

        guard let commandName = context.commandName else {
            return Result(candidates: filter(registry.allNames + ["time"], word).sorted(), suppressAppend: false)
        }
        guard let spec = registry.spec(named: commandName) else { return Result(candidates: [], suppressAppend: false) }
        if context.afterAs {
            // `encode d.price as ` takes an encoding type; elsewhere `as` binds a new name.
            let words = spec.bindingIsArgument ? registry.completions(for: .encodingType, in: session, jobs: jobs) : []
            return Result(candidates: filter(words, word).sorted(), suppressAppend: false)
        }
        let target: ArgumentSpec?
        if let label = context.pendingLabel {
            target = spec.argument(named: label)
        } else {
            let positional = spec.arguments.filter(\.isPositional)
            let index = context.positionalCount
            target = index < positional.count ? positional[index] : positional.last.flatMap { last in
                if last.isVariadic { return last }
                if case .predicate = last.kind { return last }
                return nil
            }
        }
        var candidates: [String] = []
        var suppress = false
        if let target {
            let offered = candidatesFor(target, spec: spec, context: context, word: word, inQuote: inQuote)
            candidates = offered.words
            suppress = offered.suppressAppend
        }
        if context.pendingLabel == nil, !inQuote {
            let positional = spec.arguments.filter(\.isPositional)
            let givenByPosition = Set(positional.prefix(context.positionalCount).map(\.name))
            let labels = spec.arguments
                .filter { !context.labels.contains($0.name) && !givenByPosition.contains($0.name) && !$0.isVariadic }
                .map { $0.name + "=" }
            let matching = filter(labels, word)
            if !matching.isEmpty && (candidates.isEmpty || !word.isEmpty) {
                candidates += matching
                if candidates.count == matching.count { suppress = true }
            }
        }
        return Result(candidates: Array(Set(candidates)).sorted(), suppressAppend: suppress)
    }

    private func filter(_ words: [String], _ prefix: String) -> [String] {
        words.filter { $0.hasPrefix(prefix) }
    }

    private func candidatesFor(_ argument: ArgumentSpec, spec: CommandSpec, context: Context, word: String,
                               inQuote: Bool) -> (words: [String], suppressAppend: Bool) {
        switch argument.kind {
        case .inputFile(let extensions), .outputFile(let extensions):
            return paths(prefix: word, extensions: extensions, inQuote: inQuote)
        case .table:
            return (filter(session.tableNames, word), false)
        case .column(let tableArgument), .columns(let tableArgument), .predicate(let tableArgument):
            guard let table = table(for: tableArgument, spec: spec, context: context) else { return ([], false) }
            return (filter(table.columnNames.map(NormalForm.name), word), false)
        case .commandName:
            return (filter(registry.allNames, word), false)
        case .choice(let words):
            return (filter(words, word), false)
        case .boolean:
            return (filter(["true", "false"], word), false)
        case .value:
            return (filter(session.bindingOrder, word), false)
        case .job:
            return (filter(registry.completions(for: .job, in: session, jobs: jobs), word), false)
        case .tableOrJob:
            return (filter(session.tableNames + registry.completions(for: .job, in: session, jobs: jobs), word), false)
        case .tableColumn:
            // `d.pr` → `d.price`; before the dot, table names followed by `.`.
            if let dot = word.lastIndex(of: ".") {
                let tableName = String(word[..<dot])
                guard let table = session.columnsTable(named: tableName) else { return ([], false) }
                return (filter(table.columnNames.map { tableName + "." + NormalForm.name($0) }, word), false)
            }
            return (filter(session.tableNames.map { $0 + "." }, word), true)
        case .model:
            return (filter(registry.completions(for: .model, in: session, jobs: jobs), word), false)
        case .encodingType:
            return (filter(registry.completions(for: .encodingType, in: session, jobs: jobs), word), false)
        case .string:
            guard let topic = CommandRegistry.storedNameTopic(command: spec.name, argument: argument.name) else { return ([], false) }
            return (filter(registry.completions(for: topic, in: session, jobs: jobs), word), false)
        case .integer, .number, .newName:
            return ([], false)
        }
    }

    /// The table given for `tableArgument` so far (by label or by position).
    private func table(for tableArgument: String, spec: CommandSpec, context: Context) -> Table? {
        if let name = context.labeledValues[tableArgument] { return session.columnsTable(named: name) }
        let positional = spec.arguments.filter(\.isPositional)
        guard let index = positional.firstIndex(where: { $0.name == tableArgument }), index < context.positionalWords.count else {
            return nil
        }
        let word = context.positionalWords[index]
        // A `TABLE.COLUMN` argument (`link weights.chick … order=`): its table.
        if session.columnsTable(named: word) == nil, let dot = word.firstIndex(of: ".") { return session.columnsTable(named: String(word[..<dot])) }
        return session.columnsTable(named: word)
    }

    /// Paths under the directory part of `prefix`: directories (with `/`) and files with one
    /// of the extensions. Outside quotes a candidate opens a quote; complete files close it.
    private func paths(prefix: String, extensions: [String], inQuote: Bool) -> (words: [String], suppressAppend: Bool) {
        let directoryPart: String
        let namePart: String
        if let slash = prefix.lastIndex(of: "/") {
            directoryPart = String(prefix[...slash])
            namePart = String(prefix[prefix.index(after: slash)...])
        } else {
            directoryPart = ""
            namePart = prefix
        }
        let directory = session.resolve(path: directoryPart.isEmpty ? "." : directoryPart)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return ([], false) }
        var words: [String] = []
        var onlyDirectories = true
        for entry in entries where entry.hasPrefix(namePart) {
            if entry.hasPrefix("."), !namePart.hasPrefix(".") { continue }
            var isDirectory: ObjCBool = false
            let full = (directory as NSString).appendingPathComponent(entry)
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
            let open = inQuote ? "" : "\""
            if isDirectory.boolValue {
                words.append(open + directoryPart + entry + "/")
            } else if extensions.isEmpty || extensions.contains(FileExtension.of(entry)) {
                words.append(open + directoryPart + entry + "\"")
                onlyDirectories = false
            }
        }
        return (words, onlyDirectories && !words.isEmpty)
    }

    /// What the line says before the word: the command, arguments given so far, labels.
    private struct Context {
        var commandName: String?
        var positionalCount = 0
        var positionalWords: [String] = []
        var labels: Set<String> = []
        var labeledValues: [String: String] = [:]
        /// `label=` right before the word.
        var pendingLabel: String?
        /// `as` right before the word.
        var afterAs = false

        init(before: String) {
            let tokens = Lexer.tokenize(SourceFile(name: "", text: before)).tokens
            // Only the last statement matters.
            var statement: [Token] = []
            for token in tokens {
                switch token.kind {
                case .semicolon, .newline: statement = []
                case .endOfInput: break
                default: statement.append(token)
                }
            }
            var index = 0
            if statement.first?.identifier == "time", statement.count > 1 { index = 1 }
            guard index < statement.count, let name = statement[index].identifier else { return }
            commandName = name
            index += 1
            var depth = 0
            var expressionOpen = false
            afterAs = statement.count > index && statement.last?.identifier == "as"
            while index < statement.count {
                let token = statement[index]
                switch token.kind {
                case .leftBracket, .leftParen:
                    if depth == 0 && !expressionOpen { positionalCount += 1; positionalWords.append("") ; expressionOpen = true }
                    depth += 1
                case .rightBracket, .rightParen:
                    depth = max(0, depth - 1)
                case .identifier(let word) where depth == 0:
                    if index + 1 < statement.count, case .assign = statement[index + 1].kind {
                        labels.insert(word)
                        if index + 2 < statement.count {
                            labeledValues[word] = statement[index + 2].identifier ?? ""
                            index += 2
                        } else {
                            pendingLabel = word
                            index += 1
                        }
                        expressionOpen = false
                    } else if ["and", "or", "not", "is", "null"].contains(word) {
                        expressionOpen = word != "null"
                    } else if !expressionOpen {
                        positionalCount += 1
                        positionalWords.append(word)
                    } else {
                        expressionOpen = false
                    }
                case .comparison, .minus:
                    expressionOpen = true
                default:
                    if depth == 0 {
                        if !expressionOpen { positionalCount += 1; positionalWords.append("") } else { expressionOpen = false }
                    }
                }
                index += 1
            }
        }
    }
}
