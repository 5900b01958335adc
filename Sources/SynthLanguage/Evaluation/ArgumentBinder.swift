import SynthData

/// Matches a statement's arguments to a command spec, evaluates them by kind and validates
/// them (unknown option, missing argument, wrong type, unknown table or column).
struct ArgumentBinder {
    let session: Session
    let spec: CommandSpec
    let statement: CommandStatement
    /// Cells the arguments referred to (through `_` or `outN`, or a job a cell started).
    var dependencies: [Int] = []

    init(session: Session, spec: CommandSpec, statement: CommandStatement) {
        self.session = session
        self.spec = spec
        self.statement = statement
    }

    mutating func bind() throws -> BoundArguments {
        var given: [String: [Expression]] = [:]
        let positionalSpecs = spec.arguments.filter(\.isPositional)
        var positionalIndex = 0
        for argument in statement.arguments {
            let target: ArgumentSpec
            if let label = argument.label, spec.isAssignment, spec.argument(named: label) == nil,
               given[spec.arguments[0].name] == nil {
                // `let x = 5`: the label is the name, the value is the value.
                given[spec.arguments[0].name] = [Expression(.identifier(label), argument.labelRange ?? argument.range)]
                given[spec.arguments[1].name] = [argument.value]
                continue
            }
            if let label = argument.label {
                guard let named = spec.argument(named: label) else {
                    let names = spec.arguments.map(\.name)
                    if spec.arguments.contains(where: { if case .predicate = $0.kind { true } else { false } }) {
                        // `filter p species = "Adelie"`: `=` names an option; a comparison is `==`.
                        let comparison = "\(label) == \(NormalForm.expression(argument.value))"
                        throw LanguageError("`\(spec.name)` has no option `\(label)`; to compare, write `==`",
                                            at: argument.labelRange, hint: "did you mean `\(comparison)`?")
                    }
                    throw LanguageError("`\(spec.name)` has no option `\(label)`", at: argument.labelRange,
                                        hint: Suggestions.didYouMean(label, in: names)
                                            ?? (names.isEmpty ? "`\(spec.name)` takes no arguments" : "options: " + names.joined(separator: ", ")))
                }
                if given[label] != nil, !named.isVariadic {
                    throw LanguageError("`\(label)` is given twice", at: argument.range)
                }
                target = named
            } else {
                while positionalIndex < positionalSpecs.count, given[positionalSpecs[positionalIndex].name] != nil,
                      !positionalSpecs[positionalIndex].isVariadic {
                    positionalIndex += 1
                }
                guard positionalIndex < positionalSpecs.count else {
                    throw LanguageError("too many arguments for `\(spec.name)`", at: argument.range,
                                        hint: "usage: \(spec.usage)")
                }
                target = positionalSpecs[positionalIndex]
                if !target.isVariadic { positionalIndex += 1 }
            }
            given[target.name, default: []].append(argument.value)
        }
        for argument in spec.arguments where argument.isRequired && given[argument.name] == nil {
            throw LanguageError("`\(spec.name)` needs \(article(argument.kind.placeholder)) `\(argument.name)` argument",
                                at: statement.nameRange, hint: "usage: \(spec.usage)")
        }
        var bound = BoundArguments()
        // Tables first: columns and predicates are checked against them.
        let ordered = spec.arguments.filter { given[$0.name] != nil }
            .sorted { lhs, rhs in rank(lhs.kind) < rank(rhs.kind) }
        for argument in ordered {
            guard let expressions = given[argument.name] else { continue }
            try bindArgument(argument, expressions, into: &bound)
        }
        return bound
    }

    private func rank(_ kind: ArgumentKind) -> Int {
        if case .table = kind { return 0 }
        return 1
    }

    private func article(_ word: String) -> String {
        let vowels: Set<Character> = ["A", "E", "I", "O", "U"]
        return (word.first.map { vowels.contains($0) } ?? false) ? "an" : "a"
    }

