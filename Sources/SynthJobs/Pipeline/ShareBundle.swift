import Foundation
import SynthEngine
import ZIPFoundation

/// A `.synthjob` bundle: a trained model, its settings and QA report — never the training
/// data — so a colleague's synth can generate from it.
public enum ShareBundle {
    static let manifestName = "synthjob.json"

    struct Manifest: Codable {
        var format: Int
        var name: String
        var tables: [String]
        var settings: JobSettings
        /// The tables' keys and foreign keys (flat tables only), when they have any; bundles
        /// from before it, or of tables without keys, have none.
        var schema: [TableSchema]? = nil
    }

    /// Writes job `jobID`'s bundle to `destination` atomically (see `ZIPArchiveWriter`); an
    /// existing file is replaced only when `replace` is true. Throws `FileWriteError` when
    /// the file cannot be written.
    public static func write(store: JobStore, jobID: Int, to destination: URL, replace: Bool = false) throws {
        let job = try store.job(jobID)
        let jobFiles = store.files(ofJob: jobID)
        let tables = try store.tables(ofJob: jobID).map(\.name)
        guard try store.schema(ofJob: jobID).tables.allSatisfy(\.isSubject) else {
            throw JobStoreError.invalidState("job \(jobID) has linked tables; sharing covers flat tables only for now")
        }
        let files = tables.flatMap { table in
            TableFile.allCases.map { (table, $0) }  // exactly what import accepts
        }.filter { FileManager.default.fileExists(atPath: $0.1.url(in: jobFiles, table: $0.0).path) }
        guard files.contains(where: { $0.1 == .model }) else {
            throw JobStoreError.invalidState("job \(jobID) has no trained model to share (status: \(job.status.title))")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let schema = try store.tables(ofJob: jobID).map(\.schema)
        let keyed = schema.contains { $0.primaryKey != nil || !$0.foreignKeys.isEmpty }
        let manifest = try encoder.encode(Manifest(format: 1, name: job.name, tables: tables, settings: job.settings,
                                                   schema: keyed ? schema : nil))
        try ZIPArchiveWriter.write(to: destination.path, replace: replace) { archive in
            for (table, file) in files {
                try archive.addEntry(with: "\(table)/\(file.path)", fileURL: file.url(in: jobFiles, table: table))
            }
            try archive.addEntry(with: manifestName, type: .file, uncompressedSize: Int64(manifest.count)) { position, size in
                manifest.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }
}
