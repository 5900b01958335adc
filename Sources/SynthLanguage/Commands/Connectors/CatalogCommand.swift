import Foundation
import SynthConnectors
import SynthData
import SynthEngine
import SynthJobs

/// `catalog create|show|run|delete` and `catalogs`: saved templates over a connector's tables
/// (which tables, training settings, destination); each run is a new job of type "catalog".
/// `catalog create|show|set|encode|key|link|unlink|run|delete` and `catalogs`: saved templates
/// over a connector's tables (which tables, their keys and links, encoding overrides, training
/// settings per table and for the job, destination); each run is a new job of type "catalog".
extension ConnectorCommands {
    static let catalog = CommandSpec(
        name: "catalog", group: "Connectors",
        summary: "Create, show, change, run or delete a catalog: a saved template that synthesizes a connector's tables.",
        discussion: """
        `catalog create NAME from=CONNECTOR [tables=["a", "b"]] [destination=CONNECTOR[.SCHEMA]]` \
        saves a template over the connector's tables (default: all of them): each table's primary \
        key and links are read from the database's schema (a table's foreign key into the \
        catalog's table with the most rows is its context link, ordered by its first date or \
        time column; the others stay foreign keys), with training settings (`goal`, `epochs`, `rows`, \
        `generate`, `time` in minutes, `seed`). `catalog show NAME` shows all of it. \
        `catalog run NAME [as J]` reads the tables from the connector (streamed) and starts a job of \
        type "catalog" over them with their keys and links: subject tables, linked tables and \
        foreign keys train and generate together, every generated foreign key names a generated \
        key, and, with a destination, ALL tables are written there in one transaction (or staged \
        and renamed in a folder): all appear, or none. The destination is checked before the job \
        starts (it exists, can be written, and holds none of the tables unless `overwrite=true`). \
        Running it again later gives a new job from the same template. \
        Change it in place: `catalog set NAME …` (`tables=[…]`, `add=[…]`, `remove=[…]`, \
        `destination=` or "-", `overwrite=`, and the training settings; with `table="T"` the \
        settings `epochs`, `rows`, `generate`, `time` apply to that table only); \
        `catalog encode NAME T.COLUMN as TYPE` overrides a column's encoding (`as auto` removes \
        it); `catalog key NAME T.COLUMN` sets a primary key; `catalog link NAME T.COLUMN \
        to=P.KEY [context=true|false] [order=COLUMN]` sets a link (context: P is T's subject \
        table); `catalog unlink NAME T.COLUMN` removes one. Each change is checked at once \
        (unknown table, column or encoding, a link that is not to a primary key, a cycle). \
        Earlier jobs keep their template. `catalog delete NAME` forgets the template (its jobs stay). \
        `session save` records these commands, so a saved session makes the same catalog again.
        """,
        arguments: [
            ArgumentSpec("action", .choice(["create", "show", "set", "encode", "key", "link", "unlink", "run", "delete"]),
                         positional: true, required: true, help: "What to do."),
            ArgumentSpec("name", .string, positional: true, required: true, help: "The catalog's name."),
            ArgumentSpec("column", .string, positional: true,
                         help: "With encode, key, link and unlink: the column, as TABLE.COLUMN (a table of the catalog)."),
            ArgumentSpec("from", .string, help: "With create: the connector to read."),
            ArgumentSpec("tables", .value, help: "With create or set: the tables, as a list of names (create's default: all)."),
            ArgumentSpec("add", .value, help: "With set: tables of the connector to add, as a list of names."),
            ArgumentSpec("remove", .value, help: "With set: tables to remove, as a list of names."),
            ArgumentSpec("table", .string, help: "With set: the table the settings `epochs`, `rows`, `generate`, `time` are for (default: every table)."),
            ArgumentSpec("destination", .string,
                         help: "With create or set: where the synthetic tables go (CONNECTOR or CONNECTOR.SCHEMA; with set, \"-\" removes it)."),
            ArgumentSpec("overwrite", .boolean, help: "With create or set: whether a run replaces the destination's tables of the same names."),
            ArgumentSpec("goal", .choice(["accuracy", "speed"]), help: "With create or set: training goal."),
            ArgumentSpec("epochs", .integer, atLeast: 1, help: "With create or set: maximum training epochs."),
            ArgumentSpec("rows", .integer, atLeast: 1, help: "With create or set: maximum training rows per table."),
            ArgumentSpec("generate", .integer, atLeast: 1, help: "With create or set: rows to generate per table (default: as many as each has)."),
            ArgumentSpec("time", .number, help: "With create or set: training time limit per table, in minutes."),
            ArgumentSpec("seed", .integer, atLeast: 0, help: "With create or set: the seed of every run."),
            ArgumentSpec("to", .string, help: "With link: the referenced table's primary key, as TABLE.KEY."),
            ArgumentSpec("context", .boolean, help: "With link: whether the referenced table is the table's subject (default: when the table has no context link yet)."),
            ArgumentSpec("order", .string, help: "With link: the column that orders each subject's rows (a context link only)."),
            ArgumentSpec("replace", .boolean, help: "With create: replace a catalog of the same name (how a saved session makes it again)."),
        ],
        changesState: false, recorded: true,
        examples: ["connector add here kind=folder path=\"data\"; catalog create people from=here; catalog show people",
                   "connector add here kind=folder path=\"data\"; catalog create people from=here tables=[\"people\"]; catalog set people add=[\"penguins\"] remove=[\"people\"] epochs=5 rows=1000",
                   "connector add here kind=folder path=\"data\"; catalog create people from=here tables=[\"penguins\"]; catalog set people table=\"penguins\" epochs=3 time=2; catalog encode people penguins.island as categorical",
                   "connector add here kind=folder path=\"data\"; connector add out kind=folder path=\"out\" format=csv; catalog create people from=here destination=out overwrite=true; catalog set people destination=\"-\""]
    ) { context in
        let (store, runner) = try context.jobs.storeAndRunner()
        guard let name = context.arguments.string("name"), let action = context.arguments.string("action") else {
            throw context.error("missing catalog name")
        }
        switch action {
        case "create": try createCatalog(name, context, store: store)
        case "show": try showCatalog(name, context, store: store)
        case "set": try changeCatalog(name, context, store: store)
        case "encode", "key", "link", "unlink": try editCatalogSchema(action, name, context, store: store)
        case "delete":
            try ConnectorAccess.run(context, at: "name") { try store.removeCatalog(named: name) }
            context.output.emit(.message("deleted catalog \(name)"))
        default: return try runCatalog(name, context, store: store, runner: runner)
        }
        return nil
    }