    private mutating func bindArgument(_ argument: ArgumentSpec, _ expressions: [Expression],
                                       into bound: inout BoundArguments) throws {
        let first = expressions[0]
        let whole = expressions.count == 1 ? first
            : Expression(.list(expressions), first.range.union(expressions[expressions.count - 1].range))
        bound.expressions[argument.name] = whole
        switch argument.kind {
        case .table where argument.isVariadic:
            // `train planes flights`: one table per positional argument, each by name.
            var values: [LangValue] = [], texts: [String] = []
            for expression in expressions {
                let (value, text) = try tableValue(expression, argument: argument)
                if let name = value.tableBindingName, values.contains(where: { $0.tableBindingName == name }) {
                    throw LanguageError("the table `\(name)` is given twice", at: expression.range)
                }
                values.append(value)
                texts.append(text)
            }
            bound.values[argument.name] = expressions.count == 1 ? values[0] : .list(values)
            bound.normalTexts[argument.name] = texts.joined(separator: " ")
        case .table:
            let (value, text) = try tableValue(first, argument: argument)
            bound.values[argument.name] = value
            bound.normalTexts[argument.name] = text
        case .column(let tableArgument):
            let name = try columnName(first, table: bound.values[tableArgument]?.tableOrSchema)
            bound.values[argument.name] = .string(name)
            bound.normalTexts[argument.name] = NormalForm.name(name)
        case .columns(let tableArgument):
            var items: [Expression] = []
            for expression in expressions {
                if case .list(let inner) = expression.kind { items += inner } else { items.append(expression) }
            }
            if items.isEmpty { throw LanguageError("`\(argument.name)` needs at least one column", at: whole.range) }
            let table = bound.values[tableArgument]?.tableOrSchema
            var names: [String] = []
            for item in items {
                let resolved = try columnNames(item, table: table)
                names += resolved
            }
            bound.values[argument.name] = .list(names.map { .string($0) })
            bound.normalTexts[argument.name] = argument.isVariadic
                ? names.map(NormalForm.name).joined(separator: " ")
                : "[" + names.map(NormalForm.name).joined(separator: ", ") + "]"
        case .predicate(let tableArgument):
            guard let table = bound.values[tableArgument]?.tableOrSchema else {
                throw LanguageError("a condition needs a table", at: first.range)
            }
            _ = try PredicateCompiler(table: table, session: session).check(first)
            bound.values[argument.name] = .string(NormalForm.expression(first))
            bound.normalTexts[argument.name] = NormalForm.expression(first)
        case .inputFile(let extensions), .outputFile(let extensions):
            if case .inputFile = argument.kind, spec.name == "load", case .member(let base, let table) = first.kind,
               let connector = base.identifierName, session.value(named: connector) == nil {
                // `load pg.flights`: a connector's table, not a file.
                bound.values[argument.name] = .list([.string(connector), .string(table)])
                bound.normalTexts[argument.name] = NormalForm.name(connector) + "." + NormalForm.name(table)
                return
            }
            let value = try evaluate(first)
            guard case .string(let path) = value else {
                throw LanguageError("`\(argument.name)` must be a file path in quotes, not \(value.typeName == "table" ? "a table" : "a \(value.typeName)")",
                                    at: first.range, hint: first.identifierName.map { "write \"\($0)\" with quotes" })
            }
            if !extensions.isEmpty {
                let ext = FileExtension.of(path)
                if !extensions.contains(ext) {
                    throw LanguageError("`\(spec.name)` expects \(extensions.map { "." + $0 }.joined(separator: ", ")) files, not '\(path)'",
                                        at: first.range)
                }
            }
            bound.values[argument.name] = value
            bound.normalTexts[argument.name] = NormalForm.quoted(path)
        case .newName, .commandName:
            guard let name = first.identifierName ?? stringLiteral(first) else {
                throw LanguageError("`\(argument.name)` must be a name", at: first.range)
            }
            bound.values[argument.name] = .string(name)
            bound.normalTexts[argument.name] = NormalForm.name(name)
        case .choice(let words):
            guard let word = first.identifierName ?? stringLiteral(first), words.contains(word) else {
                let word = first.identifierName ?? stringLiteral(first) ?? NormalForm.expression(first)
                throw LanguageError("`\(argument.name)` must be one of \(words.joined(separator: ", ")), not '\(word)'",
                                    at: first.range, hint: Suggestions.didYouMean(word, in: words))
            }
            bound.values[argument.name] = .string(word)
            bound.normalTexts[argument.name] = word
        case .integer:
            let value = try evaluateTyped(first, argument, expected: "an integer")
            guard case .integer = value else { throw typeError(argument, expected: "an integer", value, first) }
            try checkMinimum(argument, value, first)
            bound.values[argument.name] = value
            bound.normalTexts[argument.name] = value.literalText
        case .number:
            let value = try evaluateTyped(first, argument, expected: "a number")
            guard value.numeric != nil else { throw typeError(argument, expected: "a number", value, first) }
            try checkMinimum(argument, value, first)
            bound.values[argument.name] = value
            bound.normalTexts[argument.name] = value.literalText
        case .boolean:
            let value = try evaluateTyped(first, argument, expected: "true or false")
            guard case .boolean = value else { throw typeError(argument, expected: "true or false", value, first) }
            bound.values[argument.name] = value
            bound.normalTexts[argument.name] = value.literalText
        case .job:
            // A job id (`3`), a name, or a variable bound by `train … as NAME`; a job this
            // session started is recorded by the session's own name for it, so a replayed
            // session refers to its own new job.
            var (reference, text) = try jobReference(first, argument)
            (reference, text) = sessionJob(reference, text: text, written: first)
            bound.values[argument.name] = .string(reference)
            bound.normalTexts[argument.name] = text
        case .tableOrJob:
            if let name = first.identifierName, session.value(named: name)?.tableOrSchema != nil {
                let (value, text) = try tableValue(first, argument: argument)
                bound.values[argument.name] = value
                bound.normalTexts[argument.name] = text
            } else {
                var (reference, text) = try jobReference(first, argument, expected: "a table or a job (id or name)")
                (reference, text) = sessionJob(reference, text: text, written: first)
                bound.values[argument.name] = .string(reference)
                bound.normalTexts[argument.name] = text
            }
        case .tableColumn:
            guard case .member(let base, let column) = first.kind, let tableName = base.identifierName else {
                throw LanguageError("`\(argument.name)` must be written TABLE.COLUMN, e.g. d.price", at: first.range)
            }
            let (value, text) = try tableValue(base, argument: argument)
            let table = value.tableOrSchema!
            guard table.columnIndex(named: column) != nil else {
                throw LanguageError("unknown column `\(column)` in `\(tableName)`", at: first.range,
                                    hint: Suggestions.didYouMean(column, in: table.columnNames)
                                        ?? "columns: " + table.columnNames.joined(separator: ", "))
            }
            bound.values[argument.name] = .column(table: tableName, column: column)
            bound.normalTexts[argument.name] = text + "." + NormalForm.name(column)
        case .string, .model, .encodingType:
            let text: String
            if let name = first.identifierName, session.value(named: name) == nil {
                text = name  // a bare word is text: `qa j column=species`
            } else if case .member(let base, let member) = first.kind, let name = base.identifierName,
                      session.value(named: name) == nil || session.value(named: name)?.tableOrSchema != nil {
                // A dotted word is text too (`write j to=pg.synthetic`), also when it starts with
                // a table's name (`catalog encode c flights.carrier as categorical`).
                text = name + "." + member
            } else {
                let value = try evaluate(first)
                guard case .string(let s) = value else { throw typeError(argument, expected: "text", value, first) }
                text = s
            }
            bound.values[argument.name] = .string(text)
            bound.normalTexts[argument.name] = NormalForm.quoted(text)
        case .value:
            if let name = first.identifierName, session.isCellReference(name), let cell = session.cellNumber(referencedBy: name),
               let value = session.value(named: name) {
                if value.table != nil { dependencies.append(cell) }
                bound.values[argument.name] = value
                bound.normalTexts[argument.name] = value.table != nil ? "out\(cell)" : value.literalText
            } else {
                let value = try evaluate(whole)
                bound.values[argument.name] = value
                bound.normalTexts[argument.name] = value.literalText
            }
            if case .string(let reference)? = bound.values[argument.name], session.jobOrigin(of: reference) != nil,
               first.identifierName != nil || !spec.isAssignment {
                // A job of this session (`qa j`, `let k = j`): recorded as the session's name for it.
                let written = first.identifierName.flatMap { session.isCellReference($0) ? nil : $0 }
                let (id, text) = sessionJob(reference, text: written ?? NormalForm.quoted(reference), written: first)
                bound.values[argument.name] = .string(id)
                bound.normalTexts[argument.name] = text
            }
        }
    }

