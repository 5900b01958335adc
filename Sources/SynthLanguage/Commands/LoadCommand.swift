import Foundation
import SynthData

extension BuiltinCommands {
    static let load = CommandSpec(
        name: "load", group: "Data",
        summary: "Read a table from a file (CSV; the format follows the extension).",
        discussion: """
        Column types are inferred (integers, decimals, booleans, dates, timestamps, text); the \
        delimiter and header are sniffed unless given. Without `as NAME` the table is named after \
        the file. The file's size and content hash are noted for `session save`.
        """,
        arguments: [
            ArgumentSpec("path", .inputFile(extensions: TableFileFormat.allExtensions), positional: true, required: true,
                         help: "The file to read."),
            ArgumentSpec("delimiter", .string, help: "Field delimiter, e.g. \";\" or \"\\t\" (sniffed when absent)."),
            ArgumentSpec("header", .boolean, help: "Whether the first row names the columns (sniffed when absent)."),
            ArgumentSpec("nulls", .value, help: "Texts that mean null, as a list (default: \"\", NA, N/A, NULL, null, NaN)."),
            ArgumentSpec("skip_bad_rows", .boolean, default: "false", help: "Skip rows with the wrong number of fields."),
        ],
        changesState: true,
        examples: ["load \"diamonds.csv\" as d", "load \"data.txt\" delimiter=\"|\" header=false as raw"]
    ) { context in
        let arguments = context.arguments
        guard let path = arguments.string("path") else { throw context.error("missing path") }
        let resolved = context.session.resolve(path: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw context.error("no such file '\(path)'", at: "path")
        }
        guard let format = TableFileFormat(path: path), format.isAvailable else {
            throw context.error("cannot read '\(path)': this build reads \(TableFileFormat.csv.extensions.map { "." + $0 }.joined(separator: ", ")) files",
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
        let fingerprint = try FileFingerprint(path: resolved)
        if let expected = context.session.expectedFingerprints[path], expected != fingerprint {
            context.output.emit(.warning(
                "'\(path)' changed since the session was saved: now \(fingerprint.size) bytes, hash \(fingerprint.hashText); "
                + "saved \(expected.size) bytes, hash \(expected.hashText). The replayed state may differ."))
        }
        let result: TableFileFormat.ReadResult
        do {
            result = try format.read(path: resolved, csvOptions: options)
        } catch let error as CSVError {
            var shown = error
            shown.file = path
            throw context.error(shown.description, at: "path")
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

    /// `flights` for `data/flights.csv`: the file name without extension, as an identifier.
    static func defaultTableName(for path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        var name = String(stem.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if name.isEmpty || name.first?.isNumber == true { name = "t_" + name }
        return name
    }

    static let export = CommandSpec(
        name: "export", group: "Data",
        summary: "Write a table to a file (CSV; the format follows the extension).",
        arguments: [
            ArgumentSpec("table", .table, positional: true, required: true, help: "The table to write."),
            ArgumentSpec("path", .outputFile(extensions: TableFileFormat.allExtensions), positional: true, required: true,
                         help: "The file to write (replaced if it exists)."),
            ArgumentSpec("delimiter", .string, help: "Field delimiter (default `,`; tab for .tsv)."),
        ],
        changesState: false,
        examples: ["export d \"out.csv\"", "export small \"small.tsv\""]
    ) { context in
        let table = try context.arguments.table("table")
        guard let path = context.arguments.string("path") else { throw context.error("missing path") }
        guard let format = TableFileFormat(path: path), format.isAvailable else {
            throw context.error("cannot write '\(path)': this build writes .csv, .tsv and .txt files", at: "path")
        }
        var delimiter: UInt8?
        if let text = context.arguments.string("delimiter") {
            guard text.utf8.count == 1 else { throw context.error("`delimiter` must be one character", at: "delimiter") }
            delimiter = text.utf8.first
        }
        do {
            try format.write(table, to: context.session.resolve(path: path), delimiter: delimiter)
        } catch let error as CSVError {
            throw context.error(error.description, at: "path")
        } catch let error as LanguageError {
            throw error
        } catch {
            throw context.error("cannot write '\(path)': \(error)", at: "path")
        }
        context.output.emit(.message("wrote \(table.rowCount) rows × \(table.columnCount) columns to \(path)"))
        return nil
    }
}
