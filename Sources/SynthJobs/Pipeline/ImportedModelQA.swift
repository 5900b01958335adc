import Foundation
import SynthEngine
import SynthData

/// The QA report of rows generated from an imported model. A `.synthjob` bundle carries the
/// model, never the rows it was trained on, so nothing here can be compared with the
/// original: accuracy and privacy are reported as not applicable, with the reason, in the
/// job's log, in `<table>.qa-note.txt` (read by `qa`) and in the HTML report (packaged with
/// the rows). The QA report of the original training, if the bundle carried it, stays with
/// the imported job.
enum ImportedModelQA {
    /// Why accuracy and privacy are not measured.
    static let note = "not applicable: imported model, no training data in this store"

    static func write(_ context: TaskContext, synthetic: Table) throws {
        let lines = ["accuracy: \(note)", "privacy: \(note)"]
        try AtomicFileWriter.write(text: lines.joined(separator: "\n") + "\n", to: context.file(.qaNote).path, replace: true)
        try AtomicFileWriter.write(text: page(title: "\(context.job.name) · \(context.table.name)", synthetic: synthetic, lines: lines),
                                   to: context.file(.qaHTML).path, replace: true)
        try context.addArtifact(.qaHTML)
        for line in lines { context.log("QA \(line)", level: "warning") }
    }

    /// A self-contained page: the notes, and what was generated.
    static func page(title: String, synthetic: Table, lines: [String]) -> String {
        let columns = synthetic.columns.map { "<li>\(escape($0.name))</li>" }.joined()
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>QA report · \(escape(title))</title>
        <style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
        .note{background:#fff4d6;border-left:4px solid #d9a300;padding:.5rem 1rem}</style></head>
        <body><h1>QA report · \(escape(title))</h1>
        \(lines.map { "<p class=\"note\">\(escape($0))</p>" }.joined(separator: "\n"))
        <p>The model was imported from a <code>.synthjob</code> bundle, which carries no training rows, \
        so the synthetic rows cannot be compared with the original ones here.</p>
        <p>\(synthetic.rowCount) synthetic rows, \(synthetic.columns.count) columns:</p><ul>\(columns)</ul>
        </body></html>
        """
    }

    static func escape(_ text: String) -> String { QAHTMLRenderer.escape(text) }
}
