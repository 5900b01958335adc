import Foundation
import SynthData
import SynthEngine

/// `key`, `unkey`, `link`, `unlink` and `links`: the primary keys and links between the
/// session's tables that `train A B …` turns into a job over linked tables.
public enum LinkCommands {
    public static var all: [CommandSpec] { [key, unkey, link, unlink, links] }

    /// The table and column of a `TABLE.COLUMN` argument, with the table's data.
    static func tableColumn(_ context: CommandContext, _ argument: String) throws -> (table: String, column: String, data: Table) {
        guard case let .column(table, column)? = context.arguments.value(argument),
              let data = context.session.table(named: table), let index = data.columnIndex(named: column) else {
            throw context.error("write the column as TABLE.COLUMN, e.g. planes.tailnum", at: argument)
        }
        return (table, data.columns[index].name, data)
    }

    /// Why `column` cannot be a primary key, or nil when it can.
    static func keyProblem(_ column: Column, table: String) -> String? {
        let values = KeyColumnValues(column)
        guard values.isKeyType else {
            return "\(table).\(column.name) holds \(column.dataType.description) values: a key holds integers or text"
        }
        if values.nullCount > 0 { return "\(table).\(column.name) is null in \(values.nullCount) rows: a primary key is never null" }
        if values.duplicateCount > 0 {
            return "\(table).\(column.name) repeats values (\(values.duplicateCount) rows, e.g. \(values.duplicateExample ?? "")): a primary key is unique"
        }
        return nil
    }

    /// What `columns` shows for a table's key and link columns, by column: `primary key`,
    /// `→ planes.tailnum (context)`, `orders rows of each planes`.
    static func keyNotes(of table: String, in schema: SessionSchema) -> [String: String] {
        var notes: [String: String] = [:]
        func add(_ column: String, _ note: String) { notes[column] = notes[column].map { $0 + "; " + note } ?? note }
        if let key = schema.keys[table] { add(key, "primary key") }
        for link in schema.links(of: table) {
            add(link.column, "→ \(link.parentTable).\(schema.keys[link.parentTable] ?? "?")" + (link.isContext ? " (context)" : ""))
            if let order = link.orderColumn { add(order, "orders each \(link.parentTable) row's rows") }
        }
        for link in schema.links where link.parentTable == table && schema.keys[table] != nil {
            add(schema.keys[table]!, "← \(link.table).\(link.column)")
        }
        return notes
    }

    /// The same for a job's table, from its stored schema.
    static func keyNotes(of table: TableSchema) -> [String: String] {
        var notes: [String: String] = [:]
        if let key = table.primaryKey { notes[key] = "primary key" }
        if let link = table.context { notes[link.column] = "→ \(link.parentTable) (context)" }
        if let order = table.orderColumn { notes[order] = "orders each \(table.context?.parentTable ?? "subject") row's rows" }
        for key in table.foreignKeys {
            notes[key.column] = "→ \(key.parentTable)" + (key.parentKey.map { ".\($0)" } ?? "") + " (foreign key)"
        }
        return notes
    }

    /// What `columns JOB` says of a subject table's hidden sequence column (learnt by its
    /// model, never downloaded): `hidden: flights rows per subject`; nil for other columns.
    static func hiddenColumnNote(_ column: String) -> String? {
        guard SequenceColumns.isHidden(column) else { return nil }
        let rest = column.dropFirst(SequenceColumns.prefix.count)
        if rest.hasPrefix("length_") { return "hidden: \(rest.dropFirst("length_".count)) rows per subject" }
        if rest.hasPrefix("start_") { return "hidden: start of \(rest.dropFirst("start_".count)) rows" }
        return "hidden"
    }

    // MARK: key

    static let key = CommandSpec(
        name: "key", group: "Links",
        summary: "Declare a table's primary key: `key planes.tailnum` (unique, never null).",
        discussion: """
        The primary key identifies each row of a subject table; a linked table refers to it \
        (`link`). The column must hold integers or text, be unique and never null: checked now. \
        A new `key` replaces the table's previous one. `links` shows the keys synth detects.
        """,
        arguments: [ArgumentSpec("column", .tableColumn, positional: true, required: true, help: "The key column, as TABLE.COLUMN.")],
        changesState: true, examples: ["key chicks.chick"]
    ) { context in
        let (table, column, data) = try tableColumn(context, "column")
        if let problem = keyProblem(data.columns[data.columnIndex(named: column)!], table: table) {
            throw context.error(problem, at: "column")
        }
        if let old = context.session.schema.keys[table], old != column,
           let referring = context.session.schema.links.first(where: { $0.parentTable == table }) {
            throw context.error("\(referring.table).\(referring.column) refers to \(table).\(old): `unlink \(referring.table).\(referring.column)` first",
                                at: "column")
        }
        context.session.schema.setKey(table: table, column: column)
        context.output.emit(.message("\(table).\(column) is the primary key of \(table)"))
        return nil
    }

