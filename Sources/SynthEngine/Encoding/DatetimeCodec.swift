import SynthData

/// A point in local time: whole seconds since 1970-01-01 plus a fraction of a second in
/// units of 10^-scale (scale fixed per column). Ordered; wide enough for any date or
/// nanosecond timestamp without overflow.
struct LocalInstant: Codable, Sendable, Hashable, Comparable {
    var seconds: Int64
    var fraction: Int64

    static func < (a: LocalInstant, b: LocalInstant) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.fraction < b.fraction
    }
}

/// Where a datetime column's values come from and go back to.
enum DatetimeSource: Codable, Sendable, Hashable {
    case date
    /// Decomposed in local time when the zone is a fixed offset, in UTC otherwise.
    case timestamp(unit: TimeUnit, timeZone: String?)
    /// A text column of datetimes in one format.
    case text(DatetimeTextFormat)

    /// Digits of the fraction of a second this source can hold.
    var fractionScale: Int {
        switch self {
        case .date: 0
        case .timestamp(let unit, _): unit.fractionDigits
        case .text(let format): format.fractionDigits
        }
    }

    var offsetSeconds: Int64 {
        if case .timestamp(_, let zone?) = self { return Int64(CivilDate.fixedOffsetSeconds(zone) ?? 0) }
        return 0
    }

    /// The local instant of row `row`, or `nil` for a null or unparseable value.
    @inline(__always)
    func instant(_ column: Column, row: Int) -> LocalInstant? {
        if column.isNull(row) { return nil }
        switch (self, column.values) {
        case (.date, .date(let v)):
            return LocalInstant(seconds: Int64(v[row]) * 86_400, fraction: 0)
        case let (.timestamp(unit, _), .timestamp(v, _, _)):
            let perSecond = unit.ticksPerSecond
            var seconds = v[row] / perSecond
            var fraction = v[row] % perSecond
            if fraction < 0 { fraction += perSecond; seconds -= 1 }
            return LocalInstant(seconds: seconds + offsetSeconds, fraction: fraction)
        case let (.text(format), .string(strings)):
            return strings.withBytes(at: row) { bytes in
                format.parse(bytes).map { LocalInstant(seconds: Int64($0.days) * 86_400 + Int64($0.second), fraction: Int64($0.fraction)) }
            }
        default:
            return nil
        }
    }
}

/// `datetime`: a date or timestamp as calendar parts, one sub-column each.
///
/// Sub-columns: `special` (null, when present), `year` (relative to the earliest year),
/// `month`, `day`, then `hour`, `minute`, `second` and fraction digits `frac_1` … only when
/// the column uses them (a column of whole hours has no minute or second sub-column).
/// Timestamps with a fixed offset are decomposed in that local time. Impossible dates a model
/// may emit (31 February) are clamped into the month; every value is clamped to the fitted
/// (protected) range.
struct DatetimeCodec: ColumnCodec {
    var dataType: DataType
    var source: DatetimeSource
    var lower: LocalInstant
    var upper: LocalInstant
    var minYear: Int
    var yearCount: Int
    var hasHour: Bool
    var hasMinute: Bool
    var hasSecond: Bool
    /// Leading fraction digits kept (the rest are always zero).
    var fractionDigits: Int
    var hasNull: Bool

    var subColumns: [SubColumnSpec] {
        var specs: [SubColumnSpec] = hasNull ? [SubColumnSpec("special", 2)] : []
        specs += [SubColumnSpec("year", yearCount), SubColumnSpec("month", 12), SubColumnSpec("day", 31)]
        if hasHour { specs.append(SubColumnSpec("hour", 24)) }
        if hasMinute { specs.append(SubColumnSpec("minute", 60)) }
        if hasSecond { specs.append(SubColumnSpec("second", 60)) }
        for i in 0..<fractionDigits { specs.append(SubColumnSpec("frac_\(i + 1)", 10)) }
        return specs
    }

    static func fit(_ column: Column, source: DatetimeSource, policy: ProtectionPolicy) throws -> (DatetimeCodec, ProtectionReport) {
        var extremes = ExtremeValues<LocalInstant>(k: 10)
        var instants: [LocalInstant] = []
        instants.reserveCapacity(column.count - column.nullCount)
        for row in 0..<column.count where !column.isNull(row) {
            guard let instant = source.instant(column, row: row) else {
                throw EncodingError.invalidValue(column: column.name, row: row, reason: "'\(column.formattedCell(row) ?? "")' is not a datetime in the column's format")
            }
            instants.append(instant)
            extremes.add(instant)
        }
        let zero = LocalInstant(seconds: 0, fraction: 0)
        let range = policy.range(smallest: extremes.smallest, largest: extremes.largest, count: instants.count) ?? (zero, zero)
        var report = ProtectionReport.none(enabled: policy.enabled)
        var hasHour = false, hasMinute = false, hasSecond = false
        var fractionUsed = 0
        let scale = source.fractionScale
        for raw in instants {
            let instant = min(max(raw, range.lower), range.upper)
            if policy.enabled {
                if raw < range.lower { report.clippedLow += 1 }
                if raw > range.upper { report.clippedHigh += 1 }
            }
            var sod = instant.seconds % 86_400
            if sod < 0 { sod += 86_400 }
            if sod / 3600 != 0 { hasHour = true }
            if sod / 60 % 60 != 0 { hasMinute = true }
            if sod % 60 != 0 { hasSecond = true }
            if instant.fraction != 0 {
                var f = instant.fraction, trailing = 0
                while f % 10 == 0, trailing < scale { f /= 10; trailing += 1 }
                fractionUsed = max(fractionUsed, scale - trailing)
            }
        }
        let lowYear = CivilDate.civil(days: Int(floorDiv(range.lower.seconds, 86_400))).year
        let highYear = CivilDate.civil(days: Int(floorDiv(range.upper.seconds, 86_400))).year
        let codec = DatetimeCodec(dataType: column.dataType, source: source, lower: range.lower, upper: range.upper,
                                  minYear: lowYear, yearCount: max(highYear - lowYear + 1, 1),
                                  hasHour: hasHour, hasMinute: hasMinute, hasSecond: hasSecond,
                                  fractionDigits: fractionUsed, hasNull: column.nullCount > 0)
        if policy.enabled, !instants.isEmpty {
            report.clipRank = policy.clipRank
            report.lowerBound = codec.text(range.lower)
            report.upperBound = codec.text(range.upper)
        }
        return (codec, report)
    }

