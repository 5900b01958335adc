import Foundation
import SynthData
import SynthEngine
import SynthJobs

/// `encodings` (view column details: how the model sees each column) and `encode` (override).
public enum EncodingCommands {
    public static var all: [CommandSpec] { [encodings, encode] }

    static func protectionText(_ p: ProtectionReport) -> String {
        guard p.enabled else { return "off" }
        var parts: [String] = []
        if p.rareRows > 0 { parts.append("\(p.rareCategories) rare categories (\(p.rareRows) rows) → _RARE_") }
        if p.clippedLow + p.clippedHigh > 0 {
            parts.append("clipped \(p.clippedLow) low / \(p.clippedHigh) high to [\(p.lowerBound ?? "")…\(p.upperBound ?? "")]")
        }
        return parts.isEmpty ? "—" : parts.joined(separator: "; ")
    }

    /// `columns TABLE_OR_JOB` (alias `encodings`): what the model sees, column by column.
    static let encodings = CommandSpec(
        name: "columns", aliases: ["encodings"], group: "Data",
        summary: "Column details: data type, key or link, encoding type, sub-columns with cardinalities, unique, nulls, protected values.",
        discussion: """
        For a table, shows what a job would use now (with the overrides set by `encode`); for a job, \
        what its transforming task chose.
        """,
        arguments: [ArgumentSpec("source", .tableOrJob, positional: true, required: true, help: "A table, or a job (id or name)."),
                    ArgumentSpec("protection", .boolean, default: "true", help: "Apply value protection (tables only)."),
                    ArgumentSpec("table", .string, help: "Which table of the job (needed when it has several).")],
        changesState: false, examples: ["encodings d", "encodings 3"]
    ) { context in
        let details: [ColumnDetail]
        var keyNotes: [String: String] = [:]
        let value = context.arguments.value("source")
        if value?.tableOrSchema != nil {
            let name = context.arguments.tableName("source") ?? ""
            var overrides: [String: EncodingType] = [:]
            for (column, type) in context.jobs.overrides(for: name) { overrides[column] = EncodingType(name: type) }
            var table = value?.table ?? Table()
            var analysis: TableAnalysis?
            if let lazy = value?.lazyTable {
                // As a job over it would: every row analyzed in batches, the encodings fitted
                // on the seeded sample a job trains on.
                var organizer = DataOrganizer(options: OrganizingOptions(maxTrainingRows: LazyTable.defaultTrainingRows, validationShare: 0))
                try lazy.scan(context, at: "source") { try organizer.consume(batch: $0) }
                let organized = try organizer.finish()
                (table, analysis) = (organized.training, organized.analysis)
            }
            do {
                details = try TableEncoder.fit(table: table, analysis: analysis, overrides: overrides,
                                               valueProtection: context.arguments.boolean("protection") ?? true).columnDetails()
            } catch {
                throw context.error("\(error)", at: "source")
            }
        } else {
            let (_, tableRecord, data) = try JobCommands.jobFile(context, "source", .encoding,
                                                       what: "encodings (its data is not transformed)",
                                                       notAJob: "`columns` needs a table or a job", after: .encodings)
            details = try JSONDecoder().decode(TableEncoding.self, from: data).columnDetails()
            keyNotes = LinkCommands.keyNotes(of: tableRecord.schema)
            for detail in details { if let note = LinkCommands.hiddenColumnNote(detail.name) { keyNotes[detail.name] = note } }
        }
        if let name = context.arguments.tableName("source") { keyNotes = LinkCommands.keyNotes(of: name, in: context.session.schema) }
        var columns: [(String, [BuiltinCommands.ResultCell])] = [
            ("column", details.map { .text($0.name) }),
            ("type", details.map { .text($0.dataType.description) }),
            ("encoding", details.map { .text($0.encodingType.rawValue + ($0.isOverride ? " (set)" : "")) }),
            ("sub-columns", details.map { .text($0.subColumnsText) }),
            ("unique", details.map { .text(($0.uniqueCountIsExact ? "" : "~") + String($0.uniqueCount)) }),
            ("nulls", details.map { .integer($0.nullCount) }),
            ("protected", details.map { .text(protectionText($0.protection)) }),
        ]
        // Keys and links, when the table has any (`key`, `link`).
        if !keyNotes.isEmpty { columns.insert(("key", details.map { .text(keyNotes[$0.name] ?? "") }), at: 2) }
        let table = BuiltinCommands.resultTable(columns)
        context.output.emit(.table(table, title: nil, totalRows: nil))
        return .table(table, name: nil)
    }

    static let encode: CommandSpec = {
        var spec = encodeSpec
        spec.bindingIsArgument = true
        return spec
    }()

    private static let encodeSpec = CommandSpec(
        name: "encode", group: "Jobs",
        summary: "Override how the model encodes a column: `encode d.price as numeric_binned`.",
        discussion: """
        Encoding types: \(EncodingType.allCases.map { $0.rawValue }.joined(separator: ", ")). The override \
        applies to jobs started afterwards with `train` and is recorded in their settings; in a job over several \
        tables (`train planes flights`) each table gets its own overrides. The column is \
        fitted with the type right away: a type that cannot hold it is an error here, not a failed job.
        """,
        arguments: [ArgumentSpec("column", .tableColumn, positional: true, required: true, help: "The column, as TABLE.COLUMN.")],
        changesState: true, examples: ["encode d.price as numeric_binned", "encode p.year as categorical", "encode p.species as text"]
    ) { context in
        guard case let .column(table, column)? = context.arguments.value("column"),
              let data = context.session.table(named: table) ?? context.session.value(named: table)?.lazyTable?.head else {
            throw context.error("write the column as TABLE.COLUMN, e.g. d.price", at: "column")
        }
        let types = EncodingType.allCases.map(\.rawValue)
        guard let typeName = context.statement.binding else {
            throw context.error("say which encoding: `encode \(table).\(column) as TYPE`", hint: "types: " + types.joined(separator: ", "))
        }
        let typeRange = context.statement.bindingRange
        guard let type = EncodingType(name: typeName) else {
            throw LanguageError("unknown encoding type '\(typeName)'", at: typeRange,
                                hint: Suggestions.didYouMean(typeName, in: types) ?? "types: " + types.joined(separator: ", "))
        }
        // Fit the column now, as the job's transforming task will: an encoding that cannot
        // hold this column is an error here, under the type, not a failed job later (a lazy
        // table's first rows stand for it).
        let single = try Table(columns: [data.columns[data.columnIndex(named: column)!]])
        do {
            _ = try TableEncoder.fit(table: single, overrides: [column: type], valueProtection: false)
        } catch let error as EncodingError {
            throw LanguageError("\(error)", at: typeRange, hint: compatibleHint(single.head(10_000)))
        }
        context.jobs.setOverride(table: table, column: column, encoding: type.rawValue)
        context.output.emit(.message("\(table).\(column) will be encoded as \(type.rawValue)"))
        return nil
    }

    /// The encoding types that can hold the only column of `table` (a sample of the rows: a hint).
    static func compatibleHint(_ table: Table) -> String? {
        let name = table.columnNames[0]
        let fitting = EncodingType.allCases.filter { type in
            (try? TableEncoder.fit(table: table, overrides: [name: type], valueProtection: false)) != nil
        }
        return fitting.isEmpty ? nil : "types that fit `\(name)`: " + fitting.map(\.rawValue).joined(separator: ", ")
    }
}
