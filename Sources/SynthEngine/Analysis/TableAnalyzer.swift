import SynthData

/// A problem met while analyzing.
public enum AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A batch's columns differ from the first batch's (names, order or types).
    case schemaMismatch(expected: [String], found: [String])

    public var description: String {
        switch self {
        case let .schemaMismatch(expected, found):
            "batch columns [\(found.joined(separator: ", "))] differ from the first batch's [\(expected.joined(separator: ", "))]"
        }
    }
}

/// Analyzes a table, whole or as a stream of batches with bounded memory.
///
/// ```swift
/// let analysis = TableAnalyzer.analyze(table)               // in memory
///
/// var analyzer = TableAnalyzer()                             // streaming
/// while let batch = try reader.nextBatch() { try analyzer.consume(batch: batch) }
/// let analysis = analyzer.finish()
/// ```
/// Memory per column is bounded by `AnalysisOptions` (exact distinct counting up to a
/// limit, then a HyperLogLog estimate; quantiles from a seeded uniform sample), so a file
/// larger than memory can be analyzed batch by batch.
public struct TableAnalyzer: Sendable {
    public let options: AnalysisOptions
    private var accumulators: [ColumnAccumulator] = []
    private var signature: [String] = []
    private var rowCount = 0

    public init(options: AnalysisOptions = AnalysisOptions()) { self.options = options }

    /// Analyzes a whole in-memory table.
    public static func analyze(_ table: Table, options: AnalysisOptions = AnalysisOptions()) -> TableAnalysis {
        var analyzer = TableAnalyzer(options: options)
        // A single batch always matches its own schema.
        try? analyzer.consume(batch: table)
        return analyzer.finish()
    }

    /// Adds a batch of rows; every batch must have the first batch's column names and types.
    public mutating func consume(batch: Table) throws {
        let batchSignature = batch.columns.map { "\($0.name): \($0.dataType)" }
        if accumulators.isEmpty && rowCount == 0 && signature.isEmpty {
            signature = batchSignature
            accumulators = batch.columns.enumerated().map { index, column in
                ColumnAccumulator(name: column.name, dataType: column.dataType, options: options,
                                  seed: options.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
            }
        } else if batchSignature != signature {
            throw AnalysisError.schemaMismatch(expected: signature, found: batchSignature)
        }
        rowCount += batch.rowCount
        for (index, column) in batch.columns.enumerated() { accumulators[index].consume(column) }
    }

    /// The analysis of every batch consumed so far.
    public func finish() -> TableAnalysis {
        TableAnalysis(rowCount: rowCount, columns: accumulators.map { $0.finish() })
    }
}