    static let unkey = CommandSpec(
        name: "unkey", group: "Links",
        summary: "Remove a table's primary key (refused while links refer to it).",
        arguments: [ArgumentSpec("table", .table, positional: true, required: true, help: "The table.")],
        changesState: true, examples: ["key chicks.chick; unkey chicks"]
    ) { context in
        guard let table = context.arguments.tableName("table") else { throw context.error("name the table", at: "table") }
        guard context.session.schema.keys[table] != nil else {
            throw context.error("\(table) has no primary key", at: "table")
        }
        let referring = context.session.schema.removeKey(table: table)
        if let first = referring.first {
            throw context.error("\(first.table).\(first.column) refers to it: `unlink \(first.table).\(first.column)` first", at: "table")
        }
        context.output.emit(.message("\(table) has no primary key now"))
        return nil
    }

    // MARK: link

    static let link = CommandSpec(
        name: "link", group: "Links",
        summary: "Link a column to another table's key: `link flights.tailnum to=planes.tailnum order=time_hour`.",
        discussion: """
        Declares that each value of the column names a row of the other table (by its primary \
        key, declared with `key` or here). The first link of a table is its **context** link: \
        the other table is its subject table, and the table's rows are sequences, one per \
        subject, ordered by `order=`. Further links (`context=false`) are foreign keys: a job \
        keeps their referential integrity, every generated value is a key that exists (a key \
        the referenced table generated, when it is in the job; a key the training rows used, \
        when it is not). \
        A new `link` on the same column replaces the old one. Values that name no row are \
        counted and reported; types must match (integers with integers, text with text).
        """,
        arguments: [
            ArgumentSpec("column", .tableColumn, positional: true, required: true, help: "The linking column, as TABLE.COLUMN."),
            ArgumentSpec("to", .tableColumn, required: true, help: "The referenced table's primary key, as TABLE.COLUMN."),
            ArgumentSpec("context", .boolean,
                         help: "Whether the referenced table is this table's subject table (default: true for a table's first link)."),
            ArgumentSpec("order", .column(of: "column"), help: "The column that orders each subject's rows (a context link only)."),
        ],
        changesState: true,
        examples: ["link weights.chick to=chicks.chick order=day", "link weights.chick to=chicks.chick context=true"]
    ) { context in
        let (table, column, data) = try tableColumn(context, "column")
        let (parent, parentKey, parentData) = try tableColumn(context, "to")
        guard parent != table else { throw context.error("a table cannot link to itself", at: "to") }
        var schema = context.session.schema
        let keyColumn = parentData.columns[parentData.columnIndex(named: parentKey)!]
        if let declared = schema.keys[parent], declared != parentKey {
            throw context.error("the primary key of \(parent) is \(declared): write to=\(parent).\(declared)", at: "to",
                                hint: "`key \(parent).\(parentKey)` changes it")
        }
        if let problem = keyProblem(keyColumn, table: parent) { throw context.error(problem, at: "to") }
        let linking = data.columns[data.columnIndex(named: column)!]
        let keyValues = KeyColumnValues(keyColumn)
        let sameType = (linking.dataType == .int64 && keyColumn.dataType == .int64)
            || (linking.dataType == .string && keyColumn.dataType == .string)
        guard sameType else {
            throw context.error("\(table).\(column) holds \(linking.dataType.description) values and \(parent).\(parentKey) \(keyColumn.dataType.description) values: a link needs the same type",
                                at: "to")
        }
        let (matched, nonNull) = keyValues.coverage(of: linking)
        guard matched > 0 else {
            throw context.error("no value of \(table).\(column) is a \(parent).\(parentKey) key", at: "to")
        }
        let existing = schema.contextLink(of: table)
        let isContext = context.arguments.boolean("context") ?? (existing == nil || existing?.column == column)
        if isContext, let existing, existing.column != column {
            throw context.error("\(table) already has a context link, \(existing.description(parentKey: schema.keys[existing.parentTable]))",
                                at: context.arguments.has("context") ? "context" : "column",
                                hint: "`unlink \(table).\(existing.column)` first, or add context=false for a plain foreign key")
        }
        let order = context.arguments.string("order")
        if let order {
            guard isContext else { throw context.error("order= orders a subject's rows: it needs a context link", at: "order") }
            guard let index = data.columnIndex(named: order) else {
                throw context.error("unknown column `\(order)` in `\(table)`", at: "order",
                                    hint: Suggestions.didYouMean(order, in: data.columnNames) ?? "columns: " + data.columnNames.joined(separator: ", "))
            }
            guard order != column, data.columns[index].dataType != .bool else {
                throw context.error("\(table).\(order) cannot order the rows of a subject", at: "order")
            }
        }
        schema.setKey(table: parent, column: parentKey)
        let declared = SessionSchema.Link(table: table, column: column, parentTable: parent, isContext: isContext, orderColumn: order)
        schema.setLink(declared)
        do {
            let involved = Array(Set(schema.keys.keys).union(schema.links.flatMap { [$0.table, $0.parentTable] })).sorted()
            _ = try schema.jobSchema(of: involved)
        } catch let error as SchemaError {
            throw context.error(error.message, at: "to")
        }
        let newKey = context.session.schema.keys[parent] == nil
        context.session.schema = schema
        if newKey { context.output.emit(.message("\(parent).\(parentKey) is the primary key of \(parent)")) }
        context.output.emit(.message("linked " + declared.description(parentKey: parentKey)))
        if isContext {
            context.output.emit(.text("  " + sequenceSummary(linking, keys: keyColumn, table: table, parent: parent)))
        }
        if matched < nonNull {
            context.output.emit(.warning("\(nonNull - matched) of \(nonNull) rows of \(table) (\(percent(nonNull - matched, nonNull))) name no row of \(parent)"))
        }
        return nil
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        String(format: "%.1f%%", 100 * Double(part) / Double(max(whole, 1)))
    }

