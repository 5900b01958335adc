import Foundation
import SynthData
import SynthEngine
import SynthJobs

/// `qa` (the QA report in the terminal) and `report` (the same as a self-contained HTML file),
/// for a job or for any synthetic/original pair of tables.
public enum QACommands {
    public static var all: [CommandSpec] { [qa, report] }

    static let sourceArguments = [
        ArgumentSpec("source", .tableOrJob, positional: true, required: true, help: "A job (id or name), or a synthetic table."),
        ArgumentSpec("vs", .table, help: "The original (training) table, when `source` is a table."),
        ArgumentSpec("holdout", .table, help: "Held-out original rows, for the privacy tests."),
        ArgumentSpec("table", .string, help: "Which table of the job (needed when it has several)."),
    ]

    /// The report of a job (computed by its QA task) or of tables given as arguments.
    static func report(_ context: CommandContext) throws -> (QAReport, title: String) {
        let source = context.arguments.value("source")
        if let synthetic = source?.table {
            guard context.arguments.has("vs") else {
                throw context.error("compare a synthetic table with its original: `qa SYNTHETIC vs=ORIGINAL holdout=HOLDOUT`", at: "source")
            }
            let training = try context.arguments.table("vs")
            let holdout = context.arguments.has("holdout") ? try context.arguments.table("holdout") : nil
            do {
                return (try QAReport.compute(synthetic: synthetic, training: training, holdout: holdout),
                        "\(context.arguments.tableName("source") ?? "synthetic") vs \(context.arguments.tableName("vs") ?? "original")")
            } catch {
                throw context.error("\(error)", at: "source")
            }
        }
        let notAJob = "`\(context.spec.name)` needs a job or a synthetic table"
        if let (job, _, note) = try? JobCommands.jobFile(context, "source", .qaNote, what: "QA note", notAJob: notAJob,
                                                          after: .qaReport) {
            // Rows generated from an imported model: nothing to compare them with.
            let reasons = String(decoding: note, as: UTF8.self).split(separator: "\n").joined(separator: "; ")
            throw context.error("job \(job.id) has no QA scores: \(reasons)", at: "source")
        }
        let (job, table, data) = try JobCommands.jobFile(context, "source", .qaJSON, what: "QA report",
                                                          notAJob: notAJob, after: .qaReport)
        return (try JSONDecoder().decode(QAReport.self, from: data), "\(job.name) · \(table.name)")
    }

    static let qa = CommandSpec(
        name: "qa", group: "Quality",
        summary: "The QA report: accuracy, privacy (DCR, identical matches) and histograms; for a linked table also coherence and sequence lengths.",
        arguments: sourceArguments + [
            ArgumentSpec("column", .string, help: "Show only this column's histogram."),
            ArgumentSpec("worst", .integer, atLeast: 1, help: "Show only the k columns with the lowest accuracy."),
        ],
        changesState: false, recorded: true, examples: ["qa 3", "qa syn vs=orig holdout=hold worst=3"]
    ) { context in
        let (report, _) = try report(context)
        let column = context.arguments.string("column")
        if let column, !report.columns.contains(where: { $0.name == column }) {
            throw context.error("the report has no column '\(column)'", at: "column",
                                hint: "columns: " + report.columns.map(\.name).joined(separator: ", "))
        }
        context.output.emit(.qaReport(report, column: column, worst: context.arguments.integer("worst").map(Int.init)))
        return .number(report.accuracy.overall)
    }

    static let report = CommandSpec(
        name: "report", group: "Quality",
        summary: "Write the QA report as one self-contained HTML file (inline CSS and SVG).",
        arguments: sourceArguments + [
            ArgumentSpec("to", .outputFile(extensions: ["html"]), required: true,
                         help: "The HTML file (an existing file is kept unless `replace=true`)."),
            OutputDestination.replaceArgument,
        ],
        changesState: false, recorded: true, examples: ["report 3 to=\"qa.html\"", "report 3 to=\"qa.html\" replace=true"]
    ) { context in
        let destination = try OutputDestination(context, argument: "to")
        let (report, title) = try report(context)
        let html = QAHTMLRenderer.render(report, title: "Quality report · \(title)")
        try destination.write(context) {
            try AtomicFileWriter.write(text: html, to: destination.path, replace: destination.replace)
        }
        context.output.emit(.message("wrote \(destination.text)"))
        return nil
    }
}
