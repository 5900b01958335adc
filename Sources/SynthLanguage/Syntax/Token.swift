/// One lexical token with the source range it came from.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case identifier(String)
        case integer(Int64)
        case number(Double)
        case string(String)
        /// `=`
        case assign
        /// `==`, `!=`, `<`, `<=`, `>`, `>=`
        case comparison(ComparisonOperator)
        case minus
        case leftParen, rightParen, leftBracket, rightBracket
        case comma, dot, semicolon
        /// A line break outside brackets: ends a command.
        case newline
        case endOfInput
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The identifier's text, if this token is one.
    public var identifier: String? { if case .identifier(let name) = kind { name } else { nil } }

    /// Whether this token is the given reserved word.
    public func isWord(_ word: String) -> Bool { identifier == word }
}

/// Comparison operators of filter expressions.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}