    static let catalogs = CommandSpec(
        name: "catalogs", group: "Connectors", summary: "List the catalogs: name, connector, tables and destination.",
        changesState: false, examples: ["catalogs"]
    ) { context in
        let (store, _) = try context.jobs.storeAndRunner()
        let records = try store.catalogs()
        if records.isEmpty {
            context.output.emit(.message("no catalogs yet; create one with: catalog create NAME from=CONNECTOR"))
            return nil
        }
        context.output.emit(.table(BuiltinCommands.resultTable([
            ("name", records.map { .text($0.name) }), ("connector", records.map { .text($0.connector) }),
            ("tables", records.map { .text($0.tableNames.joined(separator: ", ")) }),
            ("destination", records.map { .text($0.destination ?? "-") }),
        ]), title: nil, totalRows: nil))
        return nil
    }

    /// The table names of a list argument (`tables=`, `add=`, `remove=`), each checked against `available`.
    static func tableList(_ argument: String, _ context: CommandContext, available: [String]) throws -> [String]? {
        guard let given = context.arguments.value(argument) else { return nil }
        let items: [LangValue]
        if case .list(let list) = given { items = list } else { items = [given] }
        return try items.map { item in
            guard case .string(let table) = item else { throw context.error("`\(argument)` must be a list of table names in quotes", at: argument) }
            guard available.contains(table) else {
                throw context.error(ConnectorError.noSuchTable(table, available: available).description, at: argument)
            }
            return table
        }
    }

