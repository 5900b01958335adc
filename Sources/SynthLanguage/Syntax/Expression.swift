/// An expression of the language, with the source range it was parsed from.
public struct Expression: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case integer(Int64)
        case number(Double)
        case string(String)
        case boolean(Bool)
        case null
        /// A name: a session object (table, variable, `_`, `out3`) or a column in context.
        case identifier(String)
        /// `base.name`, e.g. `d.price`.
        case member(Expression, String)
        case list([Expression])
        case negate(Expression)
        case not(Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case compare(ComparisonOperator, Expression, Expression)
        /// `x is null` (`negated`: `x is not null`).
        case isNull(Expression, negated: Bool)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The identifier's name, when the expression is a bare identifier.
    public var identifierName: String? { if case .identifier(let name) = kind { name } else { nil } }
}
