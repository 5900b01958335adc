import Foundation
import SynthConnectors
import SynthData
import SynthJobs

/// `connector add|list|show|test|remove|password` and `connectors`: named connections to a
/// folder, a SQLite file or a PostgreSQL server, kept in the job store (secrets only as
/// references: `env:VAR`, `file:PATH`, or typed at the REPL and kept for the session).
public enum ConnectorCommands {
    public static var all: [CommandSpec] { [connector, connectors, write, catalog, catalogs] }

    static let optionArguments: [ArgumentSpec] = [
        ArgumentSpec("kind", .choice(ConnectorKinds.names), help: "With add: folder, sqlite or postgresql."),
        ArgumentSpec("path", .string, help: "folder, sqlite: the folder or database file."),
        ArgumentSpec("format", .choice(["parquet", "csv"]), help: "folder: the files it writes (default parquet)."),
        ArgumentSpec("host", .string, help: "postgresql: server name or address, or the folder of its unix socket (default localhost)."),
        ArgumentSpec("port", .value, help: "postgresql: server port (default 5432)."),
        ArgumentSpec("database", .string, help: "postgresql: database name."),
        ArgumentSpec("user", .string, help: "postgresql: user name."),
        ArgumentSpec("password", .string,
                     help: "postgresql: \"env:VARIABLE\", \"file:PATH\" or \"prompt\" (asked without echo in the REPL, kept for this session only); never the password itself."),
        ArgumentSpec("schema", .string, help: "postgresql: the schema whose tables are read (default public)."),
    ]

    static let connector = CommandSpec(
        name: "connector", group: "Connectors",
        summary: "Add, list, show, test or remove a connector (a folder, SQLite file or PostgreSQL server).",
        discussion: """
        `connector add NAME kind=…` stores a connector in the job store: `kind=folder path=…` \
        (CSV and Parquet files, one table each), `kind=sqlite path=…`, or `kind=postgresql host=… \
        port=… database=… user=… password="env:PGPASSWORD"`. A password is never stored or shown: \
        give an environment variable (`"env:VAR"`), a file whose first line holds it \
        (`"file:PATH"`), or `"prompt"` to type it in the REPL without echo (kept in memory for \
        this session only; `connector password NAME` asks again). `connector test NAME` \
        connects and says what it can read and write; `tables NAME` lists its tables with row \
        counts and keys; `load NAME.TABLE as t` reads one; `write JOB to=NAME[.SCHEMA]` writes \
        a job's synthetic tables to it. See docs/CONNECTORS.md.
        """,
        arguments: [
            ArgumentSpec("action", .choice(["add", "list", "show", "test", "remove", "password"]), positional: true, required: true,
                         help: "What to do."),
            ArgumentSpec("name", .string, positional: true, help: "The connector's name."),
        ] + optionArguments,
        changesState: false,
        examples: ["connector add here kind=folder path=\"data\"", "connector list",
                   "connector add here kind=folder path=\"data\"; connector test here",
                   "connector add lite kind=sqlite path=\"lite.db\"; connector show lite"]
    ) { context in
        let action = context.arguments.string("action") ?? "list"
        if action == "list" { return try list(context) }
        guard let name = context.arguments.string("name") else {
            throw context.error("`connector \(action)` needs a connector name", at: "action")
        }
        let (store, _) = try context.jobs.storeAndRunner()
        switch action {
        case "add": try add(name, context, store: store)
        case "show": try show(name, context, store: store)
        case "test": try test(name, context)
        case "remove":
            try ConnectorAccess.run(context, at: "name") { try store.removeConnector(named: name) }
            SessionSecrets.shared.remove(name)
            context.output.emit(.message("removed connector \(name)"))
        default:
            let record = try ConnectorAccess.run(context, at: "name") { try store.connector(named: name) }
            guard record.optionsJSON.contains("\"prompt\"") else {
                throw context.error("connector \(name) takes its password from its reference (`connector show \(name)`), not a prompt", at: "name")
            }
            try askPassword(for: name, context)
        }
        return nil
    }

    static let connectors = CommandSpec(
        name: "connectors", group: "Connectors", summary: "List the connectors: name, kind and where they point.",
        changesState: false, examples: ["connectors"]
    ) { context in try list(context) }

