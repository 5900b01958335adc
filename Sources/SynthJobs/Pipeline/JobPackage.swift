import Foundation
import ZIPFoundation
import SynthEngine

/// The downloadable ZIP of a job: synthetic data (CSV and Parquet), settings as JSON, the
/// tables' keys and links (`schema.json`, when they have any), the job's log (error reasons
/// left out: they may quote the data) and, when ready, the QA report (with a linked table's
/// sequence figures, `coherence.json`).
public enum JobPackage {
    /// Writes job `jobID`'s package to `destination` atomically (see `ZIPArchiveWriter`); an
    /// existing file is replaced only when `replace` is true. Throws `FileWriteError` when
    /// the file cannot be written.
    public static func write(store: JobStore, jobID: Int, to destination: URL, replace: Bool = false) throws {
        let job = try store.job(jobID)
        let files = store.files(ofJob: jobID)
        let tables = try store.tables(ofJob: jobID)
        let formatter = ISO8601DateFormatter()
        let log = try store.logs(ofJob: jobID).map { "\(formatter.string(from: $0.at)) \($0.level.uppercased()) \($0.task?.rawValue ?? "job") \(packagedMessage($0, jobID: jobID))" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let settings = try encoder.encode(job.settings)
        try ZIPArchiveWriter.write(to: destination.path, replace: replace) { archive in
            for table in tables {
                for (file, name) in [(JobFiles.TableFile.syntheticCSV, "\(table.name).csv"), (.syntheticParquet, "\(table.name).parquet"),
                                     (.qaHTML, "\(table.name)-qa-report.html"), (.coherence, "\(table.name)-coherence.json")] {
                    let url = files.url(file, table: table.name)
                    guard FileManager.default.fileExists(atPath: url.path) else { continue }
                    try archive.addEntry(with: "synthetic-data/\(name)", fileURL: url,
                                         compressionMethod: file == .syntheticParquet ? .none : .deflate)
                }
            }
            try addData(settings, as: "settings.json", to: archive)
            // How the tables link (keys, context links, foreign keys), when they do.
            let schema = tables.map(\.schema)
            if schema.contains(where: { $0.primaryKey != nil || !$0.isSubject || !$0.foreignKeys.isEmpty }) {
                try addData(try encoder.encode(schema), as: "schema.json", to: archive)
            }
            try addData(Data(log.joined(separator: "\n").utf8), as: "logs/job.log", to: archive)
        }
    }

    /// A log line's message as the package carries it: an error's reason can quote a value of
    /// the data (a cell that failed to parse), so it stays in the store, and the package says
    /// where to read it.
    static func packagedMessage(_ record: LogRecord, jobID: Int) -> String {
        guard record.level == "error" else { return record.message }
        return "\(record.task?.title ?? "job") failed; the reason stays in the store, as it may quote the data (`logs \(jobID)`)"
    }

    private static func addData(_ data: Data, as path: String, to archive: Archive) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}
