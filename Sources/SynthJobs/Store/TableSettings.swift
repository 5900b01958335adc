import Foundation

/// Training and generation settings of one table of a job over several tables (a catalog's
/// per-table template): each one given replaces the job's own for that table only.
public struct TableSettings: Sendable, Codable, Hashable {
    public var maxEpochs: Int?
    public var maxTrainingRows: Int?
    /// Rows to generate for this table (a subject table: subjects).
    public var generatedRows: Int?
    public var maxTrainingMinutes: Double?
    /// Encoding overrides by column name (user-facing encoding type names).
    public var encodings: [String: String]

    public init(maxEpochs: Int? = nil, maxTrainingRows: Int? = nil, generatedRows: Int? = nil, maxTrainingMinutes: Double? = nil,
                encodings: [String: String] = [:]) {
        self.maxEpochs = maxEpochs
        self.maxTrainingRows = maxTrainingRows
        self.generatedRows = generatedRows
        self.maxTrainingMinutes = maxTrainingMinutes
        self.encodings = encodings
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxEpochs = try container.decodeIfPresent(Int.self, forKey: .maxEpochs)
        maxTrainingRows = try container.decodeIfPresent(Int.self, forKey: .maxTrainingRows)
        generatedRows = try container.decodeIfPresent(Int.self, forKey: .generatedRows)
        maxTrainingMinutes = try container.decodeIfPresent(Double.self, forKey: .maxTrainingMinutes)
        encodings = try container.decodeIfPresent([String: String].self, forKey: .encodings) ?? [:]
    }

    /// Whether it changes nothing.
    public var isEmpty: Bool {
        maxEpochs == nil && maxTrainingRows == nil && generatedRows == nil && maxTrainingMinutes == nil && encodings.isEmpty
    }

    /// `epochs 3, rows 1000, encode carrier as categorical`; empty when it changes nothing.
    public var summary: String {
        var parts: [String] = []
        if let maxEpochs { parts.append("epochs \(maxEpochs)") }
        if let maxTrainingRows { parts.append("rows \(maxTrainingRows)") }
        if let generatedRows { parts.append("generate \(generatedRows)") }
        if let maxTrainingMinutes { parts.append("time \(Self.minutesText(maxTrainingMinutes))") }
        for (column, type) in encodings.sorted(by: { $0.key < $1.key }) { parts.append("\(column) as \(type)") }
        return parts.joined(separator: ", ")
    }

    /// `2.5 min` for a time limit in minutes.
    static func minutesText(_ minutes: Double) -> String {
        minutes == minutes.rounded() ? "\(Int(minutes)) min" : String(format: "%g min", minutes)
    }
}

extension JobSettings {
    /// The settings table `name` trains and generates with: these, with the table's own
    /// `tableSettings` over them (its encoding overrides added to the job's).
    public func forTable(_ name: String) -> JobSettings {
        guard let own = tableSettings?[name] else { return self }
        var settings = self
        if let epochs = own.maxEpochs { settings.maxEpochs = epochs }
        if let rows = own.maxTrainingRows { settings.maxTrainingRows = rows }
        if let rows = own.generatedRows { settings.generatedRows = rows }
        if let minutes = own.maxTrainingMinutes { settings.maxTrainingMinutes = minutes }
        settings.encodings.merge(own.encodings) { _, table in table }
        return settings
    }
}
