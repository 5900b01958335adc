import SynthData

/// Settings of the organizing pass.
public struct OrganizingOptions: Sendable, Hashable {
    /// Most rows kept for training and validation (a seeded uniform sample); `nil` keeps all.
    public var maxTrainingRows: Int?
    /// Share of the kept rows held out for validation.
    public var validationShare: Double
    public var seed: UInt64
    public var analysis: AnalysisOptions

    public init(maxTrainingRows: Int? = nil, validationShare: Double = 0.1, seed: UInt64 = 0,
                analysis: AnalysisOptions = AnalysisOptions()) {
        self.maxTrainingRows = maxTrainingRows
        self.validationShare = validationShare
        self.seed = seed
        self.analysis = analysis
    }
}

/// What the organizing pass produced.
public struct OrganizedData: Sendable {
    /// The analysis of every source row (not only of the sample).
    public var analysis: TableAnalysis
    /// Rows in the source.
    public var sourceRowCount: Int
    /// How many rows to generate unless told otherwise: the source's row count.
    public var defaultGeneratedRows: Int { sourceRowCount }
    public var training: Table
    public var validation: Table
}

/// One streaming pass over a source, batch by batch: analyzes every row (bounded memory)
/// and keeps a seeded uniform sample of at most `maxTrainingRows` rows, then splits the
/// sample into training and validation rows.
///
/// ```swift
/// var organizer = DataOrganizer(options: .init(maxTrainingRows: 100_000, seed: 1))
/// try CSVReader.scan(path: path) { try organizer.consume(batch: $0) }
/// let organized = try organizer.finish()
/// ```
public struct DataOrganizer: Sendable {
    public let options: OrganizingOptions
    private var analyzer: TableAnalyzer
    private var reservoir: RowReservoir

    public init(options: OrganizingOptions = OrganizingOptions()) {
        self.options = options
        analyzer = TableAnalyzer(options: options.analysis)
        reservoir = RowReservoir(capacity: options.maxTrainingRows ?? Int.max, seed: options.seed)
    }

    public mutating func consume(batch: Table) throws {
        try analyzer.consume(batch: batch)
        try reservoir.consume(batch: batch)
    }

    public func finish() throws -> OrganizedData {
        let sample = try reservoir.table()
        let split = TrainValidationSplit.byRow(rowCount: sample.rowCount, validationShare: options.validationShare,
                                               seed: options.seed &+ 1)
        let analysis = analyzer.finish()
        return OrganizedData(analysis: analysis, sourceRowCount: analysis.rowCount,
                             training: sample.gatheringRows(split.training), validation: sample.gatheringRows(split.validation))
    }

    /// Organizes a CSV file in one streaming pass (the schema is inferred first, in another
    /// pass that keeps no values).
    public static func organize(csvPath: String, csvOptions: CSVReadOptions = CSVReadOptions(),
                                options: OrganizingOptions = OrganizingOptions()) throws -> OrganizedData {
        var organizer = DataOrganizer(options: options)
        try CSVReader.scan(path: csvPath, options: csvOptions) { try organizer.consume(batch: $0) }
        return try organizer.finish()
    }
}

extension TableAnalyzer {
    /// Analyzes a CSV file batch by batch with bounded memory, whatever its size.
    public static func analyze(csvPath: String, csvOptions: CSVReadOptions = CSVReadOptions(),
                               options: AnalysisOptions = AnalysisOptions()) throws -> TableAnalysis {
        var analyzer = TableAnalyzer(options: options)
        try CSVReader.scan(path: csvPath, options: csvOptions) { try analyzer.consume(batch: $0) }
        return analyzer.finish()
    }
}
