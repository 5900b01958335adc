import Foundation
import SynthConnectors
import SynthData
import SynthJobs

/// `catalog create|show|run|delete` and `catalogs`: saved templates over a connector's tables
/// (which tables, training settings, destination); each run is a new job of type "catalog".
extension ConnectorCommands {
    static let catalog = CommandSpec(
        name: "catalog", group: "Connectors",
        summary: "Create, show, run or delete a catalog: a saved template that synthesizes a connector's tables.",
        discussion: """
        `catalog create NAME from=CONNECTOR [tables=["a", "b"]] [destination=CONNECTOR[.SCHEMA]]` \
        saves a template over the connector's tables (default: all of them) with training \
        settings (`goal`, `epochs`, `rows`, `generate`, `seed`). `catalog run NAME [as J]` reads \
        the tables from the connector (streamed), and starts a job of type "catalog" that trains, \
        generates, scores and, with a destination, writes each synthetic table there. Running it \
        again later gives a new job from the same template. `catalog set NAME …` changes the \
        template in place: `tables=[…]` replaces the table list, `add=[…]` and `remove=[…]` change \
        it, `destination=` sets (or with "-" removes) the destination, and `goal`, `epochs`, \
        `rows`, `generate`, `seed` change the training settings; `catalog show` shows the result, \
        and the next `catalog run` uses it (earlier jobs keep theirs). `catalog delete NAME` forgets \
        the template (its jobs stay). A table of a catalog is streamed from the connector into the \
        job's own copy, never held whole in memory.
        """,
        arguments: [
            ArgumentSpec("action", .choice(["create", "show", "set", "run", "delete"]), positional: true, required: true, help: "What to do."),
            ArgumentSpec("name", .string, positional: true, required: true, help: "The catalog's name."),
            ArgumentSpec("from", .string, help: "With create: the connector to read."),
            ArgumentSpec("tables", .value, help: "With create or set: the tables, as a list of names (create's default: all)."),
            ArgumentSpec("add", .value, help: "With set: tables of the connector to add, as a list of names."),
            ArgumentSpec("remove", .value, help: "With set: tables to remove, as a list of names."),
            ArgumentSpec("destination", .string,
                         help: "With create or set: where the synthetic tables go (CONNECTOR or CONNECTOR.SCHEMA; with set, \"-\" removes it)."),
            ArgumentSpec("goal", .choice(["accuracy", "speed"]), help: "With create or set: training goal."),
            ArgumentSpec("epochs", .integer, atLeast: 1, help: "With create or set: maximum training epochs."),
            ArgumentSpec("rows", .integer, atLeast: 1, help: "With create or set: maximum training rows per table."),
            ArgumentSpec("generate", .integer, atLeast: 1, help: "With create or set: rows to generate per table (default: as many as each has)."),
            ArgumentSpec("seed", .integer, atLeast: 0, help: "With create or set: the seed of every run."),
        ],
        changesState: false,
        examples: ["connector add here kind=folder path=\"data\"; catalog create people from=here; catalog show people",
                   "connector add here kind=folder path=\"data\"; catalog create people from=here tables=[\"people\"]; catalog set people add=[\"penguins\"] remove=[\"people\"] epochs=5 rows=1000",
                   "connector add here kind=folder path=\"data\"; connector add out kind=folder path=\"out\" format=csv; catalog create people from=here destination=out; catalog set people destination=\"-\""]
    ) { context in
        let (store, runner) = try context.jobs.storeAndRunner()
        guard let name = context.arguments.string("name"), let action = context.arguments.string("action") else {
            throw context.error("missing catalog name")
        }
        switch action {
        case "create": try createCatalog(name, context, store: store)
        case "show": try showCatalog(name, context, store: store)
        case "set": try changeCatalog(name, context, store: store)
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
            ("tables", records.map { .text($0.tables.joined(separator: ", ")) }),
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

    /// Applies `goal`, `epochs`, `rows`, `generate` and `seed` when given.
    static func applyTrainingSettings(_ context: CommandContext, to settings: inout JobSettings) {
        if let goal = context.arguments.string("goal") {
            settings.goal = goal == "speed" ? .speed : .accuracy
            settings.modelSize = settings.goal == .speed ? .small : .medium
        }
        if let epochs = context.arguments.integer("epochs") { settings.maxEpochs = Int(epochs) }
        if let rows = context.arguments.integer("rows") { settings.maxTrainingRows = Int(rows) }
        if let generate = context.arguments.integer("generate") { settings.generatedRows = Int(generate) }
        if let seed = context.arguments.integer("seed") { settings.seed = UInt64(seed) }
    }

    /// `catalog set NAME …`: changes the stored template; the next run uses it.
    static func changeCatalog(_ name: String, _ context: CommandContext, store: JobStore) throws {
        var record = try ConnectorAccess.run(context, at: "name") { try store.catalog(named: name) }
        let editing = ["tables", "add", "remove", "destination", "goal", "epochs", "rows", "generate", "seed"]
        guard editing.contains(where: context.arguments.has) else {
            throw context.error("say what to change: " + editing.map { "\($0)=" }.joined(separator: ", "), at: "name")
        }
        if context.arguments.has("from") { throw context.error("a catalog's connector cannot change: create another catalog", at: "from") }
        if ["tables", "add", "remove"].contains(where: context.arguments.has) {
            let connector = try ConnectorAccess.open(record.connector, context, at: "name")
            let available = try ConnectorAccess.run(context, at: "name") { try connector.tables() }.map(\.name)
            var tables = try tableList("tables", context, available: available) ?? record.tables
            for table in try tableList("add", context, available: available) ?? [] where !tables.contains(table) { tables.append(table) }
            if let removed = context.arguments.value("remove") {
                let items: [LangValue]
                if case .list(let list) = removed { items = list } else { items = [removed] }
                for item in items {
                    guard case .string(let table) = item, tables.contains(table) else {
                        throw context.error("`remove` names a table the catalog does not have (tables: \(tables.joined(separator: ", ")))", at: "remove")
                    }
                    tables.removeAll { $0 == table }
                }
            }
            guard !tables.isEmpty else { throw context.error("a catalog needs at least one table", at: "remove") }
            for table in tables {
                do { try SafeName.validate(table) } catch { throw context.error("table '\(table)' cannot be synthesized: \(error)", at: "tables") }
            }
            record.tables = tables
        }
        if context.arguments.string("destination") == "-" {
            record.destination = nil
        } else if let destination = try checkedDestination(context, argument: "destination") {
            record.destination = destination
        }
        applyTrainingSettings(context, to: &record.settings)
        try ConnectorAccess.run(context, at: "name") { try store.updateCatalog(record) }
        context.output.emit(.message("changed catalog \(name): \(record.tables.count) table\(record.tables.count == 1 ? "" : "s") of \(record.connector)"
            + (record.destination.map { " → \($0)" } ?? "") + "; the next `catalog run \(name)` uses it"))
    }

    static func createCatalog(_ name: String, _ context: CommandContext, store: JobStore) throws {
        guard let source = context.arguments.string("from") else { throw context.error("`catalog create` needs from=CONNECTOR", at: "name") }
        let connector = try ConnectorAccess.open(source, context, at: "from")
        let available = try ConnectorAccess.run(context, at: "from") { try connector.tables() }.map(\.name)
        var tables = available
        if let given = context.arguments.value("tables") {
            let items: [LangValue]
            if case .list(let list) = given { items = list } else { items = [given] }
            tables = try items.map { item in
                guard case .string(let table) = item else { throw context.error("`tables` must be a list of table names in quotes", at: "tables") }
                guard available.contains(table) else {
                    throw context.error(ConnectorError.noSuchTable(table, available: available).description, at: "tables")
                }
                return table
            }
        }
        guard !tables.isEmpty else { throw context.error("connector \(source) has no tables", at: "from") }
        for table in tables {
            do { try SafeName.validate(table) } catch { throw context.error("table '\(table)' cannot be synthesized: \(error)", at: "tables") }
        }
        let destination = try checkedDestination(context, argument: "destination")
        var settings = JobSettings()
        settings.goal = context.arguments.string("goal") == "speed" ? .speed : .accuracy
        settings.modelSize = settings.goal == .speed ? .small : .medium
        settings.maxEpochs = context.arguments.integer("epochs").map(Int.init)
        settings.maxTrainingRows = context.arguments.integer("rows").map(Int.init)
        settings.generatedRows = context.arguments.integer("generate").map(Int.init)
        settings.seed = UInt64(context.arguments.integer("seed") ?? 42)
        try ConnectorAccess.run(context, at: "name") {
            try store.addCatalog(CatalogRecord(name: name, connector: source, tables: tables, destination: destination, settings: settings))
        }
        context.output.emit(.message("created catalog \(name): \(tables.count) table\(tables.count == 1 ? "" : "s") of \(source)"
            + (destination.map { " → \($0)" } ?? "") + "; `catalog run \(name)` starts a job"))
    }

    static func showCatalog(_ name: String, _ context: CommandContext, store: JobStore) throws {
        let record = try ConnectorAccess.run(context, at: "name") { try store.catalog(named: name) }
        let settings = record.settings
        let lines = [
            "catalog \(name)",
            "  connector:   \(record.connector)",
            "  tables:      \(record.tables.joined(separator: ", "))",
            "  destination: \(record.destination ?? "- (the job's folder)")",
            "  settings:    goal \(settings.goal.rawValue), epochs \(settings.maxEpochs.map(String.init) ?? "auto"), "
                + "rows \(settings.maxTrainingRows.map(String.init) ?? "all"), generate \(settings.generatedRows.map(String.init) ?? "as many as each table"), seed \(settings.seed)",
            "  created:     \(JobCommands.timestamp(record.createdAt))",
        ]
        context.output.emit(.text(lines.joined(separator: "\n")))
    }

    static func runCatalog(_ name: String, _ context: CommandContext, store: JobStore, runner: JobRunner) throws -> LangValue? {
        let record = try ConnectorAccess.run(context, at: "name") { try store.catalog(named: name) }
        let connector = try ConnectorAccess.open(record.connector, context, at: "name")
        let job = try store.createJob(
            name: context.statement.binding ?? name, type: .catalog, settings: record.settings,
            tables: record.tables.map { JobTableRecord(jobID: 0, name: $0, sourcePath: "", sourceBytes: 0, sourceSHA256: nil) },
            tasks: TaskKind.allCases + (record.destination == nil ? [] : [.writingDestination]),
            catalog: name, destination: record.destination)
        // Each table streamed from the connector into the job's own copy: never whole in memory.
        var sources: [(name: String, rows: Int)] = []
        do {
            for table in record.tables {
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
        context.output.emit(.message("started catalog job \(job.id) (\(job.name)): "
            + sources.map { "\($0.name) \($0.rows) rows" }.joined(separator: ", ") + "; `watch \(job.id)` to follow it"))
        return .string(String(job.id))
    }
}