    /// `chicks have 2 to 12 weights each (median 12); 0 chicks have none`.
    static func sequenceSummary(_ linking: Column, keys: Column, table: String, parent: String) -> String {
        let lengths = SequenceLengths.count(linking: linking, keys: keys)
        let sorted = lengths.sorted()
        guard let first = sorted.first, let last = sorted.last else { return "\(parent) has no rows" }
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
        let empty = sorted.prefix { $0 == 0 }.count
        return "each row of \(parent) has \(first) to \(last) rows of \(table) (median \(formatDouble(median)))"
            + (empty > 0 ? "; \(empty) of \(sorted.count) have none" : "")
    }

    static let unlink = CommandSpec(
        name: "unlink", group: "Links",
        summary: "Remove the link declared on a column: `unlink flights.tailnum`.",
        arguments: [ArgumentSpec("column", .tableColumn, positional: true, required: true, help: "The linking column, as TABLE.COLUMN.")],
        changesState: true, examples: ["link weights.chick to=chicks.chick; unlink weights.chick"]
    ) { context in
        let (table, column, _) = try tableColumn(context, "column")
        guard context.session.schema.removeLink(table: table, column: column) else {
            throw context.error("\(table).\(column) has no link", at: "column",
                                hint: context.session.schema.links(of: table).isEmpty ? nil
                                    : "linked columns of \(table): " + context.session.schema.links(of: table).map(\.column).joined(separator: ", "))
        }
        context.output.emit(.message("\(table).\(column) is not linked now"))
        return nil
    }

    // MARK: links

