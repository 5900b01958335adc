/// Parses tokens into command statements. Never prints: it returns diagnostics, and says
/// whether the input merely stopped early (`isIncomplete`), so a REPL can ask for more.
///
/// Grammar (see docs/LANGUAGE.md):
/// ```
/// script     := statement? ((";" | NEWLINE) statement?)* EOF
/// statement  := ["time"] IDENT argument* ["as" IDENT]
/// argument   := IDENT "=" expr | expr
/// expr       := and ("or" and)*
/// and        := not ("and" not)*
/// not        := "not" not | comparison
/// comparison := unary (COMPARE unary | "is" ["not"] "null")?
/// unary      := "-" unary | postfix
/// postfix    := primary ("." IDENT)*
/// primary    := INTEGER | NUMBER | STRING | "true" | "false" | "null" | IDENT
///             | "[" [expr ("," expr)* [","]] "]" | "(" expr ")"
/// ```
///
/// No expression nests deeper than `maximumNesting` levels, counting both the brackets and
/// prefix operators the parser descends into and the height of the tree it builds (a long
/// `a and b and …` chain is a deep tree). So the parser, and everything that later walks an
/// expression recursively (evaluation, predicates, normal forms), runs in bounded stack.
/// Diagnostics are bounded too (`DiagnosticBudget`): after the first error in a command the
/// parser skips to the next one.
public struct Parser {
    /// What a parse produced.
    public struct Result: Sendable {
        public var statements: [CommandStatement]
        public var diagnostics: [Diagnostic]
        /// Byte length of the input (where "the end of the input" is).
        public var endOffset: Int
        /// Where each comment is (`#` to the end of its line), in source order.
        public var comments: [SourceRange] = []

        /// Whether the input ended inside a construct (open quote or bracket, trailing `\`)
        /// and nothing else is wrong: a REPL should ask for a continuation line.
        public var isIncomplete: Bool {
            diagnostics.contains { $0.category == .incomplete }
                && !diagnostics.contains { $0.category == .syntax && ($0.range?.start ?? 0) < endOffset }
        }

        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Words that cannot name a command or an argument label.
    public static let reservedWords: Set<String> = ["and", "or", "not", "is", "null", "true", "false", "as"]

    /// The deepest an expression may nest: brackets, parentheses, `-`, `not`, and the
    /// operands of `and`, `or`, comparisons and `.` chains.
    public static let maximumNesting = 256

    private var tokens: [Token]
    private var index = 0
    private var diagnostics: DiagnosticBudget
    /// Brackets and prefix operators the parser is inside of now.
    private var nesting = 0

    private init(tokens: [Token], source: SourceFile) {
        self.tokens = tokens
        diagnostics = DiagnosticBudget(for: source)
    }

    /// Lexes and parses `source`.
    public static func parse(_ source: SourceFile) -> Result {
        let lexed = Lexer.tokenize(source)
        var parser = Parser(tokens: lexed.tokens, source: source)
        let statements = parser.parseScript()
        var diagnostics = DiagnosticBudget.merged([lexed.diagnostics, parser.diagnostics.diagnostics],
                                                  overflowed: lexed.overflowed || parser.diagnostics.overflowed,
                                                  in: source)
        // Once the input is known to be cut short, errors at its end only repeat that.
        if diagnostics.contains(where: { $0.category == .incomplete }) {
            diagnostics.removeAll { $0.category == .syntax && ($0.range?.start ?? 0) >= source.bytes.count }
        }
        return Result(statements: statements, diagnostics: diagnostics, endOffset: source.bytes.count,
                      comments: lexed.comments)
    }

    private struct Failure: Error {}

