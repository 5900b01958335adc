import Foundation
import SynthData

extension BuiltinCommands {
    static let load = CommandSpec(
        name: "load", group: "Data",
        summary: "Read a table from a file (CSV or Parquet, by the extension) or a connector (`load NAME.TABLE`).",
        discussion: """
        CSV column types are inferred (integers, decimals, booleans, dates, timestamps, text) \
        without changing a value: numbers with leading zeros (`02134`) and numbers too large to \
        hold exactly stay text. The first row is the header unless `header=false`; the delimiter \
        is sniffed unless given. Files must be UTF-8. Parquet files keep their stored types. \
        `columns=[…]` keeps only those columns (a Parquet file reads only them). Without `as NAME` \
        the table is named after the file. The file's size and content hash are noted for \
        `session save`. `load NAME.TABLE` reads a table of connector NAME (see `connector`), \
        streamed in batches, with its database types. A source larger than an eighth of the \
        memory synth may use (or than 1 GiB) stays where it is: a lazy table, whose row count and \
        first rows are kept; `describe`, `show`, `count`, `columns` and `train` read it in batches \
        with bounded memory, and a job trains on a seeded sample of at most 100,000 of its rows \
        unless `rows=` says otherwise. `lazy=true|false` chooses.
        """,
        arguments: [
            ArgumentSpec("path", .inputFile(extensions: TableFileFormat.allExtensions), positional: true, required: true,
                         help: "The file to read."),
            ArgumentSpec("delimiter", .string, help: "Field delimiter, e.g. \";\" or \"\\t\" (sniffed when absent)."),
            ArgumentSpec("header", .boolean, help: "Whether the first row names the columns (default true)."),
            ArgumentSpec("nulls", .value, help: "Texts that mean null, as a list (default: \"\", NA, N/A, n/a, #N/A, <NA>, NULL, null, None, NaN, nan, NAN)."),
            ArgumentSpec("skip_bad_rows", .boolean, default: "false", help: "Skip rows with the wrong number of fields."),
            ArgumentSpec("columns", .value, help: "Only these columns, as a list of names."),
            ArgumentSpec("lazy", .boolean,
                         help: "Leave the table in its source and read it in batches when used (default: when the source is larger than 1/8 of the memory synth may use, or 1 GiB)."),
        ],
        changesState: true,
        examples: ["load \"diamonds.csv\" as d", "load \"data.txt\" delimiter=\"|\" header=false as raw",
                   "load \"flights.parquet\" columns=[\"origin\", \"dest\"] as routes",
                   "connector add here kind=folder path=\"data\"; load here.people as people"]
    ) { context in
        let arguments = context.arguments
        if case .list(let parts)? = arguments.value("path"), parts.count == 2,
           case .string(let connector) = parts[0], case .string(let table) = parts[1] {
            return try loadFromConnector(connector, table: table, lazy: arguments.boolean("lazy"), context)
        }
        guard let path = arguments.string("path") else { throw context.error("missing path") }
        let resolved = context.session.resolve(path: path)
        // A directory, pipe, device or unreadable file is refused before anything reads it.
        do throws(FileAccessError) {
            try ReadableFile.check(resolved)
        } catch {
            throw context.error(error.shown(as: path).description, at: "path")
        }
        guard let format = TableFileFormat(path: path) else {
            throw context.error("cannot read '\(path)': synth reads \(TableFileFormat.allExtensions.map { "." + $0 }.joined(separator: ", ")) files",
                                at: "path")
        }
        var options = CSVReadOptions()
        if let delimiter = arguments.string("delimiter") {
            guard delimiter.utf8.count == 1, let byte = delimiter.utf8.first else {
                throw context.error("`delimiter` must be one character", at: "delimiter")
            }
            options.delimiter = byte
        }
        options.hasHeader = arguments.boolean("header")
        options.skipBadRows = arguments.boolean("skip_bad_rows") ?? false
        if let nulls = arguments.value("nulls") {
            let items: [LangValue]
            if case .list(let list) = nulls { items = list } else { items = [nulls] }
            var tokens = Set<String>()
            for item in items {
                guard case .string(let token) = item else { throw context.error("`nulls` must be a list of texts", at: "nulls") }
                tokens.insert(token)
            }
            options.nullTokens = tokens
        }
        var columns: [String]?
        if let given = arguments.value("columns") {
            let items: [LangValue]
            if case .list(let list) = given { items = list } else { items = [given] }
            columns = try items.map { item in
                guard case .string(let name) = item else {
                    throw context.error("`columns` must be a list of column names in quotes", at: "columns")
                }
                return name
            }
        }
        let monitor = LoadProgress(context: context, path: path)
        let fingerprint: FileFingerprint
        do {
            fingerprint = try FileFingerprint(path: resolved, monitor: monitor.reading("checking"))
        } catch is ReadCancelled {
            throw Interrupted()
        } catch {
            throw context.error(Self.plainReadError(error, path: path), at: "path")
        }
        if let expected = context.session.expectedFingerprints[path], expected != fingerprint {
            context.output.emit(.warning(
                "'\(path)' changed since the session was saved: now \(fingerprint.size) bytes, hash \(fingerprint.hashText); "
                + "saved \(expected.size) bytes, hash \(expected.hashText). The replayed state may differ."))
        }
        if arguments.boolean("lazy") ?? (fingerprint.size > LazyLoadThreshold.bytes),
           let lazy = try loadLazily(path: path, resolved: resolved, format: format, options: options, columns: columns,
                                     size: fingerprint.size, context) {
            context.session.noteInput(path: path, fingerprint: fingerprint)
            let name = context.statement.binding ?? defaultTableName(for: path)
            context.session.bind(name, to: .lazyTable(lazy, name: name))
            context.output.emit(.message("loaded \(name): \(lazy.rowCount) rows × \(lazy.columnCount) columns, left in '\(path)' "
                + "(a lazy table: describe, show, count, columns and train read it in batches)"))
            return .lazyTable(lazy, name: name)
        }
        let result: TableFileFormat.ReadResult
        do {
            result = try format.read(path: resolved, csvOptions: options, columns: columns, monitor: monitor.reading("reading"))
        } catch is ReadCancelled {
            throw Interrupted()
        } catch let error as CSVError {
            var shown = error
            shown.file = path
            throw context.error(shown.description, at: "path")
        } catch let error as ParquetError {
            throw context.error(error.description.replacingOccurrences(of: resolved, with: path), at: "path")
        } catch let error as FileAccessError {
            throw context.error(error.shown(as: path).description, at: "path")
        } catch let error as TableError {
            throw context.error(error.description, at: "columns")
        }
        try context.checkCancellation()
        context.session.noteInput(path: path, fingerprint: fingerprint)
        let name = context.statement.binding ?? defaultTableName(for: path)
        let table = result.table
        context.session.bind(name, to: .table(table, name: name))
        var message = "loaded \(name): \(table.rowCount) rows × \(table.columnCount) columns"
        if !result.notes.isEmpty { message += " (" + result.notes.joined(separator: "; ") + ")" }
        context.output.emit(.message(message))
        return .table(table, name: name)
    }

