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
        again later gives a new job from the same template. `catalog delete NAME` forgets the \
        template (its jobs stay).
        """,
        arguments: [
            ArgumentSpec("action", .choice(["create", "show", "run", "delete"]), positional: true, required: true, help: "What to do."),
            ArgumentSpec("name", .string, positional: true, required: true, help: "The catalog's name."),
            ArgumentSpec("from", .string, help: "With create: the connector to read."),
            ArgumentSpec("tables", .value, help: "With create: the tables, as a list of names (default: all)."),
            ArgumentSpec("destination", .string, help: "With create: where the synthetic tables go (CONNECTOR or CONNECTOR.SCHEMA)."),
            ArgumentSpec("goal", .choice(["accuracy", "speed"]), help: "With create: training goal."),
            ArgumentSpec("epochs", .integer, atLeast: 1, help: "With create: maximum training epochs."),
            ArgumentSpec("rows", .integer, atLeast: 1, help: "With create: maximum training rows per table."),
            ArgumentSpec("generate", .integer, atLeast: 1, help: "With create: rows to generate per table (default: as many as each has)."),
            ArgumentSpec("seed", .integer, atLeast: 0, help: "With create: the seed of every run."),
        ],
        changesState: false,
        examples: ["connector add here kind=folder path=\"data\"; catalog create people from=here; catalog show people"]
    ) { context in
        let (store, runner) = try context.jobs.storeAndRunner()
        guard let name = context.arguments.string("name"), let action = context.arguments.string("action") else {
            throw context.error("missing catalog name")
        }
        switch action {
        case "create": try createCatalog(name, context, store: store)
        case "show": try showCatalog(name, context, store: store)
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
        var sources: [(name: String, bytes: [UInt8], rows: Int)] = []
        for table in record.tables {
            var batches: [Table] = []
            try ConnectorAccess.run(context, at: "name") {
                try connector.read(table: table, batchRows: BuiltinCommands.connectorBatchRows) { batch in
                    try context.checkCancellation()
                    batches.append(batch)
                }
            }
            let rows = try Table.concatenating(batches)
            guard rows.rowCount > 0 else { throw context.error("table \(table) of \(record.connector) is empty: nothing to train on", at: "name") }
            sources.append((table, try ParquetWriter.encode(rows), rows.rowCount))
        }
        let job = try store.createJob(
            name: context.statement.binding ?? name, type: .catalog, settings: record.settings,
            tables: sources.map { JobTableRecord(jobID: 0, name: $0.name, sourcePath: "", sourceBytes: 0, sourceSHA256: nil) },
            tasks: TaskKind.allCases + (record.destination == nil ? [] : [.writingDestination]),
            catalog: name, destination: record.destination)
        context.noteJob(id: job.id, name: job.name)
        for source in sources {
            let file = store.files(ofJob: job.id).url(.source, table: source.name)
            try AtomicFileWriter.write(source.bytes, to: file.path, replace: true)
            try store.setSource(job: job.id, table: source.name, path: file.path, bytes: source.bytes.count, sha256: ContentDigest.sha256Hex(of: source.bytes))
        }
        try store.secureFiles(ofJob: job.id)
        context.jobs.start(job.id, on: runner)
        context.output.emit(.message("started catalog job \(job.id) (\(job.name)): "
            + sources.map { "\($0.name) \($0.rows) rows" }.joined(separator: ", ") + "; `watch \(job.id)` to follow it"))
        return .string(String(job.id))
    }
}
