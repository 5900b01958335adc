import SynthData

/// The rules that pick a column's encoding from its analysis (docs/ENCODINGS.md).
public enum EncodingRules {
    /// Numbers with fewer distinct values than this may be `numeric_discrete`.
    public static let discreteMaxDistinct = 100
    /// ... when more than this share of their rows hold non-rare values.
    public static let discreteMinNonRareShare = 0.999
    /// Numbers whose digit layout needs at most this many digit positions use `numeric_digit`;
    /// longer layouts use `numeric_binned` (mostlyai-engine's limit too). Each digit position is
    /// a sub-column the model must learn conditionally on the ones before it, so long layouts
    /// cost accuracy and CPU on tables with few rows per sub-column: with the earlier limit of
    /// 10, breast_cancer (455 training rows, 31 columns of 4–5 positions) had 141 sub-columns,
    /// QA accuracy 0.600 in 11.9 CPU s; with 3 it has 31 and 0.632 in 2.7 s, and no table of
    /// `scripts/bench/quality` got worse (release, seed 42; figures in the #12 report).
    public static let digitMaxPositions = 3
    /// Text columns with fewer values than this stay `categorical`.
    public static let textMinValues = 20
    /// Text whose distinct values are at least this share of its values is `text`: as
    /// categories, most of it would be rare and come out as `_RARE_` (case numbers, names,
    /// comments).
    public static let textMinDistinctShare = 0.5
    /// Text of at least this many words per value on average is free text (`text`) when at
    /// least `freeTextMinDistinctShare` of its values are distinct.
    public static let freeTextMinWords = 5.0
    public static let freeTextMinDistinctShare = 0.2

    /// Free text (long, mostly unique, many words) or unique structured strings (mostly
    /// distinct values, which as categories would mostly be `_RARE_`).
    public static func looksLikeText(_ analysis: ColumnAnalysis) -> Bool {
        guard analysis.dataType == .string, analysis.valueCount >= textMinValues else { return false }
        let distinctShare = Double(analysis.uniqueCount) / Double(analysis.valueCount)
        if distinctShare >= textMinDistinctShare { return true }
        return (analysis.meanWordCount ?? 0) >= freeTextMinWords && distinctShare >= freeTextMinDistinctShare
    }

    /// The encoding `column` gets without an override: `defaultType(for:)`, except that a
    /// unique string identifier whose keys are not numbered keys (`isNumberedKey`: a common
    /// prefix and a number, such as `N00017`) is `text` when it has at least `textMinValues`
    /// values: as `primary_key` its fresh keys would lose the source's pattern, while the text
    /// model keeps the pattern and length of case numbers (`13001275CF10A`), licence plates
    /// or UUIDs, with their rare parts drawn fresh.
    public static func defaultType(for analysis: ColumnAnalysis, column: Column) -> EncodingType {
        let type = defaultType(for: analysis)
        guard type == .primaryKey, analysis.dataType == .string, analysis.valueCount >= textMinValues,
              !isNumberedKey(column) else { return type }
        return .text
    }

    /// Whether every non-null value of a string column is one common prefix (without digits
    /// at its end) followed by ASCII digits only.
    public static func isNumberedKey(_ column: Column) -> Bool {
        guard case .string(let strings) = column.values else { return false }
        var common: [UInt8]?
        for row in 0..<strings.count where !column.isNull(row) {
            strings.withBytes(at: row) { bytes in
                guard let current = common else { common = Array(bytes); return }
                var n = 0
                while n < current.count, n < bytes.count, current[n] == bytes[n] { n += 1 }
                if n < current.count { common = Array(current[0..<n]) }
            }
        }
        var prefix = common ?? []
        while let last = prefix.last, last >= 0x30 && last <= 0x39 { prefix.removeLast() }
        for row in 0..<strings.count where !column.isNull(row) {
            let numbered = strings.withBytes(at: row) { bytes in
                bytes.count > prefix.count && bytes[prefix.count...].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            }
            if !numbered { return false }
        }
        return true
    }

    /// The encoding a column gets without an override (before `numeric_auto` is resolved):
    /// 1. a unique identifier → `primary_key`;
    /// 2. bool → `categorical`;
    /// 3. int64 or double → `numeric_auto`;
    /// 4. date or timestamp → `datetime`;
    /// 5. text: datetimes in one format → `datetime`, `"lat, long"` pairs → `lat_long`,
    ///    free text or unique structured strings (`looksLikeText`) → `text`, otherwise
    ///    `categorical`.
    public static func defaultType(for analysis: ColumnAnalysis) -> EncodingType {
        if analysis.isUniqueIdentifier { return .primaryKey }
        switch analysis.dataType {
        case .bool: return .categorical
        case .int64, .double: return .numericAuto
        case .date, .timestamp: return .datetime
        case .string:
            if analysis.datetimeText != nil { return .datetime }
            if analysis.isLatLongText { return .latLong }
            if looksLikeText(analysis) { return .text }
            return .categorical
        }
    }
}

/// The numeric facts of a column that `numeric_auto` and the numeric codecs need.
struct NumericScan {
    /// Scaled integers of the finite values (the value itself for integers).
    var scaled: [Int64] = []
    /// Finite values as doubles (for bins).
    var finite: [Double] = []
    /// Decimals needed by every finite double (0 for integers); `nil` beyond the limit or
    /// when a scaled value would not fit in 2⁵³.
    var decimals: Int? = 0
    var negativeZero = false
    var specials = SpecialLayout(kinds: [])

    init(_ column: Column) {
        specials = SpecialLayout.scan(column)
        switch column.values {
        case .int64(let values):
            for row in 0..<values.count where !column.isNull(row) {
                scaled.append(values[row])
                finite.append(Double(values[row]))
            }
        case .double(let values):
            var d = 0
            var many = false
            for row in 0..<values.count where !column.isNull(row) {
                let x = values[row]
                guard x.isFinite else { continue }
                finite.append(x)
                if x == 0, x.sign == .minus { negativeZero = true }
                if !many, !DecimalPlaces.fits(x, decimals: d) {
                    if let more = DecimalPlaces.needed(x, atLeast: d + 1) { d = more } else { many = true }
                }
            }
            decimals = many ? nil : d
            if let d = decimals { scaled = finite.map { DigitCodec.scaled($0, decimals: d) ?? 0 } }
        default:
            decimals = nil
        }
    }

    /// Digit positions a `numeric_digit` layout of these values would need.
    var digitPositions: Int? {
        guard decimals != nil else { return nil }
        let magnitude = scaled.reduce(UInt64(0)) { max($0, $1.magnitude) }
        var n = 1
        while n < 20, magnitude >= DigitCodec.powers[n] { n += 1 }
        return n
    }
}