    private func stringLiteral(_ expression: Expression) -> String? {
        if case .string(let s) = expression.kind { s } else { nil }
    }

    private func typeError(_ argument: ArgumentSpec, expected: String, _ value: LangValue, _ expression: Expression) -> LanguageError {
        LanguageError("`\(argument.name)` must be \(expected), not a \(value.typeName) (\(value.literalText))", at: expression.range)
    }

    /// Evaluates a typed argument's value; a bare word that names nothing is a value of the
    /// wrong kind (`epochs=abc`), not an unknown name.
    private func evaluateTyped(_ expression: Expression, _ argument: ArgumentSpec, expected: String) throws -> LangValue {
        if let word = expression.identifierName, session.value(named: word) == nil {
            throw LanguageError("`\(argument.name)` must be \(expected), not the word `\(word)`", at: expression.range,
                                hint: argument.kind == .boolean ? "write true or false" : "for example: \(argument.name)=\(example(argument))")
        }
        return try evaluate(expression)
    }

    /// A valid value of a typed argument, for hints.
    private func example(_ argument: ArgumentSpec) -> String {
        let least = argument.minimum.map { argument.minimumIsExclusive ? $0 + 1 : $0 } ?? 1
        return argument.kind == .integer ? String(Int64(max(least, 1))) : String(max(least, 1))
    }

