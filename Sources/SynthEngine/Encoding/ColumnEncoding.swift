import SynthData

/// How one column is encoded: the chosen type, its fitted parameters and what value
/// protection changed.
public struct ColumnEncoding: Codable, Sendable, Hashable {
    public var name: String
    public var dataType: DataType
    /// The resolved type (never `numeric_auto`).
    public var type: EncodingType
    /// What was asked for: an override, or the rule's choice (may be `numeric_auto`).
    public var requestedType: EncodingType
    /// Whether `requestedType` came from a user override.
    public var isOverride: Bool
    public var protection: ProtectionReport
    /// From the analysis: distinct non-null values, whether exact, and null rows.
    public var uniqueCount: Int
    public var uniqueCountIsExact: Bool
    public var nullCount: Int
    var parameters: ColumnCodecParameters
    /// A timestamp column's source text layout (`2013-01-26 03:45:27`), given to decoded
    /// columns so output keeps it; `nil` (and in files from before layouts) writes ISO 8601.
    public var timestampLayout: TimestampTextLayout? = nil

    /// The sub-columns this column writes, in order.
    public var subColumns: [SubColumnSpec] { parameters.codec.subColumns }
}

/// One row of the `columns` command: what the model sees of a column.
public struct ColumnDetail: Codable, Sendable, Hashable {
    public var name: String
    public var dataType: DataType
    public var encodingType: EncodingType
    public var requestedType: EncodingType
    public var isOverride: Bool
    public var subColumns: [SubColumnSpec]
    public var uniqueCount: Int
    public var uniqueCountIsExact: Bool
    public var nullCount: Int
    public var protection: ProtectionReport

    /// `year:11 month:12 day:31`, or `—` for none.
    public var subColumnsText: String {
        subColumns.isEmpty ? "—" : subColumns.map { "\($0.suffix):\($0.cardinality)" }.joined(separator: " ")
    }

    /// `numeric_digit` or `numeric_digit (auto)` / `primary_key (override)`.
    public var encodingText: String {
        if isOverride { return "\(encodingType) (override)" }
        if requestedType == .numericAuto { return "\(encodingType) (auto)" }
        return encodingType.rawValue
    }

    /// `1,234` or `~1,234` when estimated.
    public var uniqueText: String { (uniqueCountIsExact ? "" : "~") + String(uniqueCount) }
}
