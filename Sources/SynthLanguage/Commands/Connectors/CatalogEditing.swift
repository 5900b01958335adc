import Foundation
import SynthConnectors
import SynthData
import SynthEngine
import SynthJobs

/// Changing a catalog's template in place: `catalog set` (tables, destination, settings of
/// the job or of one table), `catalog encode`, `catalog key`, `catalog link`, `catalog unlink`.
/// Every change is checked before it is stored (unknown table, column or encoding type, a
/// link that is not to a primary key, a cycle), and the next `catalog run` uses it.
extension ConnectorCommands {
    /// `catalog set NAME …`: changes the stored template; the next run uses it.
    static func changeCatalog(_ name: String, _ context: CommandContext, store: JobStore) throws {
        var record = try ConnectorAccess.run(context, at: "name") { try store.catalog(named: name) }
        let editing = ["tables", "add", "remove", "destination", "overwrite", "goal", "epochs", "rows", "generate", "time", "seed"]
        guard editing.contains(where: context.arguments.has) else {
            throw context.error("say what to change: " + editing.map { "\($0)=" }.joined(separator: ", "), at: "name")
        }
        if context.arguments.has("from") { throw context.error("a catalog's connector cannot change: create another catalog", at: "from") }
        for argument in ["column", "to", "context", "order", "replace"] where context.arguments.has(argument) {
            throw context.error("`\(argument)` is not an option of `catalog set`", at: argument)
        }
        if ["tables", "add", "remove"].contains(where: context.arguments.has) {
            let connector = try ConnectorAccess.open(record.connector, context, at: "name")
            let available = try ConnectorAccess.run(context, at: "name") { try connector.tables() }
            var names = try tableList("tables", context, available: available.map(\.name)) ?? record.tableNames
            for table in try tableList("add", context, available: available.map(\.name)) ?? [] where !names.contains(table) { names.append(table) }
            if let removed = context.arguments.value("remove") {
                let items: [LangValue]
                if case .list(let list) = removed { items = list } else { items = [removed] }
                for item in items {
                    guard case .string(let table) = item, names.contains(table) else {
                        throw context.error("`remove` names a table the catalog does not have (tables: \(names.joined(separator: ", ")))", at: "remove")
                    }
                    names.removeAll { $0 == table }
                }
            }
            guard !names.isEmpty else { throw context.error("a catalog needs at least one table", at: "remove") }
            for table in names {
                do { try SafeName.validate(table) } catch { throw context.error("table '\(table)' cannot be synthesized: \(error)", at: "tables") }
            }
            // Tables it keeps keep their template; new ones get their keys and links from the database.
            let added = names.filter { record.table(named: $0) == nil }
            let fresh = added.isEmpty ? [] : try CatalogTemplate.tables(names, of: connector, available: available, context, at: "name")
            record.tables = names.compactMap { table in record.table(named: table) ?? fresh.first { $0.name == table } }
        }
        if context.arguments.string("destination") == "-" {
            record.destination = nil
        } else if let destination = try checkedDestination(context, argument: "destination") {
            record.destination = destination
        }
        if let table = context.arguments.string("table") {
            guard let index = record.tables.firstIndex(where: { $0.name == table }) else {
                throw context.error("catalog \(name) has no table '\(table)' (tables: \(record.tableNames.joined(separator: ", ")))", at: "table",
                                    hint: Suggestions.didYouMean(table, in: record.tableNames))
            }
            for argument in ["goal", "seed", "overwrite", "destination"] where context.arguments.has(argument) {
                throw context.error("`\(argument)` is a setting of the whole job, not of one table: leave out table=", at: argument)
            }
            if context.arguments.has("generate"), let link = (try? record.jobSchema())?.table(named: table)?.context {
                throw context.error("\(table) is linked to \(link.parentTable): its rows follow the generated \(link.parentTable) rows", at: "generate",
                                    hint: "`catalog set \(name) table=\"\(link.parentTable)\" generate=N` sets how many \(link.parentTable) rows are generated")
            }
            var own = record.tables[index].settings
            if let epochs = context.arguments.integer("epochs") { own.maxEpochs = Int(epochs) }
            if let rows = context.arguments.integer("rows") { own.maxTrainingRows = Int(rows) }
            if let generate = context.arguments.integer("generate") { own.generatedRows = Int(generate) }
            if let minutes = try minutes(context) { own.maxTrainingMinutes = minutes }
            record.tables[index].settings = own
        } else {
            try applyTrainingSettings(context, to: &record.settings)
        }
        _ = try checkedSchema(record, context, at: "name")
        try ConnectorAccess.run(context, at: "name") { try store.updateCatalog(record) }
        context.output.emit(.message("changed catalog \(name): \(record.tables.count) table\(record.tables.count == 1 ? "" : "s") of \(record.connector)"
            + (record.destination.map { " → \($0)" } ?? "") + "; the next `catalog run \(name)` uses it"))
    }

