import SynthData

/// Fits a `TableEncoding` to a table: picks each column's encoding (rules or overrides),
/// resolves `numeric_auto`, fits dictionaries, digit layouts, bins and ranges, and applies
/// value protection.
public enum TableEncoder {
    /// Fits an encoding to `table`.
    /// - Parameters:
    ///   - analysis: the table's analysis (e.g. from a streaming pass over the whole source);
    ///     analyzed here when `nil`.
    ///   - overrides: encoding types by column name (`["price": .numericBinned]`).
    ///   - valueProtection: merge rare categories into `_RARE_` and clip ranges at the k-th
    ///     smallest / largest value (on by default).
    ///   - seed: seeds the randomized protection thresholds.
    public static func fit(table: Table, analysis: TableAnalysis? = nil, overrides: [String: EncodingType] = [:],
                           valueProtection: Bool = true, seed: UInt64 = 0) throws -> TableEncoding {
        for name in overrides.keys where table.columnIndex(named: name) == nil {
            throw EncodingError.unknownColumn(name, available: table.columnNames)
        }
        let analysis = analysis ?? TableAnalyzer.analyze(table)
        var encodings: [ColumnEncoding] = []
        for (index, column) in table.columns.enumerated() {
            let columnAnalysis = try analysis.column(named: column.name) ?? TableAnalyzer.analyze(Table(columns: [column])).columns[0]
            let policy = ProtectionPolicy.forColumn(index, seed: seed, enabled: valueProtection)
            let requested = overrides[column.name] ?? EncodingRules.defaultType(for: columnAnalysis, column: column)
            // Fitted as it is first, so an impossible encoding is an error whatever the count.
            var (type, parameters, report) = try fitColumn(column, analysis: columnAnalysis, requested: requested, policy: policy)
            if let nulled = Self.suppressedIfTooFewToClip(column, requested: requested, policy: policy) {
                (type, parameters, report) = try fitColumn(nulled, analysis: columnAnalysis, requested: requested, policy: policy)
                report.suppressedValues = column.count - column.nullCount
            }
            encodings.append(ColumnEncoding(
                name: column.name, dataType: column.dataType, type: type, requestedType: requested,
                isOverride: overrides[column.name] != nil, protection: report,
                uniqueCount: columnAnalysis.uniqueCount, uniqueCountIsExact: columnAnalysis.uniqueCountIsExact,
                nullCount: columnAnalysis.nullCount, parameters: parameters,
                timestampLayout: column.dataType.isTimestamp ? column.timestampLayout ?? columnAnalysis.timestampLayout : nil))
        }
        return TableEncoding(columns: encodings)
    }

    /// A range (numbers, datetimes, coordinates) is protected by clipping at the k-th
    /// smallest and largest value; a column with fewer than k non-null values has no such
    /// value, and any bound would be one record's own value. Such a column is fitted as all
    /// null (its synthetic values are null), so nothing derived from a single record is kept.
    /// Returns that all-null column, or `nil` when the column is fitted as it is.
    static func suppressedIfTooFewToClip(_ column: Column, requested: EncodingType, policy: ProtectionPolicy) -> Column? {
        guard policy.enabled else { return nil }
        switch requested {
        case .numericAuto, .numericDigit, .numericBinned, .datetime, .datetimeRelative, .latLong: break
        default: return nil
        }
        let present = column.count - column.nullCount
        guard present > 0, present < policy.clipRank else { return nil }
        return allNull(column)
    }

    /// `column` with every value null (the values stay, masked).
    static func allNull(_ column: Column) -> Column {
        Column(name: column.name, values: column.values, validity: ValidityBitmap(count: column.count, allValid: false))
    }

    private static func incompatible(_ column: Column, _ type: EncodingType, _ reason: String) -> EncodingError {
        .incompatible(column: column.name, encoding: type, dataType: column.dataType, reason: reason)
    }