    /// Rejects a number below the argument's minimum, with the caret under it.
    private func checkMinimum(_ argument: ArgumentSpec, _ value: LangValue, _ expression: Expression) throws {
        guard let minimum = argument.minimum, let number = value.numeric else { return }
        let ok = argument.minimumIsExclusive ? number > minimum : number >= minimum
        guard !ok else { return }
        let bound = minimum == minimum.rounded() ? String(Int64(minimum)) : String(minimum)
        throw LanguageError("`\(argument.name)` must be \(argument.minimumIsExclusive ? "above" : "at least") \(bound), not \(value.literalText)",
                            at: expression.range)
    }

    /// A job argument: an id, a name (a bare word that names nothing in the session is a job
    /// name in the store, so jobs from other sessions work), or a variable bound by
    /// `train … as NAME`; the normal form keeps the variable so a replayed session refers to
    /// its own new job. Returns the reference and its normal text.
    private func jobReference(_ expression: Expression, _ argument: ArgumentSpec,
                              expected: String = "a job (id or name)") throws -> (String, String) {
        if let name = expression.identifierName, session.value(named: name) == nil {
            return (name, NormalForm.quoted(name))
        }
        let value = try evaluate(expression)
        switch value {
        case .integer(let id):
            return (String(id), String(id))
        case .string(let text):
            return (text, expression.identifierName ?? NormalForm.quoted(text))
        default:
            throw typeError(argument, expected: expected, value, expression)
        }
    }

    /// Evaluates a general expression to a value.
    func evaluate(_ expression: Expression) throws -> LangValue {
        try ValueEvaluator(session: session).evaluate(expression)
    }

    private mutating func tableValue(_ expression: Expression, argument: ArgumentSpec) throws -> (LangValue, String) {
        guard let name = expression.identifierName ?? stringLiteral(expression) else {
            throw LanguageError("`\(argument.name)` must name a table", at: expression.range)
        }
        guard let value = session.value(named: name) else {
            let hint = Suggestions.didYouMean(name, in: session.tableNames)
                ?? (session.tableNames.isEmpty ? "load one first: load \"file.csv\" as \(name)" : "tables: " + session.tableNames.joined(separator: ", "))
            throw LanguageError("unknown table `\(name)`", at: expression.range, hint: hint)
        }
        guard value.tableOrSchema != nil else {
            throw LanguageError("`\(name)` is a \(value.typeName), not a table", at: expression.range)
        }
        if let lazy = value.lazyTable, !LazyTable.streamingCommands.contains(spec.name) {
            throw LanguageError("`\(name)` is a lazy table (\(lazy.rowCount) rows left in \(lazy.shownSource)): `\(spec.name)` needs its rows in memory",
                                at: expression.range,
                                hint: LazyTable.streamingCommands.sorted().joined(separator: ", ") + " read it in batches; `load … lazy=false` reads a file into memory")
        }
        if session.isCellReference(name), let cell = session.cellNumber(referencedBy: name) {
            dependencies.append(cell)
            return (value.named("out\(cell)"), "out\(cell)")
        }
        return (value.named(name), NormalForm.name(name))
    }

    private func columnName(_ expression: Expression, table: Table?) throws -> String {
        let names = try columnNames(expression, table: table)
        guard names.count == 1 else { throw LanguageError("expected one column", at: expression.range) }
        return names[0]
    }

    /// Column names from an identifier, string, `t.col` or a variable holding names.
    private func columnNames(_ expression: Expression, table: Table?) throws -> [String] {
        var candidates: [String]
        switch expression.kind {
        case .identifier(let name):
            if let table, table.columnIndex(named: name) != nil { return [name] }
            if let value = session.value(named: name) {
                switch value {
                case .string(let s): candidates = [s]
                case .list(let items): candidates = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
                case .column(_, let column): candidates = [column]
                default: candidates = [name]
                }
            } else {
                candidates = [name]
            }
        case .string(let name): candidates = [name]
        case .member(_, let name): candidates = [name]
        default:
            throw LanguageError("expected a column name", at: expression.range)
        }
        if let table {
            for name in candidates where table.columnIndex(named: name) == nil {
                throw LanguageError("unknown column `\(name)`", at: expression.range,
                                    hint: Suggestions.didYouMean(name, in: table.columnNames)
                                        ?? "columns: " + table.columnNames.joined(separator: ", "))
            }
        }
        return candidates
    }
}

/// Lower-cased extension of a path, without the dot (`""` when none).
public enum FileExtension {
    public static func of(_ path: String) -> String {
        guard let name = path.split(separator: "/").last, let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
