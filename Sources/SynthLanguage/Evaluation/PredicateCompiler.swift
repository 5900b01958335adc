import SynthData

/// Evaluates a row condition (`carat > 1 and cut == "Ideal"`, `bill_length_mm is null`) over
/// a table, column at a time: each node yields a mask with one `Bool` per row. A comparison
/// with a null cell is false.
struct PredicateCompiler {
    let table: Table
    let session: Session
    /// Checked between columns so Ctrl-C can stop a long filter.
    var cancellation: CancellationFlag?

    init(table: Table, session: Session, cancellation: CancellationFlag? = nil) {
        self.table = table
        self.session = session
        self.cancellation = cancellation
    }

    private enum Operand {
        case column(Column)
        case constant(LangValue)
    }

    /// Validates names and types without computing anything large.
    func check(_ expression: Expression) throws -> Bool {
        _ = try mask(expression, rows: 0)
        return true
    }

    /// The mask of rows where the condition holds.
    func mask(_ expression: Expression) throws -> [Bool] { try mask(expression, rows: table.rowCount) }

    private func mask(_ expression: Expression, rows: Int) throws -> [Bool] {
        if let flag = cancellation, flag.isSet { throw Interrupted() }
        switch expression.kind {
        case let .and(a, b):
            var left = try mask(a, rows: rows)
            let right = try mask(b, rows: rows)
            for i in 0..<left.count { left[i] = left[i] && right[i] }
            return left
        case let .or(a, b):
            var left = try mask(a, rows: rows)
            let right = try mask(b, rows: rows)
            for i in 0..<left.count { left[i] = left[i] || right[i] }
            return left
        case .not(let operand):
            return try mask(operand, rows: rows).map { !$0 }
        case let .isNull(operand, negated):
            switch try resolve(operand) {
            case .column(let column):
                var result = [Bool](repeating: negated, count: rows)
                if let validity = column.validity {
                    for i in 0..<rows { result[i] = validity.isValid(i) == negated }
                }
                return result
            case .constant(let value):
                return [Bool](repeating: (value == .null) != negated, count: rows)
            }
        case let .compare(op, a, b):
            return try compare(op, try resolve(a), try resolve(b), expression: expression, rows: rows)
        case .boolean(let v):
            return [Bool](repeating: v, count: rows)
        case .identifier:
            if case .column(let column) = try resolve(expression), case .bool(let values) = column.values {
                return (0..<rows).map { values[$0] && !column.isNull($0) }
            }
            throw LanguageError("a condition must be a comparison, `is null`, or a boolean column", at: expression.range,
                                hint: "for example: price > 1000 and cut == \"Ideal\"")
        default:
            throw LanguageError("a condition must be a comparison, `is null`, or a boolean column", at: expression.range,
                                hint: "for example: price > 1000 and cut == \"Ideal\"")
        }
    }

    private func resolve(_ expression: Expression) throws -> Operand {
        switch expression.kind {
        case .identifier(let name):
            if let index = table.columnIndex(named: name) { return .column(table.columns[index]) }
            if let value = session.value(named: name), value.table == nil { return .constant(value) }
            throw LanguageError("unknown column `\(name)`", at: expression.range,
                                hint: Suggestions.didYouMean(name, in: table.columnNames)
                                    ?? "columns: " + table.columnNames.joined(separator: ", "))
        case .member(_, let name):
            guard let index = table.columnIndex(named: name) else {
                throw LanguageError("unknown column `\(name)`", at: expression.range,
                                    hint: Suggestions.didYouMean(name, in: table.columnNames))
            }
            return .column(table.columns[index])
        default:
            return .constant(try ValueEvaluator(session: session).evaluate(expression))
        }
    }

    private func compare(_ op: ComparisonOperator, _ left: Operand, _ right: Operand, expression: Expression,
                         rows: Int) throws -> [Bool] {
        switch (left, right) {
        case let (.column(column), .constant(value)):
            return try compareColumn(column, op, value, expression: expression, rows: rows)
        case let (.constant(value), .column(column)):
            return try compareColumn(column, op.flipped, value, expression: expression, rows: rows)
        case let (.column(a), .column(b)):
            return try compareColumns(a, op, b, expression: expression, rows: rows)
        case (.constant, .constant):
            guard case .boolean(let v) = try ValueEvaluator(session: session).evaluate(expression) else { return [] }
            return [Bool](repeating: v, count: rows)
        }
    }

    private func mismatch(_ column: Column, _ value: LangValue, _ expression: Expression) -> LanguageError {
        LanguageError("cannot compare column `\(column.name)` (\(column.dataType)) with \(value.typeName.first.map { "aeiou".contains($0) } == true ? "an" : "a") \(value.typeName) (\(value.literalText))",
                      at: expression.range,
                      hint: column.dataType == .string ? "put text in quotes: \(column.name) == \"…\"" : nil)
    }

