/// Evaluates expressions that stand for values (not row conditions): literals, names,
/// lists, `t.col`, and comparisons or `and`/`or` of such values.
struct ValueEvaluator {
    let session: Session

    func evaluate(_ expression: Expression) throws -> LangValue {
        switch expression.kind {
        case .integer(let v): return .integer(v)
        case .number(let v): return .number(v)
        case .string(let v): return .string(v)
        case .boolean(let v): return .boolean(v)
        case .null: return .null
        case .identifier(let name):
            guard let value = session.value(named: name) else {
                throw LanguageError("unknown name `\(name)`", at: expression.range,
                                    hint: Suggestions.didYouMean(name, in: session.bindingOrder)
                                        ?? (name == "_" ? "no cell has produced a result yet" : nil))
            }
            if value.tableOrSchema != nil, value.tableBindingName == nil { return value.named(name) }
            return value
        case let .member(base, column):
            guard let baseName = base.identifierName, let table = session.table(named: baseName) else {
                throw LanguageError("`.\(column)` needs a table name before it", at: base.range)
            }
            guard table.columnIndex(named: column) != nil else {
                throw LanguageError("unknown column `\(column)` in `\(baseName)`", at: expression.range,
                                    hint: Suggestions.didYouMean(column, in: table.columnNames))
            }
            return .column(table: baseName, column: column)
        case .list(let items):
            // Names let a list hold lists built before (`let x = [x, x]`): bound what that nests
            // and holds, so printing, comparing and freeing the value stay small and shallow.
            let list = LangValue.list(try items.map(evaluate))
            switch list.exceedsLimits(depth: Parser.maximumNesting, values: LangValue.maximumListValues) {
            case .depth:
                throw LanguageError("list nested too deeply (more than \(Parser.maximumNesting) levels)", at: expression.range)
            case .values:
                throw LanguageError("list too large (more than \(LangValue.maximumListValues) values)", at: expression.range)
            case nil:
                return list
            }
        case .negate(let operand):
            switch try evaluate(operand) {
            case .integer(let v) where v != Int64.min: return .integer(-v)
            case .number(let v): return .number(-v)
            case let other: throw LanguageError("cannot negate a \(other.typeName)", at: expression.range)
            }
        case .not(let operand):
            return .boolean(!(try boolean(operand)))
        case let .and(a, b):
            return .boolean(try boolean(a) && boolean(b))
        case let .or(a, b):
            return .boolean(try boolean(a) || boolean(b))
        case let .isNull(operand, negated):
            let isNull = try evaluate(operand) == .null
            return .boolean(negated ? !isNull : isNull)
        case let .compare(op, a, b):
            let left = try evaluate(a), right = try evaluate(b)
            if let x = left.numeric, let y = right.numeric { return .boolean(op.holds(x, y)) }
            switch (left, right) {
            case let (.string(x), .string(y)): return .boolean(op.holds(x, y))
            case let (.boolean(x), .boolean(y)):
                if op == .equal || op == .notEqual { return .boolean(op.holds(x ? 1 : 0, y ? 1 : 0)) }
            case (.null, _), (_, .null): return .boolean(false)
            default: break
            }
            throw LanguageError("cannot compare a \(left.typeName) with a \(right.typeName)", at: expression.range)
        }
    }

    private func boolean(_ expression: Expression) throws -> Bool {
        guard case .boolean(let v) = try evaluate(expression) else {
            throw LanguageError("expected true or false", at: expression.range)
        }
        return v
    }
}

extension ComparisonOperator {
    /// Whether `lhs op rhs`.
    @inline(__always)
    func holds<T: Comparable>(_ lhs: T, _ rhs: T) -> Bool {
        switch self {
        case .equal: lhs == rhs
        case .notEqual: lhs != rhs
        case .less: lhs < rhs
        case .lessOrEqual: lhs <= rhs
        case .greater: lhs > rhs
        case .greaterOrEqual: lhs >= rhs
        }
    }

    /// The operator with its operands swapped (`a < b` ⇔ `b > a`).
    var flipped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        }
    }
}
