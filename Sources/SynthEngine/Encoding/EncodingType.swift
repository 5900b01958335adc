/// How a column is turned into discrete codes for the model: the names users see and type
/// (`encode d.price as numeric_binned`). See docs/ENCODINGS.md for the rules that pick one.
public enum EncodingType: String, Codable, Sendable, CaseIterable, Hashable {
    /// One code per distinct value (rare values become `_RARE_` under value protection).
    case categorical
    /// Chosen per column after analysis: `numeric_discrete`, `numeric_digit` or `numeric_binned`.
    case numericAuto = "numeric_auto"
    /// A number with few distinct values, coded like a category.
    case numericDiscrete = "numeric_discrete"
    /// One sub-column per decimal position, plus sign and special-value (null/NaN/±inf) flags.
    case numericDigit = "numeric_digit"
    /// Quantile bins; decoding draws a value within the bin.
    case numericBinned = "numeric_binned"
    /// Year, month, day, hour, minute, second (and fraction digits) sub-columns, years
    /// relative to the minimum.
    case datetime
    /// The gap to the previous row's value (for sequences), as digits.
    case datetimeRelative = "datetime_relative"
    /// A `"lat, long"` text column as quadtile-style interleaved coordinate bits.
    case latLong = "lat_long"
    /// Short text position by position, one sub-column per character position.
    case character
    /// A unique key: not trained on, regenerated as fresh unique values.
    case primaryKey = "primary_key"
    /// Not trained on; generated as nulls.
    case exclude

    /// Parses a user-typed name (`numeric_binned`, case-insensitive).
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }
}

extension EncodingType: CustomStringConvertible {
    public var description: String { rawValue }
}
