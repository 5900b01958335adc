/// Checks of fitted codec parameters read from a file (`encoding.json`, possibly from a
/// shared bundle): every count, width and range must be one `fit` could have produced, so a
/// damaged or crafted encoding fails when it is read instead of crashing or exhausting
/// memory when rows are generated. `TableEncoding`'s decoder runs them.
extension ColumnCodecParameters {
    /// The largest cardinality of a sub-column (as the model file reader allows).
    static let maximumCardinality = 1 << 24

    /// Throws a description of the first inconsistency, if any.
    func validate() throws {
        switch self {
        case .categorical(let c): try c.validate()
        case .digit(let c): try c.validate()
        case .binned(let c): try c.validate()
        case .datetime(let c): try c.validate()
        case .datetimeRelative(let c): try c.gaps.validate()
        case .latLong(let c): try c.validate()
        case .character(let c): try c.validate()
        case .primaryKey(let c): try c.validate()
        case .exclude, .text: break
        }
        // Computed only now that the counts it is derived from are known to be sane.
        for spec in codec.subColumns where !(1...Self.maximumCardinality).contains(spec.cardinality) {
            throw CodecParameterError("sub-column '\(spec.suffix)' has cardinality \(spec.cardinality)")
        }
    }
}

/// Why a codec's stored parameters cannot be used.
struct CodecParameterError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw CodecParameterError(message()) }
}

private func validDecimals(_ decimals: Int) -> Bool { (0..<DecimalPlaces.powersOfTen.count).contains(decimals) }

extension SpecialLayout {
    func validate() throws { try require(kinds.count <= 64, "\(kinds.count) special values") }
}

extension CategoricalCodec {
    func validate() throws {
        try require(categoryCount <= ColumnCodecParameters.maximumCardinality, "\(categoryCount) categories")
        try require(frequencies.count == categoryCount, "\(frequencies.count) frequencies for \(categoryCount) categories")
        try require(frequencies.allSatisfy { (0...Int(Int32.max)).contains($0) }, "a frequency out of range")
    }

    private var categoryCount: Int {
        switch categories {
        case .strings(let list): list.count
        case .keys(let list): list.count
        }
    }
}

extension DigitCodec {
    func validate() throws {
        try specials.validate()
        try require(validDecimals(decimals), "\(decimals) decimals")
        try require((0...20).contains(digitCount), "\(digitCount) digits")
        try require((1...10).contains(topDigitCardinality), "top digit cardinality \(topDigitCardinality)")
        try require(lower <= upper, "lower bound above upper bound")
    }
}

extension BinnedCodec {
    func validate() throws {
        try specials.validate()
        try require(lowers.count == uppers.count, "\(lowers.count) lower and \(uppers.count) upper bin edges")
        try require(zip(lowers, uppers).allSatisfy { $0.isFinite && $1.isFinite && $0 <= $1 }, "a bin with invalid edges")
        try require(decimals.map(validDecimals) ?? true, "\(decimals ?? 0) decimals")
    }
}

extension DatetimeCodec {
    /// Years as far as 32-bit day counts reach; keeps every day and second count in range.
    static let yearLimit = 6_000_000

    func validate() throws {
        try require((1...ColumnCodecParameters.maximumCardinality).contains(yearCount), "\(yearCount) years")
        let years = -Self.yearLimit...Self.yearLimit
        try require(years.contains(minYear) && years.contains(minYear + yearCount), "years out of range")
        try require((0...source.fractionScale).contains(fractionDigits), "\(fractionDigits) fraction digits")
        try require(lower <= upper, "lower bound above upper bound")
    }
}

extension LatLongCodec {
    func validate() throws {
        try require((0...18).contains(decimals), "\(decimals) decimals")
        try require((0...16).contains(spaces), "\(spaces) spaces")
        try require((1...64).contains(bits), "\(bits) bits")
        try require(latLower <= latUpper && !latUpper.subtractingReportingOverflow(latLower).overflow, "invalid latitude range")
        try require(lonLower <= lonUpper && !lonUpper.subtractingReportingOverflow(lonLower).overflow, "invalid longitude range")
    }
}

extension CharacterCodec {
    func validate() throws {
        try require(alphabets.count <= 65_536, "\(alphabets.count) character positions")
    }
}

extension PrimaryKeyCodec {
    func validate() throws {
        try require((0...64).contains(width), "width \(width)")
        try require(prefix.utf8.count <= 1024, "a prefix of \(prefix.utf8.count) bytes")
    }
}