    /// Applies `goal`, `epochs`, `rows`, `generate`, `time`, `seed` and `overwrite` when given.
    static func applyTrainingSettings(_ context: CommandContext, to settings: inout JobSettings) throws {
        if let goal = context.arguments.string("goal") {
            settings.goal = goal == "speed" ? .speed : .accuracy
            settings.modelSize = settings.goal == .speed ? .small : .medium
        }
        if let epochs = context.arguments.integer("epochs") { settings.maxEpochs = Int(epochs) }
        if let rows = context.arguments.integer("rows") { settings.maxTrainingRows = Int(rows) }
        if let generate = context.arguments.integer("generate") { settings.generatedRows = Int(generate) }
        if context.arguments.has("time") { settings.maxTrainingMinutes = try minutes(context) }
        if let seed = context.arguments.integer("seed") { settings.seed = UInt64(seed) }
        if let overwrite = context.arguments.boolean("overwrite") { settings.replaceAtDestination = overwrite ? true : nil }
    }

    /// `time=` in minutes, checked: a positive number.
    static func minutes(_ context: CommandContext) throws -> Double? {
        guard context.arguments.has("time") else { return nil }
        guard let minutes = context.arguments.number("time"), minutes.isFinite, minutes > 0 else {
            throw context.error("`time` is the training time limit in minutes: a number above 0", at: "time")
        }
        return minutes
    }

    static func createCatalog(_ name: String, _ context: CommandContext, store: JobStore) throws {
        guard let source = context.arguments.string("from") else { throw context.error("`catalog create` needs from=CONNECTOR", at: "name") }
        for argument in ["column", "add", "remove", "table", "to", "context", "order"] where context.arguments.has(argument) {
            throw context.error("`\(argument)` is not an option of `catalog create`", at: argument)
        }
        let connector = try ConnectorAccess.open(source, context, at: "from")
        let available = try ConnectorAccess.run(context, at: "from") { try connector.tables() }
        let names = try tableList("tables", context, available: available.map(\.name)) ?? available.map(\.name)
        guard !names.isEmpty else { throw context.error("connector \(source) has no tables", at: "from") }
        for table in names {
            do { try SafeName.validate(table) } catch { throw context.error("table '\(table)' cannot be synthesized: \(error)", at: "tables") }
        }
        let destination = try checkedDestination(context, argument: "destination")
        var settings = JobSettings()
        try applyTrainingSettings(context, to: &settings)
        let tables = try CatalogTemplate.tables(names, of: connector, available: available, context, at: "from")
        let record = CatalogRecord(name: name, connector: source, tables: tables, destination: destination, settings: settings)
        let replace = context.arguments.boolean("replace") ?? false
        try ConnectorAccess.run(context, at: "name") { try store.addCatalog(record, replace: replace) }
        // A replayed session makes it again over whatever the store holds by that name.
        context.recordChoice("replace", .boolean(true))
        context.output.emit(.message("created catalog \(name): \(tables.count) table\(tables.count == 1 ? "" : "s") of \(source)"
            + (destination.map { " → \($0)" } ?? "") + "; `catalog show \(name)` shows its keys and links, `catalog run \(name)` starts a job"))
    }

