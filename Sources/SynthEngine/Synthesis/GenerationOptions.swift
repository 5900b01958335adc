/// How generation is steered: sampling sharpness, what stands in for rare categories, an
/// optional target distribution for one categorical column, and optional fairness.
public struct GenerationOptions: Sendable, Hashable, Codable {
    /// What generated rows hold where value protection merged rare categories.
    public enum RareCategories: String, Sendable, Hashable, Codable, CaseIterable {
        /// The constant `_RARE_` (text columns; other types draw a kept value by frequency).
        case constant
        /// A kept category, drawn by the model conditionally on the rest of the row.
        case sample
    }

    /// A target share per category of one categorical column; the categories not named share
    /// the rest in their training proportions, and the other columns follow conditionally.
    public struct Rebalancing: Sendable, Hashable, Codable {
        public var column: String
        public var shares: [String: Double]

        public init(column: String, shares: [String: Double]) {
            self.column = column
            self.shares = shares
        }
    }

    /// A target column made independent of sensitive columns (demographic parity): the
    /// sensitive values and the target values come from independent model samples, and the
    /// other columns are generated conditionally on both.
    public struct Fairness: Sendable, Hashable, Codable {
        public var target: String
        public var sensitive: [String]

        public init(target: String, sensitive: [String]) {
            self.target = target
            self.sensitive = sensitive
        }
    }

    /// ≥ 0: below 1 sharpens every distribution, above 1 flattens it; 0 takes the most likely
    /// value every time.
    public var temperature: Double
    /// In (0, 1]: sample only from the smallest set of values holding this much probability.
    public var topP: Double
    public var rareCategories: RareCategories
    public var rebalancing: Rebalancing?
    public var fairness: Fairness?

    public init(temperature: Double = 1, topP: Double = 1, rareCategories: RareCategories = .constant,
                rebalancing: Rebalancing? = nil, fairness: Fairness? = nil) {
        self.temperature = temperature
        self.topP = topP
        self.rareCategories = rareCategories
        self.rebalancing = rebalancing
        self.fairness = fairness
    }
}
