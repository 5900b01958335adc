/// Settings of a QA run (`QAReport.compute`). The defaults follow mostlyai-qa's choices so
/// that the figures are comparable with that reference.
public struct QAOptions: Sendable, Hashable, Codable {
    /// Quantile bins per numeric or datetime column (one bin per value when there are at most
    /// this many distinct values).
    public var binCount: Int = 10
    /// Most frequent categories kept as their own bin; the rest fall into `(other)`.
    public var topCategories: Int = 10
    /// A category needs at least this many training rows to get its own bin (privacy of rare
    /// values); with `valueProtection` the encoding's rare threshold applies when it is higher.
    public var minimumCategoryCount: Int = 5
    /// Whether what the report shows of the original rows follows value protection
    /// (`QAValueProtection`): categories seen fewer times than the encoding's rare threshold
    /// are never named, numbers and datetimes are clipped at the encoding's clip rank before
    /// binning and summary statistics. The thresholds are drawn from `valueProtectionSeed`
    /// (else `seed`) the way `TableEncoder.fit` draws them, so with the seed the encoding was
    /// fitted with they are the encoding's own.
    public var valueProtection: Bool = true
    /// The seed the encoding was fitted with, when it differs from `seed` (a generate job
    /// scores with its own seed but protects with its parent's training seed); `nil` = `seed`.
    public var valueProtectionSeed: UInt64? = nil
    /// Upper limit on the number of column triples scored for trivariate accuracy (sampled).
    public var maxTrivariates: Int = 10_000
    /// Upper limit on the rows drawn from each of synthetic, training and holdout for the
    /// distance metrics; `nil` = as many as the smallest of the three has.
    public var maxPrivacyRows: Int? = nil
    /// Whether the distance metrics are also computed on subsets of the encoded columns
    /// (three groups of correlated columns, three random groups) when there are more than ten,
    /// keeping the subset with the highest DCR share (the most conservative view).
    public var privacyColumnGroups: Bool = true
    /// Seed of every random draw (row samples, triple samples, column groups).
    public var seed: UInt64 = 42
    /// Worker threads for the heavy loops (nearest neighbours, pair counts).
    public var threads: Int = 2
    /// Privacy verdict: the DCR share must not exceed this (50% is what a fresh sample of the
    /// population scores).
    public var maxDCRShare: Double = 0.55
    /// Privacy verdict: the identical-match share with training may exceed the one with
    /// holdout by at most this much.
    public var maxIdenticalMatchExcess: Double = 0.01
    /// Privacy verdict: the mean DCR to training must be at least this fraction of the mean
    /// DCR to holdout.
    public var minDCRRatio: Double = 0.9

    public init() {}

    /// Decodes options stored by any version: a missing setting takes its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = QAOptions()
        binCount = try c.decodeIfPresent(Int.self, forKey: .binCount) ?? d.binCount
        topCategories = try c.decodeIfPresent(Int.self, forKey: .topCategories) ?? d.topCategories
        minimumCategoryCount = try c.decodeIfPresent(Int.self, forKey: .minimumCategoryCount) ?? d.minimumCategoryCount
        valueProtection = try c.decodeIfPresent(Bool.self, forKey: .valueProtection) ?? d.valueProtection
        valueProtectionSeed = try c.decodeIfPresent(UInt64.self, forKey: .valueProtectionSeed)
        maxTrivariates = try c.decodeIfPresent(Int.self, forKey: .maxTrivariates) ?? d.maxTrivariates
        maxPrivacyRows = try c.decodeIfPresent(Int.self, forKey: .maxPrivacyRows) ?? d.maxPrivacyRows
        privacyColumnGroups = try c.decodeIfPresent(Bool.self, forKey: .privacyColumnGroups) ?? d.privacyColumnGroups
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? d.threads
        maxDCRShare = try c.decodeIfPresent(Double.self, forKey: .maxDCRShare) ?? d.maxDCRShare
        maxIdenticalMatchExcess = try c.decodeIfPresent(Double.self, forKey: .maxIdenticalMatchExcess) ?? d.maxIdenticalMatchExcess
        minDCRRatio = try c.decodeIfPresent(Double.self, forKey: .minDCRRatio) ?? d.minDCRRatio
    }
}
