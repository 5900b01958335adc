/// One column cut into bins fixed on the original data: every original and synthetic row
/// gets a bin code `0 ..< labels.count`.
struct QABinnedColumn: Sendable {
    let name: String
    let kind: QAColumnKind
    /// Display label of each bin (`⪰ 0.4`, `Ideal`, `(other)`, `(n/a)`).
    let labels: [String]
    /// Bin code of each original row (training rows, then holdout rows).
    let original: [Int32]
    /// Bin code of each synthetic row.
    let synthetic: [Int32]

    var binCount: Int { labels.count }
}

/// Labels of the bins that are not values: shared with mostlyai-qa's report.
enum QASpecialBin {
    static let missing = "(n/a)"
    static let other = "(other)"
    static let empty = "(empty)"
    static let rare = "_RARE_"
}