    private func compareColumn(_ column: Column, _ op: ComparisonOperator, _ value: LangValue,
                               expression: Expression, rows: Int) throws -> [Bool] {
        if value == .null {
            throw LanguageError("comparing with null is never true", at: expression.range,
                                hint: "write `\(column.name) is null` or `\(column.name) is not null`")
        }
        var result: [Bool]
        switch column.values {
        case .int64(let values):
            if case .integer(let v) = value {
                result = Self.scan(values, op, v, rows)
            } else if let v = value.numeric {
                result = Self.scan(values.map(Double.init), op, v, rows)
            } else { throw mismatch(column, value, expression) }
        case .double(let values):
            guard let v = value.numeric else { throw mismatch(column, value, expression) }
            result = Self.scan(values, op, v, rows)
        case .bool(let values):
            guard case .boolean(let v) = value else { throw mismatch(column, value, expression) }
            result = Self.scan(values.map { $0 ? 1 : 0 }, op, v ? 1 : 0, rows)
        case .string(let strings):
            guard case .string(let text) = value else { throw mismatch(column, value, expression) }
            result = Self.scan(strings, op, Array(text.utf8), rows)
        case .date(let days):
            guard case .string(let text) = value, let day = TemporalLiteral.days(text) else {
                throw LanguageError("compare date column `\(column.name)` with a date in quotes, like \"2013-01-31\"",
                                    at: expression.range)
            }
            result = Self.scan(days, op, Int32(clamping: day), rows)
        case let .timestamp(ticks, unit, _):
            guard case .string(let text) = value, let seconds = TemporalLiteral.seconds(text) else {
                throw LanguageError("compare timestamp column `\(column.name)` with a time in quotes, like \"2013-01-31 12:00:00\"",
                                    at: expression.range)
            }
            result = Self.scan(ticks, op, seconds.multipliedReportingOverflow(by: unit.ticksPerSecond).partialValue, rows)
        }
        if let validity = column.validity {
            for i in 0..<rows where !validity.isValid(i) { result[i] = false }
        }
        return result
    }

    private func compareColumns(_ a: Column, _ op: ComparisonOperator, _ b: Column, expression: Expression,
                                rows: Int) throws -> [Bool] {
        var result = [Bool](repeating: false, count: rows)
        switch (a.values, b.values) {
        case let (.string(x), .string(y)):
            for i in 0..<rows { result[i] = op.holds(Self.order(x, i, y, i), 0) }
        default:
            guard let x = Self.numbers(a), let y = Self.numbers(b) else {
                throw LanguageError("cannot compare column `\(a.name)` (\(a.dataType)) with column `\(b.name)` (\(b.dataType))",
                                    at: expression.range)
            }
            for i in 0..<rows { result[i] = op.holds(x[i], y[i]) }
        }
        for i in 0..<rows where a.isNull(i) || b.isNull(i) { result[i] = false }
        return result
    }

    private static func numbers(_ column: Column) -> [Double]? {
        switch column.values {
        case .int64(let v): v.map(Double.init)
        case .double(let v): v
        case .date(let v): v.map(Double.init)
        default: nil
        }
    }

    private static func scan<T: Comparable>(_ values: [T], _ op: ComparisonOperator, _ rhs: T, _ rows: Int) -> [Bool] {
        var result = [Bool](repeating: false, count: rows)
        values.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                switch op {
                case .equal: for i in 0..<rows { out[i] = source[i] == rhs }
                case .notEqual: for i in 0..<rows { out[i] = source[i] != rhs }
                case .less: for i in 0..<rows { out[i] = source[i] < rhs }
                case .lessOrEqual: for i in 0..<rows { out[i] = source[i] <= rhs }
                case .greater: for i in 0..<rows { out[i] = source[i] > rhs }
                case .greaterOrEqual: for i in 0..<rows { out[i] = source[i] >= rhs }
                }
            }
        }
        return result
    }

    private static func scan(_ strings: StringArray, _ op: ComparisonOperator, _ rhs: [UInt8], _ rows: Int) -> [Bool] {
        var result = [Bool](repeating: false, count: rows)
        strings.bytes.withUnsafeBufferPointer { all in
            rhs.withUnsafeBufferPointer { needle in
                for i in 0..<rows {
                    let range = strings.byteRange(at: i)
                    let element = UnsafeBufferPointer(rebasing: all[range])
                    if op == .equal || op == .notEqual {
                        let equal = element.count == needle.count && element.elementsEqual(needle)
                        result[i] = equal == (op == .equal)
                    } else {
                        result[i] = op.holds(compareBytes(element, needle), 0)
                    }
                }
            }
        }
        return result
    }

    private static func order(_ x: StringArray, _ i: Int, _ y: StringArray, _ j: Int) -> Int {
        x.withBytes(at: i) { a in y.withBytes(at: j) { b in compareBytes(a, b) } }
    }

    /// -1, 0 or 1 by lexicographic byte order (which is code point order for UTF-8).
    private static func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(a.count, b.count)
        for k in 0..<n where a[k] != b[k] { return a[k] < b[k] ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}

/// Dates and times written in quotes inside conditions.
enum TemporalLiteral {
    /// Days since 1970-01-01 of `YYYY-MM-DD`.
    static func days(_ text: String) -> Int? {
        let parts = text.prefix(10).split(separator: "-")
        guard text.count >= 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= CivilDate.daysInMonth(year: y, month: m) else { return nil }
        return CivilDate.days(year: y, month: m, day: d)
    }

    /// Seconds since the epoch (UTC) of `YYYY-MM-DD[ T]HH:MM[:SS]` or a bare date.
    static func seconds(_ text: String) -> Int64? {
        guard let day = days(text) else { return nil }
        var total = Int64(day) * 86_400
        let rest = text.dropFirst(10)
        if rest.isEmpty { return total }
        guard rest.first == " " || rest.first == "T" else { return nil }
        let fields = rest.dropFirst().split(separator: ":")
        guard fields.count >= 2, fields.count <= 3, let h = Int64(fields[0]), let m = Int64(fields[1]) else { return nil }
        let s = fields.count == 3 ? Int64(Double(fields[2]) ?? -1) : 0
        guard (0..<24).contains(h), (0..<60).contains(m), (0..<61).contains(s) else { return nil }
        total += h * 3600 + m * 60 + s
        return total
    }
}
