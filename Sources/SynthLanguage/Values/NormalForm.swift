/// The canonical text of commands and values, as `session save` writes them.
public enum NormalForm {
    /// A string literal with escapes, in double quotes.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\0": result += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Whether `text` can be written as a bare identifier.
    public static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, !Parser.reservedWords.contains(text) else { return false }
        let isStart = { (b: UInt8) in (b | 0x20) >= 97 && (b | 0x20) <= 122 || b == 95 }
        guard isStart(first) else { return false }
        return text.utf8.allSatisfy { isStart($0) || ($0 >= 48 && $0 <= 57) }
    }

    /// A name as an identifier when it can be one, else as a string literal.
    public static func name(_ text: String) -> String { isIdentifier(text) ? text : quoted(text) }

    /// The canonical text of an expression.
    public static func expression(_ expression: Expression) -> String {
        switch expression.kind {
        case .integer(let v): return String(v)
        case .number(let v): return LangValue.number(v).displayText
        case .string(let v): return quoted(v)
        case .boolean(let v): return v ? "true" : "false"
        case .null: return "null"
        case .identifier(let name): return name
        case let .member(base, name): return self.expression(base) + "." + self.name(name)
        case .list(let items): return "[" + items.map(self.expression).joined(separator: ", ") + "]"
        case .negate(let operand): return "-" + grouped(operand)
        case .not(let operand): return "not " + grouped(operand)
        case let .and(a, b): return grouped(a, inside: .and) + " and " + grouped(b, inside: .and)
        case let .or(a, b): return grouped(a, inside: .or) + " or " + grouped(b, inside: .or)
        case let .compare(op, a, b): return grouped(a) + " " + op.rawValue + " " + grouped(b)
        case let .isNull(operand, negated): return grouped(operand) + (negated ? " is not null" : " is null")
        }
    }

    private enum Context { case and, or, tight }

    private static func grouped(_ expression: Expression, inside context: Context = .tight) -> String {
        let text = self.expression(expression)
        switch (expression.kind, context) {
        case (.and, .and), (.or, .or), (.and, .or): return text
        case (.and, _), (.or, _), (.compare, .tight), (.isNull, .tight), (.not, .tight): return "(" + text + ")"
        default: return text
        }
    }
}