    private var current: Token { tokens[min(index, tokens.count - 1)] }
    private var next: Token { tokens[min(index + 1, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private var atStatementEnd: Bool {
        switch current.kind {
        case .semicolon, .newline, .endOfInput: true
        default: false
        }
    }

    private mutating func parseScript() -> [CommandStatement] {
        var statements: [CommandStatement] = []
        while true {
            while case .semicolon = current.kind { _ = advance() }
            while case .newline = current.kind { _ = advance() }
            if case .endOfInput = current.kind { break }
            if atStatementEnd { continue }
            do {
                statements.append(try parseStatement())
                if !atStatementEnd {
                    report(.syntax("expected `;` or a new line after the command, found \(describe(current))", at: current.range))
                    throw Failure()
                }
            } catch {
                skipToStatementEnd()
            }
        }
        return statements
    }

    /// Recovers from an error at the next statement boundary (`;`, a new line or the end).
    private mutating func skipToStatementEnd() {
        while index < tokens.count - 1 {
            switch tokens[index].kind {
            case .semicolon, .newline, .endOfInput: return
            default: index += 1
            }
        }
    }

    private mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.add(diagnostic)
    }

    /// Enters a bracket or prefix operator at `token`; fails once that nests too deeply.
    /// Each call that returns is paired with a `nesting -= 1` when the construct ends.
    private mutating func enterNested(at token: Token) throws {
        if nesting >= Parser.maximumNesting { try tooDeep(at: token) }
        nesting += 1
    }

    /// `expression`, built at `token`, unless its tree is too deep.
    private mutating func checked(_ expression: Expression, at token: Token) throws -> Expression {
        if expression.depth > Parser.maximumNesting { try tooDeep(at: token) }
        return expression
    }

    private mutating func tooDeep(at token: Token) throws -> Never {
        report(.syntax("expression nested too deeply (more than \(Parser.maximumNesting) levels)", at: token.range,
                       hint: "split it into smaller expressions, e.g. with `let`"))
        throw Failure()
    }

    private mutating func parseStatement() throws -> CommandStatement {
        nesting = 0
        var isTimed = false
        var start = current.range.start
        if current.isWord("time"), case .identifier = next.kind {
            isTimed = true
            start = advance().range.start
        }
        guard case .identifier(let name) = current.kind, !Parser.reservedWords.contains(name) else {
            report(.syntax("expected a command name, found \(describe(current))", at: current.range,
                           hint: "type `help` for the list of commands"))
            throw Failure()
        }
        let nameToken = advance()
        var arguments: [Argument] = []
        var binding: String?
        var bindingRange: SourceRange?
        while !atStatementEnd {
            if current.isWord("as") {
                let asToken = advance()
                guard case .identifier(let bound) = current.kind, !Parser.reservedWords.contains(bound) else {
                    if case .endOfInput = current.kind {
                        report(.syntax("expected a name after `as`", at: asToken.range))
                    } else {
                        report(.syntax("expected a name after `as`, found \(describe(current))", at: current.range))
                    }
                    throw Failure()
                }
                bindingRange = advance().range
                binding = bound
                break
            }
            if case .identifier(let label) = current.kind, case .assign = next.kind, !Parser.reservedWords.contains(label) {
                let labelToken = advance()
                _ = advance()
                let value = try parseExpression()
                arguments.append(Argument(label: label, labelRange: labelToken.range, value: value))
            } else {
                if case .assign = current.kind {
                    report(.syntax("unexpected `=`", at: current.range, hint: "use `==` to compare, or `key=value` for an option"))
                    throw Failure()
                }
                arguments.append(Argument(value: try parseExpression()))
            }
        }
        let end = bindingRange?.end ?? arguments.last?.range.end ?? nameToken.range.end
        return CommandStatement(name: name, nameRange: nameToken.range, arguments: arguments, binding: binding,
                                bindingRange: bindingRange, isTimed: isTimed, range: SourceRange(start, end))
    }

    private mutating func parseExpression() throws -> Expression {
        var left = try parseAnd()
        while current.isWord("or") {
            let token = advance()
            let right = try parseAnd()
            left = try checked(Expression(.or(left, right), left.range.union(right.range)), at: token)
        }
        return left
    }

    private mutating func parseAnd() throws -> Expression {
        var left = try parseNot()
        while current.isWord("and") {
            let token = advance()
            let right = try parseNot()
            left = try checked(Expression(.and(left, right), left.range.union(right.range)), at: token)
        }
        return left
    }

    private mutating func parseNot() throws -> Expression {
        if current.isWord("not") {
            let token = current
            try enterNested(at: token)
            defer { nesting -= 1 }
            _ = advance()
            let operand = try parseNot()
            return try checked(Expression(.not(operand), token.range.union(operand.range)), at: token)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> Expression {
        let left = try parseUnary()
        if case .comparison(let op) = current.kind {
            let token = advance()
            let right = try parseUnary()
            return try checked(Expression(.compare(op, left, right), left.range.union(right.range)), at: token)
        }
        if current.isWord("is") {
            let token = advance()
            var negated = false
            if current.isWord("not") { _ = advance(); negated = true }
            guard current.isWord("null") else {
                report(.syntax("expected `null` after `is`", at: current.range, hint: "write `x is null` or `x is not null`"))
                throw Failure()
            }
            let end = advance().range
            return try checked(Expression(.isNull(left, negated: negated), left.range.union(end)), at: token)
        }
        return left
    }

    private mutating func parseUnary() throws -> Expression {
        if case .minus = current.kind {
            let token = current
            try enterNested(at: token)
            defer { nesting -= 1 }
            _ = advance()
            let operand = try parseUnary()
            switch operand.kind {
            case .integer(let v) where v != Int64.min: return Expression(.integer(-v), token.range.union(operand.range))
            case .number(let v): return Expression(.number(-v), token.range.union(operand.range))
            default: return try checked(Expression(.negate(operand), token.range.union(operand.range)), at: token)
            }
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws -> Expression {
        var expression = try parsePrimary()
        while case .dot = current.kind {
            let dot = advance()
            guard case .identifier(let name) = current.kind else {
                if case .string(let name) = current.kind {
                    let token = advance()
                    expression = try checked(Expression(.member(expression, name), expression.range.union(token.range)), at: dot)
                    continue
                }
                report(.syntax("expected a column name after `.`", at: current.range))
                throw Failure()
            }
            let token = advance()
            expression = try checked(Expression(.member(expression, name), expression.range.union(token.range)), at: dot)
        }
        return expression
    }

    private mutating func parsePrimary() throws -> Expression {
        let token = current
        switch token.kind {
        case .integer(let v): _ = advance(); return Expression(.integer(v), token.range)
        case .number(let v): _ = advance(); return Expression(.number(v), token.range)
        case .string(let v): _ = advance(); return Expression(.string(v), token.range)
        case .identifier(let name):
            switch name {
            case "true": _ = advance(); return Expression(.boolean(true), token.range)
            case "false": _ = advance(); return Expression(.boolean(false), token.range)
            case "null": _ = advance(); return Expression(.null, token.range)
            case "and", "or", "is", "as":
                report(.syntax("unexpected `\(name)`", at: token.range))
                throw Failure()
            default: _ = advance(); return Expression(.identifier(name), token.range)
            }
        case .leftBracket:
            try enterNested(at: token)
            defer { nesting -= 1 }
            _ = advance()
            var elements: [Expression] = []
            while true {
                if case .rightBracket = current.kind { break }
                elements.append(try parseExpression())
                if case .comma = current.kind { _ = advance(); continue }
                if case .rightBracket = current.kind { break }
                try expectClosing("]", opened: token)
            }
            let end = advance()
            return try checked(Expression(.list(elements), token.range.union(end.range)), at: token)
        case .leftParen:
            try enterNested(at: token)
            defer { nesting -= 1 }
            _ = advance()
            let inner = try parseExpression()
            guard case .rightParen = current.kind else { try expectClosing(")", opened: token); throw Failure() }
            let end = advance()
            return Expression(inner.kind, token.range.union(end.range))
        case .endOfInput:
            report(.syntax("expected a value, found the end of the input", at: token.range))
            throw Failure()
        default:
            report(.syntax("expected a value, found \(describe(token))", at: token.range))
            throw Failure()
        }
    }

    /// Reports a missing closing bracket: incomplete at the end of input, a syntax error otherwise.
    private mutating func expectClosing(_ closing: String, opened: Token) throws {
        if case .endOfInput = current.kind {
            report(.incomplete("`\(describe(opened))` is never closed", at: opened.range))
        } else {
            report(.syntax("expected `,` or `\(closing)`, found \(describe(current))", at: current.range))
        }
        throw Failure()
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .identifier(let name): "`\(name)`"
        case .integer(let v): "`\(v)`"
        case .number(let v): "`\(v)`"
        case .string: "a string"
        case .assign: "`=`"
        case .comparison(let op): "`\(op.rawValue)`"
        case .minus: "`-`"
        case .leftParen: "("
        case .rightParen: "`)`"
        case .leftBracket: "["
        case .rightBracket: "`]`"
        case .comma: "`,`"
        case .dot: "`.`"
        case .semicolon: "`;`"
        case .newline: "the end of the line"
        case .endOfInput: "the end of the input"
        }
    }
}
