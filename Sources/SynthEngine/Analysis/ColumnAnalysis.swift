import SynthData

/// What the analysis pass learned about one column: the facts that pick its encoding and
/// that `describe`/`columns` show. Codable so a job can store it.
///
/// Numbers and points in time share the numeric fields: dates count days and timestamps
/// count ticks of their unit since 1970-01-01 (UTC).
public struct ColumnAnalysis: Codable, Sendable, Hashable {
    /// A value and how many rows hold it.
    public struct ValueCount: Codable, Sendable, Hashable {
        public var value: String
        public var count: Int
    }

    /// Lengths of text values in Unicode scalars.
    public struct LengthStats: Codable, Sendable, Hashable {
        public var min: Int
        public var max: Int
        public var mean: Double
    }

    public var name: String
    public var dataType: DataType
    public var rowCount: Int
    public var nullCount: Int
    /// Share of rows that are null (0 for an empty column).
    public var nullShare: Double { rowCount == 0 ? 0 : Double(nullCount) / Double(rowCount) }
    /// Not-a-number values in a double column (distinct from nulls).
    public var nanCount: Int
    /// Infinite values in a double column.
    public var infinityCount: Int
    /// Distinct non-null values: exact when `uniqueCountIsExact`, else a HyperLogLog estimate.
    public var uniqueCount: Int
    public var uniqueCountIsExact: Bool
    /// Smallest and largest finite value (numbers, dates as days, timestamps as ticks).
    public var min: Double?
    public var max: Double?
    /// Quantiles at `ColumnAnalysis.quantileProbabilities` (numbers and points in time).
    public var quantiles: [Double]
    /// Whether `quantiles` come from every value rather than from a uniform sample.
    public var quantilesAreExact: Bool
    /// The most frequent values, most frequent first (up to `AnalysisOptions.topValueCount`).
    public var topValues: [ValueCount]
    /// Whether `topValues` counts are exact (the column had few enough distinct values).
    public var topValuesAreExact: Bool
    /// Lengths of text values (string columns).
    public var stringLength: LengthStats?
    /// Most decimal places of a finite double (0 for integers); `nil` when some value needs
    /// more than `DecimalPlaces.limit`.
    public var decimalPlaces: Int?
    /// One distinct value and no nulls, or only nulls.
    public var isConstant: Bool
    /// Looks like a unique identifier (primary-key candidate): see `TableAnalyzer`.
    public var isUniqueIdentifier: Bool
    /// A string column whose every value is a datetime in this format.
    public var datetimeText: DatetimeTextFormat?
    /// A string column whose every value is a `"lat, long"` pair.
    public var isLatLongText: Bool
    /// A timestamp column read from text: how the source wrote it (`nil` for ISO 8601 or
    /// when unknown), so synthetic values are written the same way.
    public var timestampLayout: TimestampTextLayout? = nil
    /// Mean number of whitespace-separated words per text value (string columns; `nil` in
    /// analyses from before it was kept).
    public var meanWordCount: Double? = nil

    /// Probabilities of the stored quantiles: 0, 0.01, ..., 1.
    public static let quantileProbabilities: [Double] = (0...100).map { Double($0) / 100 }

    /// The quantile at probability `p` (interpolated between stored ones), if any.
    public func quantile(_ p: Double) -> Double? {
        guard quantiles.count == Self.quantileProbabilities.count else { return nil }
        return QuantileReservoir.quantile(quantiles, p)
    }

    /// Non-null rows.
    public var valueCount: Int { rowCount - nullCount }
}

/// The analysis of every column of a table.
public struct TableAnalysis: Codable, Sendable, Hashable {
    public var rowCount: Int
    public var columns: [ColumnAnalysis]

    /// The analysis of the column named `name`.
    public func column(named name: String) -> ColumnAnalysis? { columns.first { $0.name == name } }
}

/// Limits of the analysis pass; the defaults keep memory bounded per column whatever the
/// number of rows.
public struct AnalysisOptions: Sendable, Hashable {
    /// Distinct values counted exactly per column before switching to estimates.
    public var exactDistinctLimit: Int
    /// Size of the per-column uniform sample that quantiles come from.
    public var quantileSampleSize: Int
    /// Number of top values reported.
    public var topValueCount: Int
    /// Seed of the quantile samples.
    public var seed: UInt64

    public init(exactDistinctLimit: Int = 100_000, quantileSampleSize: Int = 100_000, topValueCount: Int = 10, seed: UInt64 = 0) {
        self.exactDistinctLimit = exactDistinctLimit
        self.quantileSampleSize = quantileSampleSize
        self.topValueCount = topValueCount
        self.seed = seed
    }
}
