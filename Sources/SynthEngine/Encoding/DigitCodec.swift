import SynthData

/// `numeric_digit`: a number as its decimal digits, one sub-column per position.
///
/// A value `x` with at most `decimals` decimals is the integer `n = x · 10^decimals`
/// (exactly, see `DecimalPlaces`). Sub-columns, in order: `special` (null / NaN / ±inf, only
/// when present), `sign` (only when both signs occur, or -0.0), then the digits of `|n|` from
/// the most significant position down, named by their power of ten (`digit_3` … `digit_-2`).
/// The leading digit's cardinality is its largest value + 1; the others have 10. Decoding
/// clamps to the fitted (protected) range, so digit combinations the data never had stay in
/// range.
struct DigitCodec: ColumnCodec {
    var dataType: DataType
    var decimals: Int
    /// Bounds of the scaled integer (after value protection).
    var lower: Int64
    var upper: Int64
    var digitCount: Int
    var topDigitCardinality: Int
    var hasSign: Bool
    var specials: SpecialLayout

    static let powers: [UInt64] = {
        var p: [UInt64] = [1]
        for _ in 1...19 { p.append(p[p.count - 1] &* 10) }
        return p
    }()

    /// Number of sub-columns (without building their descriptions).
    var width: Int { (specials.hasSubColumn ? 1 : 0) + (hasSign ? 1 : 0) + digitCount }

    var subColumns: [SubColumnSpec] {
        var specs = specials.subColumns
        if hasSign { specs.append(SubColumnSpec("sign", 2)) }
        for position in 0..<digitCount {
            let exponent = digitCount - 1 - position - decimals
            specs.append(SubColumnSpec("digit_\(exponent)", position == 0 ? topDigitCardinality : 10))
        }
        return specs
    }

    /// The scaled integer of a finite double; `nil` when it does not fit in an `Int64`.
    @inline(__always)
    static func scaled(_ x: Double, decimals: Int) -> Int64? {
        Int64(exactly: (x * DecimalPlaces.powersOfTen[decimals]).rounded())
    }

    /// Fits the layout to scaled values (`negativeZero`: a -0.0 was seen), clipping the range
    /// per `policy`.
    static func fit(scaled values: [Int64], negativeZero: Bool, dataType: DataType, decimals: Int,
                    specials: SpecialLayout, policy: ProtectionPolicy,
                    describe: (Int64) -> String) -> (DigitCodec, ProtectionReport) {
        var extremes = ExtremeValues<Int64>(k: 10)
        for v in values { extremes.add(v) }
        var report = ProtectionReport.none(enabled: policy.enabled)
        let range = policy.range(smallest: extremes.smallest, largest: extremes.largest, count: values.count) ?? (0, 0)
        if policy.enabled, !values.isEmpty {
            report.clipRank = policy.clipRank
            report.clippedLow = values.reduce(0) { $0 + ($1 < range.lower ? 1 : 0) }
            report.clippedHigh = values.reduce(0) { $0 + ($1 > range.upper ? 1 : 0) }
            report.lowerBound = describe(range.lower)
            report.upperBound = describe(range.upper)
        }
        let magnitude = max(range.lower.magnitude, range.upper.magnitude)
        var digitCount = 1
        while digitCount < 20, magnitude >= powers[digitCount] { digitCount += 1 }
        let top = Int(magnitude / powers[digitCount - 1])
        let codec = DigitCodec(dataType: dataType, decimals: decimals, lower: range.lower, upper: range.upper,
                               digitCount: digitCount, topDigitCardinality: top + 1,
                               hasSign: (range.lower < 0 && range.upper >= 0) || (negativeZero && range.upper >= 0),
                               specials: specials)
        return (codec, report)
    }