    private static func fitColumn(_ column: Column, analysis: ColumnAnalysis, requested: EncodingType,
                                  policy: ProtectionPolicy) throws -> (EncodingType, ColumnCodecParameters, ProtectionReport) {
        switch requested {
        case .categorical:
            let (codec, report) = CategoricalCodec.fit(column, policy: policy)
            return (.categorical, .categorical(codec), report)
        case .numericAuto, .numericDiscrete, .numericDigit, .numericBinned:
            guard column.dataType.isNumeric else { throw incompatible(column, requested, "needs an int64 or double column") }
            return try fitNumeric(column, requested: requested, policy: policy)
        case .datetime:
            let source: DatetimeSource
            switch column.dataType {
            case .date: source = .date
            case let .timestamp(unit, zone): source = .timestamp(unit: unit, timeZone: zone)
            case .string:
                guard let format = analysis.datetimeText ?? firstTextFormat(column) else {
                    throw incompatible(column, .datetime, "the text is not datetimes in one known format (e.g. YYYY-MM-DD HH:MM:SS)")
                }
                source = .text(format)
            default:
                throw incompatible(column, .datetime, "needs a date, timestamp or datetime-text column")
            }
            let (codec, report) = try DatetimeCodec.fit(column, source: source, policy: policy)
            return (.datetime, .datetime(codec), report)
        case .datetimeRelative:
            let (codec, report) = try DatetimeRelativeCodec.fit(column, policy: policy)
            return (.datetimeRelative, .datetimeRelative(codec), report)
        case .latLong:
            let (codec, report) = try LatLongCodec.fit(column, policy: policy)
            return (.latLong, .latLong(codec), report)
        case .character:
            let (codec, report) = try CharacterCodec.fit(column, policy: policy)
            return (.character, .character(codec), report)
        case .text:
            let (codec, report) = try TextCodec.fit(column, policy: policy)
            return (.text, .text(codec), report)
        case .primaryKey:
            return (.primaryKey, .primaryKey(try PrimaryKeyCodec.fit(column, policy: policy)), .none(enabled: policy.enabled))
        case .exclude:
            return (.exclude, .exclude(ExcludeCodec(dataType: column.dataType)), .none(enabled: policy.enabled))
        }
    }

    /// The datetime format of a text column's first value, when every value has it.
    private static func firstTextFormat(_ column: Column) -> DatetimeTextFormat? {
        guard case .string(let strings) = column.values else { return nil }
        var format: DatetimeTextFormat?
        for row in 0..<strings.count where !column.isNull(row) {
            let ok: Bool = strings.withBytes(at: row) { bytes in
                if let format { return format.parse(bytes) != nil }
                format = DatetimeTextFormat(sample: bytes)
                return format != nil
            }
            if !ok { return nil }
        }
        return format
    }

    /// `numeric_auto` resolves to `numeric_discrete` when there are fewer than 100 distinct
    /// values and more than 99.9 % of rows hold non-rare ones, else to `numeric_digit` when
    /// the values have at most 15 decimals and need at most `EncodingRules.digitMaxPositions` (3)
    /// digit positions, else to
    /// `numeric_binned`.
    private static func fitNumeric(_ column: Column, requested: EncodingType,
                                   policy: ProtectionPolicy) throws -> (EncodingType, ColumnCodecParameters, ProtectionReport) {
        let scan = NumericScan(column)
        var type = requested
        if type == .numericAuto {
            var counter = IntFrequencyCounter(capacity: EncodingRules.discreteMaxDistinct * 2)
            for row in 0..<column.count where !column.isNull(row) { counter.add(CategoryKey.of(column.values, row: row)) }
            let total = counter.counts.reduce(0, +)
            let nonRare = counter.counts.filter { policy.keeps(count: $0) }.reduce(0, +)
            if !counter.pruned, counter.counts.count < EncodingRules.discreteMaxDistinct,
               total == 0 || Double(nonRare) / Double(total) > EncodingRules.discreteMinNonRareShare {
                type = .numericDiscrete
            } else if let positions = scan.digitPositions, positions <= EncodingRules.digitMaxPositions {
                type = .numericDigit
            } else {
                type = .numericBinned
            }
        }
        switch type {
        case .numericDiscrete:
            let (codec, report) = CategoricalCodec.fit(column, policy: policy)
            return (.numericDiscrete, .categorical(codec), report)
        case .numericDigit:
            guard let decimals = scan.decimals else {
                throw incompatible(column, .numericDigit, "some values need more than \(DecimalPlaces.limit) decimals; use numeric_binned")
            }
            let isDouble = column.dataType == .double
            let (codec, report) = DigitCodec.fit(
                scaled: scan.scaled, negativeZero: scan.negativeZero, dataType: column.dataType, decimals: decimals,
                specials: scan.specials, policy: policy,
                describe: { isDouble ? formatDouble(Double($0) / DecimalPlaces.powersOfTen[decimals]) : String($0) })
            return (.numericDigit, .digit(codec), report)
        default:
            let (codec, report) = BinnedCodec.fit(values: scan.finite, dataType: column.dataType, decimals: scan.decimals,
                                                  specials: scan.specials, policy: policy)
            return (.numericBinned, .binned(codec), report)
        }
    }
}
