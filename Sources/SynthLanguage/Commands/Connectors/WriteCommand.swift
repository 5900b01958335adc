import Foundation
import SynthConnectors
import SynthData
import SynthJobs

extension ConnectorCommands {
    static let write = CommandSpec(
        name: "write", group: "Connectors",
        summary: "Write a job's synthetic tables (or a session table) to a connector: a folder, a SQLite file or a PostgreSQL schema.",
        discussion: """
        `write JOB to=NAME` writes every table of the job (or `table=…`) to connector NAME; \
        `write TABLE to=NAME` writes a table of the session under its name; \
        `to=NAME.SCHEMA` picks a PostgreSQL schema (created when missing; default: the \
        connector's schema). All or nothing: PostgreSQL and SQLite write in one transaction, a \
        folder stages every file and renames them into place at the end; a failure or Ctrl-C \
        leaves the destination as it was. An existing table is replaced only with `replace=true`. \
        Types map to the database's (integers, doubles, booleans, text, dates, timestamps with \
        time zone); the job's primary keys and links between its tables are declared.
        """,
        arguments: [
            ArgumentSpec("job", .tableOrJob, positional: true, required: true,
                         help: "The job whose synthetic data to write, or a table of the session."),
            ArgumentSpec("to", .string, required: true, help: "The connector, or CONNECTOR.SCHEMA for PostgreSQL."),
            ArgumentSpec("table", .string, help: "Only this table of the job."),
            ArgumentSpec("replace", .boolean, default: "false", help: "Replace tables that exist at the destination."),
        ],
        changesState: false, recorded: true,
        examples: ["connector add out kind=folder path=\"out\" format=csv; write j to=out",
                   "connector add lite kind=sqlite path=\"synthetic.db\"; write j to=lite replace=true",
                   "connector add lite kind=sqlite path=\"tables.db\"; write p to=lite"]
    ) { context in
        guard let reference = context.arguments.string("to") else { throw context.error("missing destination", at: "to") }
        let (connectorName, place) = ConnectorAccess.split(reference)
        let connector = try ConnectorAccess.open(connectorName, context, at: "to")
        let replace = context.arguments.boolean("replace") ?? false
        let cancellation = context.cancellation
        if let table = context.arguments.value("job")?.table {
            let name = context.arguments.tableName("job") ?? "table"
            try ConnectorAccess.run(context, at: "to") {
                try connector.write([DestinationTable(name: name, table: table)], place: place, replace: replace,
                                    isCanceled: { cancellation.isSet })
            }
            context.output.emit(.message("wrote \(name) (\(table.rowCount) rows) to \(reference)"))
            return nil
        }
        let (store, _, record) = try JobCommands.resolve(context)
        var jobTables = try store.tables(ofJob: record.id)
        if let only = context.arguments.string("table") {
            jobTables = [try JobCommands.chosenTable(context, store: store, job: record)]
            _ = only
        }
        var current = record
        for table in jobTables {
            current = try JobCommands.waitFor(.syntheticData, of: current, table: table.name, store: store, context, at: "job")
        }
        let names = Set(jobTables.map(\.name))
        var destinations: [DestinationTable] = []
        for table in jobTables {
            let file = store.files(ofJob: current.id).url(.syntheticParquet, table: table.name)
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw context.error(JobCommands.missingMessage(current, "synthetic data for \(table.name)"), at: "job")
            }
            let rows = try ParquetReader(path: file.path).readTable()
            var foreignKeys: [ForeignKeyInfo] = []
            if let link = table.context, names.contains(link.parentTable),
               let parentKey = jobTables.first(where: { $0.name == link.parentTable })?.primaryKey {
                foreignKeys.append(ForeignKeyInfo(columns: [link.column], referencedTable: link.parentTable, referencedColumns: [parentKey]))
            }
            destinations.append(DestinationTable(name: table.name, table: rows, primaryKey: table.primaryKey.map { [$0] } ?? [],
                                                 foreignKeys: foreignKeys))
        }
        try ConnectorAccess.run(context, at: "to") {
            try connector.write(destinations, place: place, replace: replace, isCanceled: { cancellation.isSet })
        }
        let rowCount = destinations.reduce(0) { $0 + $1.table.rowCount }
        context.output.emit(.message("wrote \(destinations.count) table\(destinations.count == 1 ? "" : "s") (\(rowCount) rows) of job \(current.id) to \(reference)"))
        return nil
    }
}

extension ConnectorCommands {
    /// The `destination=CONNECTOR[.SCHEMA]` of a command that starts a job, checked now (the
    /// connector exists and opens) so a typo fails before training rather than after.
    static func checkedDestination(_ context: CommandContext, argument: String) throws -> String? {
        guard let destination = context.arguments.string(argument) else { return nil }
        _ = try ConnectorAccess.open(ConnectorAccess.split(destination).connector, context, at: argument)
        return destination
    }
}

extension ConnectorCommands {
    /// Checks before a job starts that its destination can take its tables (`JobDestination.
    /// checkWritable`): the connector exists and opens, the folder, file or schema can be
    /// written, and it holds none of them unless `replace`; otherwise a clear error at
    /// `argument`, so no training is wasted on a write that would fail.
    static func checkWritable(_ destination: String, tables: [String], replace: Bool, _ context: CommandContext, at argument: String,
                              overwriteHint: String? = nil) throws {
        let (store, _) = try context.jobs.storeAndRunner()
        do {
            try JobDestination(destination).checkWritable(in: store, tables: tables, replace: replace)
        } catch let error as ConnectorError {
            if case .destinationExists(let names, let place) = error {
                throw context.error("\(place) already has \(names.count == 1 ? "a table" : "tables") \(names.joined(separator: ", ")): "
                                    + "the job would not replace \(names.count == 1 ? "it" : "them"), so it is not started", at: argument,
                                    hint: overwriteHint ?? "choose another destination, or remove \(names.count == 1 ? "that table" : "those tables") first")
            }
            throw context.error("cannot write to \(destination): \(error.description); the job is not started", at: argument)
        } catch let error as JobStoreError {
            throw context.error(error.description, at: argument)
        }
    }
}