    /// `catalog encode|key|link|unlink NAME TABLE.COLUMN …`: one table's encoding override, key or link.
    static func editCatalogSchema(_ action: String, _ name: String, _ context: CommandContext, store: JobStore) throws {
        var record = try CatalogTemplate.withColumns(try ConnectorAccess.run(context, at: "name") { try store.catalog(named: name) },
                                                     context, at: "name")
        guard let written = context.arguments.string("column") else {
            throw context.error("say which column: `catalog \(action) \(name) TABLE.COLUMN`", at: "name")
        }
        let (index, column) = try catalogColumn(written, in: record, context, at: "column")
        let table = record.tables[index].name
        switch action {
        case "encode":
            let types = ["auto"] + EncodingType.allCases.map(\.rawValue)
            guard let typeName = context.bindingAsArgument() else {
                throw context.error("say which encoding: `catalog encode \(name) \(table).\(column) as TYPE`", at: "column",
                                    hint: "types: " + types.joined(separator: ", "))
            }
            if typeName.lowercased() == "auto" {
                record.tables[index].settings.encodings[column] = nil
                context.output.emit(.message("\(table).\(column) of catalog \(name) will be encoded as synth chooses"))
            } else {
                guard let type = EncodingType(name: typeName) else {
                    throw LanguageError("unknown encoding type '\(typeName)'", at: context.statement.bindingRange,
                                        hint: Suggestions.didYouMean(typeName, in: types) ?? "types: " + types.joined(separator: ", "))
                }
                // Fitted now on the table's first rows, as `encode` does for a lazy table: a
                // type that cannot hold the column is an error here, not a failed job.
                let connector = try ConnectorAccess.open(record.connector, context, at: "name")
                let sample = try CatalogTemplate.firstRows(of: table, connector, context, at: "column")
                if let position = sample.columnIndex(named: column) {
                    let single = try Table(columns: [sample.columns[position]])
                    do {
                        _ = try TableEncoder.fit(table: single, overrides: [column: type], valueProtection: false)
                    } catch let error as EncodingError {
                        throw LanguageError("\(error)", at: context.statement.bindingRange, hint: EncodingCommands.compatibleHint(single))
                    }
                }
                record.tables[index].settings.encodings[column] = type.rawValue
                context.output.emit(.message("\(table).\(column) of catalog \(name) will be encoded as \(type.rawValue)"))
            }
        case "key":
            record.tables[index].schema.primaryKey = column
            // Links into the table refer to its key.
            for other in record.tables.indices {
                if record.tables[other].schema.context?.parentTable == table { record.tables[other].schema.context?.parentKey = column }
                for key in record.tables[other].schema.foreignKeys.indices where record.tables[other].schema.foreignKeys[key].parentTable == table {
                    record.tables[other].schema.foreignKeys[key].parentKey = column
                }
            }
            context.output.emit(.message("\(table).\(column) is the primary key of \(table) in catalog \(name)"))
        case "link":
            try link(&record, index: index, column: column, context)
        default:
            var schema = record.tables[index].schema
            guard schema.context?.column == column || schema.foreignKeys.contains(where: { $0.column == column }) else {
                throw context.error("\(table).\(column) has no link in catalog \(name)", at: "column")
            }
            if schema.context?.column == column {
                schema.context = nil
                schema.orderColumn = nil
            }
            schema.foreignKeys.removeAll { $0.column == column }
            record.tables[index].schema = schema
            context.output.emit(.message("unlinked \(table).\(column) in catalog \(name)"))
        }
        _ = try checkedSchema(record, context, at: action == "link" ? "to" : "column")
        try ConnectorAccess.run(context, at: "name") { try store.updateCatalog(record) }
    }