    /// A lazy table of the file (its schema inferred in one streaming pass for CSV, then its rows
    /// counted in another); `nil` when the file has no rows.
    static func loadLazily(path: String, resolved: String, format: TableFileFormat, options: CSVReadOptions,
                           columns: [String]?, size: Int, _ context: CommandContext) throws -> LazyTable? {
        let source: LazyTable.Source
        switch format {
        case .csv:
            do {
                source = .csv(path: resolved, options: options, schema: try CSVReader.inferSchema(path: resolved, options: options))
            } catch let error as CSVError {
                var shown = error
                shown.file = path
                throw context.error(shown.description, at: "path")
            } catch let error as FileAccessError {
                throw context.error(error.shown(as: path).description, at: "path")
            }
        case .parquet:
            source = .parquet(path: resolved)
        }
        return try LazyTable.measuring(source: source, shownSource: "'\(path)'", columns: columns, fileSize: size, context, at: "path")
    }

    /// A plain sentence for a Foundation file error (never the `NSCocoaErrorDomain` dump):
    /// the POSIX cause when there is one.
    static func plainReadError(_ error: Error, path: String) -> String {
        if let access = error as? FileAccessError { return access.shown(as: path).description }
        let nsError = error as NSError
        let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError
        if let posix = [nsError, underlying].compactMap({ $0 }).first(where: { $0.domain == NSPOSIXErrorDomain }) {
            return ReadableFile.error(errno: Int32(posix.code), path: path).description
        }
        return "cannot read '\(path)'"
    }

    /// `flights` for `data/flights.csv`: the file name without extension, as an identifier.
    static func defaultTableName(for path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        var name = String(stem.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if name.isEmpty || name.first?.isNumber == true { name = "t_" + name }
        return name
    }
}