    static func showCatalog(_ name: String, _ context: CommandContext, store: JobStore) throws {
        let record = try ConnectorAccess.run(context, at: "name") { try store.catalog(named: name) }
        let settings = record.settings
        var lines = [
            "catalog \(name)",
            "  connector:   \(record.connector)",
            "  tables:      \(record.tableNames.joined(separator: ", "))",
        ]
        lines += record.tables.flatMap { CatalogTemplate.describe($0, in: record) }
        lines += [
            "  destination: \(record.destination ?? "- (the job's folder)")"
                + (record.destination != nil && settings.replaceAtDestination == true ? " (replacing its tables)" : ""),
            "  settings:    goal \(settings.goal.rawValue), epochs \(settings.maxEpochs.map(String.init) ?? "auto"), "
                + "rows \(settings.maxTrainingRows.map(String.init) ?? "all"), generate \(settings.generatedRows.map(String.init) ?? "as many as each table"), "
                + "seed \(settings.seed)"
                + (settings.maxTrainingMinutes.map { ", " + TableSettings(maxTrainingMinutes: $0).summary } ?? ""),
            "  created:     \(JobCommands.timestamp(record.createdAt))",
        ]
        context.output.emit(.text(lines.joined(separator: "\n")))
    }

    /// The catalog's job schema, or a clear error naming what is wrong with its keys and links.
    static func checkedSchema(_ record: CatalogRecord, _ context: CommandContext, at argument: String) throws -> JobSchema {
        let schema: JobSchema
        do {
            schema = try record.jobSchema()
            for table in record.tables where !table.columns.isEmpty {
                try schema.checkColumns(of: table.name, table.columns)
            }
        } catch let error as SchemaError {
            throw context.error("catalog \(record.name): \(error.message)", at: argument,
                                hint: "`catalog show \(record.name)` shows its keys and links; `catalog link`, `catalog unlink` and `catalog key` change them")
        }
        return schema
    }

    static func runCatalog(_ name: String, _ context: CommandContext, store: JobStore, runner: JobRunner) throws -> LangValue? {
        let record = try ConnectorAccess.run(context, at: "name") { try store.catalog(named: name) }
        let schema = try checkedSchema(record, context, at: "name")
        let connector = try ConnectorAccess.open(record.connector, context, at: "name")
        let settings = record.jobSettings
        if let destination = record.destination {
            try checkWritable(destination, tables: schema.dependencyOrder.map(\.name), replace: settings.replaceAtDestination == true, context, at: "name",
                              overwriteHint: "`catalog set \(name) overwrite=true` replaces them on every run")
        }
        let job = try ConnectorAccess.run(context, at: "name") {
            try store.createJob(
                name: context.statement.binding ?? name, type: .catalog, settings: settings,
                tables: schema.dependencyOrder.map { JobTableRecord(schema: $0) },
                tasks: TaskKind.allCases + (record.destination == nil ? [] : [.writingDestination]),
                catalog: name, destination: record.destination)
        }
        // Each table streamed from the connector into the job's own copy: never whole in memory.
        var sources: [(name: String, rows: Int)] = []
        do {
            for table in schema.dependencyOrder.map(\.name) {
                let copied = try JobSourceCopy.copy(job: job.id, table: table, store: store) { write in
                    try ConnectorAccess.run(context, at: "name") {
                        try connector.read(table: table, batchRows: BuiltinCommands.connectorBatchRows) { batch in
                            try context.checkCancellation()
                            try write(batch)
                        }
                    }
                }
                guard copied.rows > 0 else { throw context.error("table \(table) of \(record.connector) is empty: nothing to train on", at: "name") }
                sources.append((table, copied.rows))
            }
        } catch {
            _ = try? store.deleteJob(job.id)  // no job without its sources
            throw error
        }
        context.noteJob(id: job.id, name: job.name)
        try store.secureFiles(ofJob: job.id)
        context.jobs.start(job.id, on: runner)
        let counts: String = sources.map { "\($0.name) \($0.rows) rows" }.joined(separator: ", ")
        let target: String = record.destination.map { " → \($0)" } ?? ""
        context.output.emit(.message("started catalog job \(job.id) (\(job.name)): \(counts)\(target); `watch \(job.id)` to follow it"))
        return .string(String(job.id))
    }
}