    /// Writes one ordinary value (scaled integer, with `negative` true for negative values
    /// and -0.0) at row `row`.
    @inline(__always)
    func write(_ value: Int64, negative: Bool, row: Int, into writer: CodeWriter) {
        var j = 0
        if specials.hasSubColumn { writer.set(row: row, 0, 0); j = 1 }
        let clamped = min(max(value, lower), upper)
        if hasSign { writer.set(row: row, j, (negative && clamped <= 0) || clamped < 0 ? 1 : 0); j += 1 }
        let m = clamped.magnitude
        for position in 0..<digitCount {
            let digit = Int((m / Self.powers[digitCount - 1 - position]) % 10)
            writer.set(row: row, j + position, position == 0 ? min(digit, topDigitCardinality - 1) : digit)
        }
    }

    /// Writes a special value (null, NaN, ±inf) at row `row`; digits and sign are zero.
    @inline(__always)
    func write(special kind: SpecialKind, row: Int, into writer: CodeWriter) {
        guard specials.kinds.contains(kind) else {
            // A kind the fitted data never had (when encoding other data): the lower bound.
            write(lower, negative: lower < 0, row: row, into: writer)
            return
        }
        writer.set(row: row, 0, specials.code(of: kind))
        for j in 1..<width { writer.set(row: row, j, 0) }
    }

    /// Reads row `row`: a special kind, or the scaled value clamped to the range and whether
    /// it is negative (for -0.0).
    @inline(__always)
    func read(row: Int, from reader: CodeReader) -> (special: SpecialKind?, value: Int64, negative: Bool) {
        var j = 0
        if specials.hasSubColumn {
            let code = reader.code(row: row, 0, cardinality: specials.kinds.count + 1)
            if let kind = specials.kind(ofCode: code) { return (kind, 0, false) }
            j = 1
        }
        var negative = upper < 0
        if hasSign { negative = reader.code(row: row, j, cardinality: 2) == 1; j += 1 }
        var m: UInt64 = 0
        for position in 0..<digitCount {
            let digit = reader.code(row: row, j + position, cardinality: position == 0 ? topDigitCardinality : 10)
            m = m &* 10 &+ UInt64(digit)
        }
        // Clamp in magnitude space first so no overflow can happen.
        let value: Int64
        if negative {
            value = lower >= 0 ? lower : (m > lower.magnitude ? lower : Int64(bitPattern: 0 &- m))
        } else {
            value = upper < 0 ? upper : (m > UInt64(upper) ? upper : Int64(m))
        }
        let clamped = min(max(value, lower), upper)
        return (nil, clamped, negative && clamped <= 0)
    }

    func encode(_ column: Column, into writer: CodeWriter) throws {
        switch column.values {
        case .int64(let values):
            for row in 0..<values.count {
                if column.isNull(row) { write(special: .null, row: row, into: writer); continue }
                write(values[row], negative: values[row] < 0, row: row, into: writer)
            }
        case .double(let values):
            for row in 0..<values.count {
                if column.isNull(row) { write(special: .null, row: row, into: writer); continue }
                let x = values[row]
                if let kind = SpecialKind.of(x) {
                    write(special: kind, row: row, into: writer)
                    continue
                }
                let v = Self.scaled(x, decimals: decimals) ?? (x < 0 ? lower : upper)
                write(v, negative: x.sign == .minus, row: row, into: writer)
            }
        default:
            throw EncodingError.typeMismatch(column: column.name, expected: dataType, found: column.dataType)
        }
    }

    func decode(_ reader: CodeReader, rowCount: Int, rng: inout SeededGenerator) -> ColumnAssembler {
        var out = ColumnAssembler(dataType: dataType, capacity: rowCount)
        let p = DecimalPlaces.powersOfTen[decimals]
        for row in 0..<rowCount {
            let (special, value, negative) = read(row: row, from: reader)
            if let special {
                if special == .null { out.appendNull() } else { out.append(double: special.doubleValue) }
                continue
            }
            if dataType == .double {
                let x = Double(value.magnitude) / p
                out.append(double: negative ? -x : x)
            } else {
                out.append(integer: value)
            }
        }
        return out
    }
}
