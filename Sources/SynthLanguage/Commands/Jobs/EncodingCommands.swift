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
        summary: "Column details: data type, encoding type, sub-columns with cardinalities, unique, nulls, protected values.",
        discussion: """
        For a table, shows what a job would use now (with the overrides set by `encode`); for a job, \
        what its transforming task chose.
        """,
        arguments: [ArgumentSpec("source", .value, positional: true, required: true, help: "A table, or a job (id or name)."),
                    ArgumentSpec("protection", .boolean, default: "true", help: "Apply value protection (tables only).")],
        changesState: false, examples: ["encodings d", "encodings 3"]
    ) { context in
        let details: [ColumnDetail]
        let value = context.arguments.value("source")
        if let table = value?.table {
            let name = context.arguments.tableName("source") ?? ""
            var overrides: [String: EncodingType] = [:]
            for (column, type) in JobEnvironment.shared.overrides(for: name) { overrides[column] = EncodingType(name: type) }
            do {
                details = try TableEncoder.fit(table: table, overrides: overrides,
                                               valueProtection: context.arguments.boolean("protection") ?? true).columnDetails()
            } catch {
                throw context.error("\(error)", at: "source")
            }
        } else {
            let (_, _, data) = try JobCommands.jobFile(context, "source", "encoding.json",
                                                       missing: "has not transformed its data yet",
                                                       notAJob: "`columns` needs a table or a job", after: .encodings)
            details = try JSONDecoder().decode(TableEncoding.self, from: data).columnDetails()
        }
        let table = BuiltinCommands.resultTable([
            ("column", details.map { .text($0.name) }),
            ("type", details.map { .text($0.dataType.description) }),
            ("encoding", details.map { .text($0.encodingType.rawValue + ($0.isOverride ? " (set)" : "")) }),
            ("sub-columns", details.map { .text($0.subColumnsText) }),
            ("unique", details.map { .text(($0.uniqueCountIsExact ? "" : "~") + String($0.uniqueCount)) }),
            ("nulls", details.map { .integer($0.nullCount) }),
            ("protected", details.map { .text(protectionText($0.protection)) }),
        ])
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
        applies to jobs started afterwards with `train` and is recorded in their settings.
        """,
        arguments: [ArgumentSpec("column", .value, positional: true, required: true, help: "The column, as TABLE.COLUMN.")],
        changesState: true, examples: ["encode d.price as numeric_binned", "encode p.year as categorical"]
    ) { context in
        guard case let .column(table, column)? = context.arguments.value("column") else {
            throw context.error("write the column as TABLE.COLUMN, e.g. d.price", at: "column")
        }
        guard let typeName = context.statement.binding else {
            throw context.error("say which encoding: `encode \(table).\(column) as TYPE`",
                                hint: "types: " + EncodingType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let type = EncodingType(name: typeName) else {
            throw context.error("unknown encoding type '\(typeName)'",
                                hint: "types: " + EncodingType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let data = context.session.table(named: table) else { throw context.error("unknown table '\(table)'", at: "column") }
        guard data.columnIndex(named: column) != nil else {
            throw context.error("unknown column '\(column)' in \(table)", at: "column",
                                hint: "columns: " + data.columnNames.joined(separator: ", "))
        }
        JobEnvironment.shared.setOverride(table: table, column: column, encoding: type.rawValue)
        context.output.emit(.message("\(table).\(column) will be encoded as \(type.rawValue)"))
        return nil
    }
}
