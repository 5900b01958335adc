import SynthData

extension BuiltinCommands {
    static let export = CommandSpec(
        name: "export", group: "Data",
        summary: "Write a table to a file (CSV or Parquet, by the extension).",
        arguments: [
            ArgumentSpec("table", .table, positional: true, required: true, help: "The table to write."),
            ArgumentSpec("path", .outputFile(extensions: TableFileFormat.allExtensions), positional: true, required: true,
                         help: "The file to write (an existing file is kept unless `replace=true`)."),
            ArgumentSpec("delimiter", .string, help: "CSV field delimiter (default `,`; tab for .tsv)."),
            ArgumentSpec("compression", .choice(TableFileFormat.compressionNames.keys.sorted()), default: "snappy",
                         help: "Parquet page compression."),
            OutputDestination.replaceArgument,
        ],
        changesState: false, recorded: true,
        examples: ["export d \"out.csv\"", "export small \"small.tsv\" replace=true", "export d \"d.parquet\" compression=zstd"]
    ) { context in
        let table = try context.arguments.table("table")
        guard let path = context.arguments.string("path") else { throw context.error("missing path") }
        guard let format = TableFileFormat(path: path) else {
            throw context.error("cannot write '\(path)': synth writes \(TableFileFormat.allExtensions.map { "." + $0 }.joined(separator: ", ")) files",
                                at: "path")
        }
        var settings = TableFileFormat.WriteSettings()
        if let text = context.arguments.string("delimiter") {
            guard text.utf8.count == 1 else { throw context.error("`delimiter` must be one character", at: "delimiter") }
            settings.delimiter = text.utf8.first
        }
        settings.compression = context.arguments.string("compression").flatMap { TableFileFormat.compressionNames[$0] }
        let destination = try OutputDestination(context, argument: "path")
        do {
            try destination.write(context) {
                try format.write(table, to: destination.path, settings: settings, replace: destination.replace)
            }
        } catch let error as CSVError {
            throw context.error(error.description, at: "path")
        } catch let error as ParquetError {
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
