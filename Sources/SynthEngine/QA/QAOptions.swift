/// Settings of a QA run (`QAReport.compute`). The defaults follow mostlyai-qa's choices so
/// that the figures are comparable with that reference.
public struct QAOptions: Sendable, Hashable, Codable {
    /// Quantile bins per numeric or datetime column (one bin per value when there are at most
    /// this many distinct values).
    public var binCount: Int = 10
    /// Most frequent categories kept as their own bin; the rest fall into `(other)`.
    public var topCategories: Int = 10
    /// A category needs at least this many original rows to get its own bin (privacy of rare values).
    public var minimumCategoryCount: Int = 5
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
}