    static let links = CommandSpec(
        name: "links", group: "Links",
        summary: "Show the declared keys and links, and those synth detects with why; accept=true declares them.",
        discussion: """
        Detection looks at the loaded tables (or the ones given): a primary key is a unique, \
        never-null column of integers or short text; a link is proposed where at least 80% of \
        a column's values are another table's keys (integer columns also need a name that \
        refers to that table). A table's only proposed link is proposed as its context link, \
        with an order column (its first date or time column, else a number named like `day` or \
        `year`). Each proposal shows the command that declares it; `links accept=true` declares \
        them all. Declared keys and links are never overridden by detection.
        """,
        arguments: [ArgumentSpec("tables", .table, variadic: true, help: "Only these tables (default: every table of the session)."),
                    ArgumentSpec("accept", .boolean, default: "false", help: "Declare every proposed key and link.")],
        changesState: true, examples: ["links", "links chicks weights accept=true"]
    ) { context in
        let names = context.arguments.tableNames("tables") ?? context.session.tableNames
        let tables = names.compactMap { name in context.session.table(named: name).map { (name: name, table: $0) } }
        var schema = context.session.schema
        let declaredKeys = schema.keys.filter { names.contains($0.key) }
        let (proposedKeys, proposedLinks) = LinkDetection.propose(tables: tables, declaredKeys: declaredKeys)
        let newLinks = proposedLinks.filter { proposal in
            !schema.links.contains { $0.table == proposal.table && $0.column == proposal.column }
        }
        var kinds: [String] = [], columns: [String] = [], refers: [String] = [], states: [String] = [], notes: [String] = []
        var explanations: [String] = []
        func row(_ kind: String, _ column: String, _ refer: String, _ state: String, _ note: String) {
            kinds.append(kind); columns.append(column); refers.append(refer); states.append(state); notes.append(note)
        }
        for name in names {
            if let key = schema.keys[name] { row("primary key", "\(name).\(key)", "", "declared", "") }
            for link in schema.links(of: name) {
                row(link.isContext ? "context" : "foreign key", "\(name).\(link.column)",
                    "\(link.parentTable).\(schema.keys[link.parentTable] ?? "?")", "declared",
                    link.orderColumn.map { "ordered by \($0)" } ?? "")
            }
        }
        let accept = context.arguments.boolean("accept") == true
        for proposal in proposedKeys {
            row("primary key", "\(proposal.table).\(proposal.column)", "", accept ? "accepted" : "proposed", proposal.reason)
            explanations.append((accept ? "declared " : "proposed: ") + "`key \(proposal.table).\(proposal.column)`: " + proposal.reason)
        }
        for proposal in newLinks {
            let isContext = proposal.isContext && schema.contextLink(of: proposal.table) == nil
            var command = "link \(proposal.table).\(proposal.column) to=\(proposal.parentTable).\(proposal.parentKey)"
            if !isContext { command += " context=false" }
            if isContext, let order = proposal.orderColumn { command += " order=\(order)" }
            let reason = proposal.reason + (isContext ? proposal.orderColumn.map { "; ordered by \($0)" } ?? "" : "")
            row(isContext ? "context" : "foreign key", "\(proposal.table).\(proposal.column)",
                "\(proposal.parentTable).\(proposal.parentKey)", accept ? "accepted" : "proposed", reason)
            explanations.append((accept ? "declared " : "proposed: ") + "`\(command)`: " + reason)
        }
        if accept {
            for proposal in proposedKeys { schema.setKey(table: proposal.table, column: proposal.column) }
            for proposal in newLinks {
                let isContext = proposal.isContext && schema.contextLink(of: proposal.table) == nil
                schema.setLink(.init(table: proposal.table, column: proposal.column, parentTable: proposal.parentTable,
                                     isContext: isContext, orderColumn: isContext ? proposal.orderColumn : nil))
            }
            context.session.schema = schema
        }
        let several = Dictionary(grouping: newLinks, by: \.table).filter { $0.value.count > 1 && schema.contextLink(of: $0.key) == nil }
        let table = BuiltinCommands.resultTable([
            ("kind", kinds.map { .text($0) }), ("column", columns.map { .text($0) }), ("refers to", refers.map { .text($0) }),
            ("state", states.map { .text($0) }), ("why", notes.map { .text($0) }),
        ])
        context.output.emit(.table(table, title: kinds.isEmpty ? "no keys or links declared or detected" : nil, totalRows: nil))
        // Each proposal in full, with the command that declares it.
        for line in explanations { context.output.emit(.text(line)) }
        for (name, proposals) in several.sorted(by: { $0.key < $1.key }) {
            context.output.emit(.message("\(name) has several links (\(proposals.map { "\($0.column) → \($0.parentTable)" }.joined(separator: ", "))): mark its subject table with `link \(name).COLUMN to=TABLE.KEY context=true`"))
        }
        return .table(table, name: nil)
    }
}

/// Rows of a linked table per row of its subject table.
enum SequenceLengths {
    /// For each row of the subject table (`keys`, its primary key), how many rows of
    /// `linking` name it.
    static func count(linking: Column, keys: Column) -> [Int] {
        switch (linking.values, keys.values) {
        case (.int64(let values), .int64(let keyValues)):
            var counts: [Int64: Int] = [:]
            for (row, value) in values.enumerated() where !linking.isNull(row) { counts[value, default: 0] += 1 }
            return keyValues.map { counts[$0] ?? 0 }
        case (.string(let values), .string(let keyValues)):
            var counts: [String: Int] = [:]
            for row in 0..<values.count where !linking.isNull(row) { counts[values[row], default: 0] += 1 }
            return (0..<keyValues.count).map { counts[keyValues[$0]] ?? 0 }
        default:
            return []
        }
    }
}