    /// `catalog link NAME T.COLUMN to=P.KEY [context=] [order=]`: replaces any link of the column.
    private static func link(_ record: inout CatalogRecord, index: Int, column: String, _ context: CommandContext) throws {
        guard let target = context.arguments.string("to") else {
            throw context.error("say what the column refers to: to=TABLE.KEY", at: "column")
        }
        let (parentIndex, parentKey) = try catalogColumn(target, in: record, context, at: "to")
        let table = record.tables[index].name, parent = record.tables[parentIndex].name
        guard parent != table else { throw context.error("a table cannot link to itself", at: "to") }
        if let declared = record.tables[parentIndex].schema.primaryKey, declared != parentKey {
            throw context.error("the primary key of \(parent) is \(declared): write to=\(parent).\(declared)", at: "to",
                                hint: "`catalog key \(record.name) \(parent).\(parentKey)` changes it")
        }
        record.tables[parentIndex].schema.primaryKey = parentKey
        var schema = record.tables[index].schema
        if schema.context?.column == column {
            schema.context = nil
            schema.orderColumn = nil
        }
        schema.foreignKeys.removeAll { $0.column == column }
        let isContext = context.arguments.boolean("context") ?? (schema.context == nil)
        let link = ForeignKey(column: column, parentTable: parent, parentKey: parentKey)
        let order = context.arguments.string("order")
        if let order {
            guard isContext else { throw context.error("order= orders a subject's rows: it needs a context link", at: "order") }
            guard record.tables[index].columns.contains(order), order != column else {
                throw context.error("\(table) has no column '\(order)' to order its rows by", at: "order",
                                    hint: Suggestions.didYouMean(order, in: record.tables[index].columns)
                                        ?? "columns: " + record.tables[index].columns.joined(separator: ", "))
            }
        }
        if isContext {
            // The table's earlier context link, if any, stays as a plain foreign key.
            if let previous = schema.context { schema.foreignKeys.insert(previous, at: 0) }
            schema.context = link
            schema.orderColumn = order
        } else {
            schema.foreignKeys.append(link)
        }
        record.tables[index].schema = schema
        context.output.emit(.message("linked \(table).\(column) → \(parent).\(parentKey)"
            + (isContext ? " (context: \(parent) is the subject of \(table)" + (order.map { ", ordered by \($0)" } ?? "") + ")" : "")
            + " in catalog \(record.name)"))
    }

    /// `flights.tailnum` → (the table's index in the catalog, the column), both checked.
    private static func catalogColumn(_ written: String, in record: CatalogRecord, _ context: CommandContext,
                                      at argument: String) throws -> (Int, String) {
        guard let dot = written.firstIndex(of: "."), dot != written.startIndex, written.index(after: dot) != written.endIndex else {
            throw context.error("write the column as TABLE.COLUMN, e.g. flights.carrier", at: argument)
        }
        let table = String(written[..<dot]), column = String(written[written.index(after: dot)...])
        guard let index = record.tables.firstIndex(where: { $0.name == table }) else {
            throw context.error("catalog \(record.name) has no table '\(table)' (tables: \(record.tableNames.joined(separator: ", ")))", at: argument,
                                hint: Suggestions.didYouMean(table, in: record.tableNames))
        }
        let columns = record.tables[index].columns
        guard columns.contains(column) else {
            throw context.error("table \(table) of catalog \(record.name) has no column '\(column)'", at: argument,
                                hint: Suggestions.didYouMean(column, in: columns) ?? "columns: " + columns.joined(separator: ", "))
        }
        return (index, column)
    }
}