    /// How an instant of this column reads.
    func text(_ instant: LocalInstant) -> String {
        var out = ColumnAssembler(dataType: dataType, capacity: 1)
        append(instant, to: &out)
        return out.column(named: "").formattedCell(0) ?? ""
    }

    func encode(_ column: Column, into writer: CodeWriter) throws {
        let scale = source.fractionScale
        let width = subColumns.count
        for row in 0..<column.count {
            guard let raw = source.instant(column, row: row) else {
                if column.isNull(row) {
                    if hasNull {
                        writer.set(row: row, 0, 1)
                        for j in 1..<width { writer.set(row: row, j, 0) }
                    } else {
                        write(lower, row: row, into: writer, scale: scale)
                    }
                    continue
                }
                if case .timestamp = source, column.dataType != dataType {
                    throw EncodingError.typeMismatch(column: column.name, expected: dataType, found: column.dataType)
                }
                throw EncodingError.invalidValue(column: column.name, row: row, reason: "'\(column.formattedCell(row) ?? "")' is not a datetime in the column's format")
            }
            if hasNull { writer.set(row: row, 0, 0) }
            write(min(max(raw, lower), upper), row: row, into: writer, scale: scale)
        }
    }

    @inline(__always)
    private func write(_ instant: LocalInstant, row: Int, into writer: CodeWriter, scale: Int) {
        let days = floorDiv(instant.seconds, 86_400)
        let sod = Int(instant.seconds - days * 86_400)
        let (y, m, d) = CivilDate.civil(days: Int(days))
        var j = hasNull ? 1 : 0
        writer.set(row: row, j, min(max(y - minYear, 0), yearCount - 1))
        writer.set(row: row, j + 1, m - 1)
        writer.set(row: row, j + 2, d - 1)
        j += 3
        if hasHour { writer.set(row: row, j, sod / 3600); j += 1 }
        if hasMinute { writer.set(row: row, j, sod / 60 % 60); j += 1 }
        if hasSecond { writer.set(row: row, j, sod % 60); j += 1 }
        var f = instant.fraction
        for _ in fractionDigits..<scale { f /= 10 }
        for i in stride(from: fractionDigits - 1, through: 0, by: -1) {
            writer.set(row: row, j + i, Int(f % 10))
            f /= 10
        }
    }

    func decode(_ reader: CodeReader, rowCount: Int, rng: inout SeededGenerator) -> ColumnAssembler {
        var out = ColumnAssembler(dataType: dataType, capacity: rowCount)
        let scale = source.fractionScale
        for row in 0..<rowCount {
            var j = 0
            if hasNull {
                if reader.code(row: row, 0, cardinality: 2) == 1 { out.appendNull(); continue }
                j = 1
            }
            let year = minYear + reader.code(row: row, j, cardinality: yearCount)
            let month = reader.code(row: row, j + 1, cardinality: 12) + 1
            let day = min(reader.code(row: row, j + 2, cardinality: 31) + 1, CivilDate.daysInMonth(year: year, month: month))
            j += 3
            var sod = 0
            if hasHour { sod += 3600 * reader.code(row: row, j, cardinality: 24); j += 1 }
            if hasMinute { sod += 60 * reader.code(row: row, j, cardinality: 60); j += 1 }
            if hasSecond { sod += reader.code(row: row, j, cardinality: 60); j += 1 }
            var fraction: Int64 = 0
            for i in 0..<fractionDigits { fraction = fraction * 10 + Int64(reader.code(row: row, j + i, cardinality: 10)) }
            for _ in fractionDigits..<scale { fraction *= 10 }
            let seconds = Int64(CivilDate.days(year: year, month: month, day: day)) * 86_400 + Int64(sod)
            append(min(max(LocalInstant(seconds: seconds, fraction: fraction), lower), upper), to: &out)
        }
        return out
    }

    /// Appends an instant as a value of the source type.
    private func append(_ instant: LocalInstant, to out: inout ColumnAssembler) {
        switch source {
        case .date:
            out.append(integer: floorDiv(instant.seconds, 86_400))
        case let .timestamp(unit, _):
            out.append(integer: (instant.seconds - source.offsetSeconds) &* unit.ticksPerSecond &+ instant.fraction)
        case let .text(format):
            let days = floorDiv(instant.seconds, 86_400)
            out.append(string: format.format(days: Int(days), second: Int(instant.seconds - days * 86_400), fraction: Int(instant.fraction)))
        }
    }
}

/// Integer division rounding toward negative infinity.
@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
