import SynthData

/// Values of a numeric column that are not ordinary numbers.
enum SpecialKind: String, Codable, Sendable, Hashable {
    case null, nan, positiveInfinity, negativeInfinity

    /// The kind of a double, or `nil` for a finite value.
    @inline(__always)
    static func of(_ x: Double) -> SpecialKind? {
        if x.isNaN { return .nan }
        if x.isInfinite { return x > 0 ? .positiveInfinity : .negativeInfinity }
        return nil
    }

    var doubleValue: Double {
        switch self {
        case .nan: .nan
        case .positiveInfinity: .infinity
        case .negativeInfinity: -.infinity
        case .null: 0
        }
    }
}

/// The optional `special` sub-column of a numeric or datetime column: code 0 is an ordinary
/// value, code i + 1 is `kinds[i]` (null, NaN, +inf, -inf). Present only when the column
/// has such values, so null is told apart from NaN.
struct SpecialLayout: Codable, Sendable, Hashable {
    var kinds: [SpecialKind]

    var hasSubColumn: Bool { !kinds.isEmpty }
    var subColumns: [SubColumnSpec] { hasSubColumn ? [SubColumnSpec("special", kinds.count + 1)] : [] }

    @inline(__always)
    func code(of kind: SpecialKind?) -> Int {
        guard let kind else { return 0 }
        return (kinds.firstIndex(of: kind) ?? 0) + 1
    }

    @inline(__always)
    func kind(ofCode code: Int) -> SpecialKind? { code == 0 || code > kinds.count ? nil : kinds[code - 1] }

    /// The special kinds present in `column`, in a fixed order.
    static func scan(_ column: Column) -> SpecialLayout {
        var found = Set<SpecialKind>()
        if column.nullCount > 0 { found.insert(.null) }
        if case .double(let values) = column.values {
            for row in 0..<values.count where !column.isNull(row) {
                if let kind = SpecialKind.of(values[row]) { found.insert(kind) }
            }
        }
        let order: [SpecialKind] = [.null, .nan, .positiveInfinity, .negativeInfinity]
        return SpecialLayout(kinds: order.filter(found.contains))
    }
}
