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

    public var kind: Kind { didSet { depth = Expression.depth(of: kind) } }
    public var range: SourceRange
    /// Levels of the tree: 1 for a literal or name, one more than the deepest operand
    /// otherwise. The parser keeps it at most `Parser.maximumNesting`.
    public private(set) var depth: Int

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        depth = Expression.depth(of: kind)
    }

    /// The depth of a node of `kind` from its operands' depths (not recursive).
    private static func depth(of kind: Kind) -> Int {
        switch kind {
        case .integer, .number, .string, .boolean, .null, .identifier: 1
        case .member(let base, _): base.depth + 1
        case .list(let items): (items.map(\.depth).max() ?? 0) + 1
        case .negate(let operand), .not(let operand), .isNull(let operand, _): operand.depth + 1
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b): max(a.depth, b.depth) + 1
        }
    }

    /// The identifier's name, when the expression is a bare identifier.
    public var identifierName: String? { if case .identifier(let name) = kind { name } else { nil } }
}
