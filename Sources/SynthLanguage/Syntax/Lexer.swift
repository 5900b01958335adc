/// Turns source text into tokens. Never prints: problems become diagnostics.
///
/// Comments run from `#` to the end of the line. A `\` right before a line break joins the
/// lines. Line breaks inside `(` `)` or `[` `]` are ignored; elsewhere they end a command.
public struct Lexer {
    public struct Result: Sendable {
        public var tokens: [Token]
        /// The problems found, at most `DiagnosticBudget`'s limits of them.
        public var diagnostics: [Diagnostic]
        /// Whether problems were left out of `diagnostics` because there were too many.
        public var overflowed: Bool
        /// Where each comment is, from `#` to the end of its line (the line break excluded).
        public var comments: [SourceRange] = []
    }

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    /// Start offsets of the brackets still open.
    private var openBrackets: [Int] = []
    private var tokens: [Token] = []
    private var comments: [SourceRange] = []
    private var diagnostics: DiagnosticBudget

    public init(_ source: SourceFile) {
        bytes = source.bytes
        diagnostics = DiagnosticBudget(for: source)
    }

    /// Lexes the whole source.
    public static func tokenize(_ source: SourceFile) -> Result {
        var lexer = Lexer(source)
        return lexer.run()
    }

    private mutating func run() -> Result {
        while position < bytes.count {
            let byte = bytes[position]
            let start = position
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "\n"):
                position += 1
                if depth == 0 { add(.newline, start) }
            case UInt8(ascii: "#"):
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                comments.append(SourceRange(start, position))
            case UInt8(ascii: "\\"):
                lexBackslash(start)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                lexString(quote: byte)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                lexNumber()
            case UInt8(ascii: "."):
                if position + 1 < bytes.count, isDigit(bytes[position + 1]), !previousIsValue { lexNumber() } else { position += 1; add(.dot, start) }
            case UInt8(ascii: "="):
                position += 1
                if peek(UInt8(ascii: "=")) { position += 1; add(.comparison(.equal), start) } else { add(.assign, start) }
            case UInt8(ascii: "!"):
                position += 1
                if peek(UInt8(ascii: "=")) {
                    position += 1
                    add(.comparison(.notEqual), start)
                } else {
                    diagnostics.add(.syntax("unexpected character '!'", at: SourceRange(start, position),
                                            hint: "use `not` for negation and `!=` for inequality"))
                }
            case UInt8(ascii: "<"):
                position += 1
                if peek(UInt8(ascii: "=")) { position += 1; add(.comparison(.lessOrEqual), start) } else { add(.comparison(.less), start) }
            case UInt8(ascii: ">"):
                position += 1
                if peek(UInt8(ascii: "=")) { position += 1; add(.comparison(.greaterOrEqual), start) } else { add(.comparison(.greater), start) }
            case UInt8(ascii: "-"): position += 1; add(.minus, start)
            case UInt8(ascii: "("), UInt8(ascii: "["):
                position += 1
                depth += 1
                openBrackets.append(start)
                add(byte == UInt8(ascii: "(") ? .leftParen : .leftBracket, start)
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                position += 1
                depth = max(0, depth - 1)
                if !openBrackets.isEmpty { openBrackets.removeLast() }
                add(byte == UInt8(ascii: ")") ? .rightParen : .rightBracket, start)
            case UInt8(ascii: ","): position += 1; add(.comma, start)
            case UInt8(ascii: ";"): position += 1; add(.semicolon, start)
            default:
                if identifierCharacterLength(at: position, continuing: false) > 0 {
                    lexIdentifier()
                } else {
                    lexUnexpectedCharacters()
                }
            }
        }
        if let open = openBrackets.last {
            let bracket = bytes[open] == UInt8(ascii: "(") ? "(" : "["
            diagnostics.add(.incomplete("`\(bracket)` is never closed", at: SourceRange(open, open + 1)))
        }
        add(.endOfInput, bytes.count)
        return Result(tokens: tokens, diagnostics: diagnostics.diagnostics, overflowed: diagnostics.overflowed,
                      comments: comments)
    }

    private var previousIsValue: Bool {
        guard let last = tokens.last else { return false }
        switch last.kind {
        case .identifier, .rightParen, .rightBracket, .string, .integer, .number: return last.range.end == position
        default: return false
        }
    }

    private mutating func add(_ kind: Token.Kind, _ start: Int) {
        tokens.append(Token(kind, SourceRange(start, position)))
    }

    private func peek(_ byte: UInt8) -> Bool { position < bytes.count && bytes[position] == byte }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Bytes of the identifier character at `index`, 0 when there is none there: an ASCII
    /// letter or `_` (or digit when `continuing`), or a non-ASCII character that Unicode counts
    /// as part of identifiers (XID_Continue: letters, marks, digits; not controls, spaces,
    /// symbols or U+FFFD, which stands for bytes that were not UTF-8).
    private func identifierCharacterLength(at index: Int, continuing: Bool) -> Int {
        guard index < bytes.count else { return 0 }
        let byte = bytes[index]
        if byte < 0x80 {
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
            return isLetter || continuing && isDigit(byte) ? 1 : 0
        }
        guard let (scalar, length) = scalar(at: index), scalar.properties.isXIDContinue else { return 0 }
        return length
    }

    /// The Unicode scalar starting at `index` and its length in bytes; `nil` where the bytes are not UTF-8.
    private func scalar(at index: Int) -> (Unicode.Scalar, Int)? {
        var iterator = bytes[index..<min(index + 4, bytes.count)].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        guard case .valid(let encoded) = parser.parseScalar(from: &iterator) else { return nil }
        return (Unicode.UTF8.decode(encoded), encoded.count)
    }

    /// Whether a token, space or comment can start at `index`.
    private func startsToken(at index: Int) -> Bool {
        switch bytes[index] {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "#"),
             UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: ","), UInt8(ascii: ";"):
            true
        default:
            identifierCharacterLength(at: index, continuing: false) > 0
        }
    }

    /// Characters that start no token: one diagnostic for the whole run of them, so a line of
    /// control bytes or a binary file gives one error, not one per byte.
    private mutating func lexUnexpectedCharacters() {
        let start = position
        var count = 0
        var allReplacement = true
        repeat {
            let (scalar, length) = scalar(at: position) ?? ("\u{FFFD}", 1)
            allReplacement = allReplacement && scalar == "\u{FFFD}"
            position += length
            count += 1
        } while position < bytes.count && !startsToken(at: position)
        let range = SourceRange(start, position)
        if allReplacement {
            diagnostics.add(.syntax("invalid text: bytes that are not UTF-8", at: range,
                                    hint: "a script must be UTF-8 text"))
            return
        }
        let shownLimit = 16
        var shownEnd = start
        for _ in 0..<min(count, shownLimit) { shownEnd += scalar(at: shownEnd)?.1 ?? 1 }
        let shown = String(decoding: bytes[start..<shownEnd], as: UTF8.self) + (count > shownLimit ? "…" : "")
        diagnostics.add(.syntax(count == 1 ? "unexpected character '\(shown)'" : "unexpected characters '\(shown)'", at: range))
    }

    private mutating func lexBackslash(_ start: Int) {
        var next = position + 1
        while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t") || bytes[next] == UInt8(ascii: "\r") {
            next += 1
        }
        if next >= bytes.count {
            position = next
            diagnostics.add(.incomplete("line continuation `\\` at the end of the input", at: SourceRange(start, start + 1)))
        } else if bytes[next] == UInt8(ascii: "\n") {
            position = next + 1
        } else {
            position += 1
            diagnostics.add(.syntax("unexpected `\\` (a line continuation must end the line)", at: SourceRange(start, start + 1)))
        }
    }

    private mutating func lexIdentifier() {
        let start = position
        while case let length = identifierCharacterLength(at: position, continuing: true), length > 0 { position += length }
        add(.identifier(String(decoding: bytes[start..<position], as: UTF8.self)), start)
    }

    private mutating func lexNumber() {
        let start = position
        var isDouble = false
        while position < bytes.count, isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: "."),
           position + 1 < bytes.count, isDigit(bytes[position + 1]) {
            isDouble = true
            position += 1
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            var next = position + 1
            if next < bytes.count, bytes[next] == UInt8(ascii: "+") || bytes[next] == UInt8(ascii: "-") { next += 1 }
            if next < bytes.count, isDigit(bytes[next]) {
                isDouble = true
                position = next
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self).replacingUnderscores()
        if identifierCharacterLength(at: position, continuing: false) > 0 {
            while case let length = identifierCharacterLength(at: position, continuing: true), length > 0 { position += length }
            diagnostics.add(.syntax("malformed number '\(String(decoding: bytes[start..<position], as: UTF8.self))'",
                                    at: SourceRange(start, position)))
            return
        }
        if !isDouble, let value = Int64(text) {
            add(.integer(value), start)
        } else if let value = Double(text) {
            add(.number(value), start)
        } else {
            diagnostics.add(.syntax("malformed number '\(text)'", at: SourceRange(start, position)))
        }
    }

    private mutating func lexString(quote: UInt8) {
        let start = position
        position += 1
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote {
                position += 1
                add(.string(String(decoding: value, as: UTF8.self)), start)
                return
            }
            if byte == UInt8(ascii: "\\") {
                let escapeStart = position
                position += 1
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): value.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "0"): value.append(0)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): value.append(escaped)
                case UInt8(ascii: "\n"): break // continuation inside a string
                case UInt8(ascii: "u"):
                    if let scalar = lexUnicodeEscape() {
                        value.append(contentsOf: Array(String(Character(scalar)).utf8))
                    } else {
                        diagnostics.add(.syntax("malformed unicode escape", at: SourceRange(escapeStart, position),
                                                hint: "write it as \\u{1F600}"))
                    }
                default:
                    // The whole character after `\`, which may take several bytes.
                    while position < bytes.count, bytes[position] & 0xC0 == 0x80 { position += 1 }
                    let character = String(decoding: bytes[(escapeStart + 1)..<position], as: UTF8.self)
                    diagnostics.add(.syntax("unknown escape sequence '\\\(character)'",
                                            at: SourceRange(escapeStart, position),
                                            hint: "known escapes: \\n \\t \\r \\0 \\\\ \\\" \\' \\u{…}"))
                }
                continue
            }
            value.append(byte)
            position += 1
        }
        position = bytes.count
        diagnostics.add(.incomplete("unterminated string", at: SourceRange(start, start + 1)))
    }

    /// Reads `{hex}` after `\u`; the position ends past the closing brace.
    private mutating func lexUnicodeEscape() -> UnicodeScalar? {
        guard peek(UInt8(ascii: "{")) else { return nil }
        position += 1
        var code: UInt32 = 0
        var digits = 0
        while position < bytes.count, bytes[position] != UInt8(ascii: "}") {
            guard let digit = hexValue(bytes[position]), digits < 8 else { return nil }
            code = code << 4 | digit
            digits += 1
            position += 1
        }
        guard peek(UInt8(ascii: "}")), digits > 0 else { return nil }
        position += 1
        return UnicodeScalar(code)
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}

private extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
