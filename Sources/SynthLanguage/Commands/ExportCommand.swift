import SynthData

extension BuiltinCommands {
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