    static func list(_ context: CommandContext) throws -> LangValue? {
        let (store, _) = try context.jobs.storeAndRunner()
        let records = try store.connectors()
        if records.isEmpty {
            context.output.emit(.message("no connectors yet; add one with: connector add files kind=folder path=\"exports\""))
            return nil
        }
        let table = BuiltinCommands.resultTable([
            ("name", records.map { .text($0.name) }),
            ("kind", records.map { .text($0.kind) }),
            ("location", records.map { .text(location(of: $0)) }),
        ])
        context.output.emit(.table(table, title: nil, totalRows: nil))
        return nil
    }

    /// `host:port/database` or the path: where a connector points (never a secret).
    static func location(of record: ConnectorRecord) -> String {
        guard let configuration = try? ConnectorConfiguration.stored(name: record.name, kind: record.kind, optionsJSON: record.optionsJSON) else {
            return "?"
        }
        let options = configuration.options
        if let path = options["path"] { return path }
        return "\(options["host"] ?? "localhost"):\(options["port"] ?? "5432")/\(options["database"] ?? "")"
    }

    static func add(_ name: String, _ context: CommandContext, store: JobStore) throws {
        guard SafeConnectorName.isValid(name) else {
            throw context.error("a connector name is letters, digits and _ (it is written NAME.TABLE), not '\(name)'", at: "name")
        }
        guard let kind = context.arguments.string("kind") else {
            throw context.error("`connector add` needs kind=\(ConnectorKinds.names.joined(separator: "|"))", at: "name")
        }
        var options: [String: String] = [:]
        for argument in optionArguments.map(\.name) where argument != "kind" {
            switch context.arguments.value(argument) {
            case .string(let text)?: options[argument] = text
            case .integer(let number)?: options[argument] = String(number)
            case nil: break
            case let other?: throw context.error("`\(argument)` must be text or a number, not \(other.typeName)", at: argument)
            }
        }
        if let path = options["path"] { options["path"] = context.session.resolve(path: path) }
        let configuration: ConnectorConfiguration
        do { configuration = try ConnectorConfiguration(name: name, kind: kind, options: options) } catch {
            throw context.error(error.description, at: options["password"] != nil && error.description.hasPrefix("password") ? "password" : "kind")
        }
        if options["password"] == "prompt" { try askPassword(for: name, context) }
        try ConnectorAccess.run(context, at: "name") {
            try store.addConnector(ConnectorRecord(name: name, kind: kind, optionsJSON: configuration.json()))
        }
        context.output.emit(.message("added connector \(name) (\(kind)); `connector test \(name)` checks it"))
    }

    static func askPassword(for name: String, _ context: CommandContext) throws {
        guard let ask = context.askSecret else {
            throw context.error("password=\"prompt\" asks in the interactive REPL; in a script use \"env:VARIABLE\" or \"file:PATH\"", at: "password")
        }
        guard let secret = ask("password for connector \(name): ") else { throw Interrupted() }
        SessionSecrets.shared.set(secret, for: name)
    }

    static func show(_ name: String, _ context: CommandContext, store: JobStore) throws {
        let record = try ConnectorAccess.run(context, at: "name") { try store.connector(named: name) }
        let configuration = try ConnectorAccess.run(context, at: "name") {
            try ConnectorConfiguration.stored(name: record.name, kind: record.kind, optionsJSON: record.optionsJSON)
        }
        var lines = ["connector \(name)", "  kind: \(record.kind)"]
        for (option, value) in configuration.shownOptions { lines.append("  \(option): \(value)") }
        lines.append("  added: \(JobCommands.timestamp(record.createdAt))")
        context.output.emit(.text(lines.joined(separator: "\n")))
    }

    static func test(_ name: String, _ context: CommandContext) throws {
        let connector = try ConnectorAccess.open(name, context, at: "name")
        let check = try ConnectorAccess.run(context, at: "name") { try connector.check() }
        var lines = ["connector \(name): connected to \(check.reached)",
                     "  read: \(check.readableTables) table\(check.readableTables == 1 ? "" : "s") (`tables \(name)` lists them)"]
        lines.append(check.canWrite ? "  write: yes (`write JOB to=\(name)`)" : "  write: no" + (check.writeNote.map { " (\($0))" } ?? ""))
        context.output.emit(.text(lines.joined(separator: "\n")))
    }
}

/// Connector names are identifiers, so `NAME.TABLE` reads unambiguously.
enum SafeConnectorName {
    static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !name.isEmpty, name.count <= 64,
              first == "_" || CharacterSet.letters.contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || CharacterSet.alphanumerics.contains($0) }
    }
}
