import Foundation
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
    }

    /// Writes job `jobID`'s bundle to `destination` (atomically).
    public static func write(store: JobStore, jobID: Int, to destination: URL) throws {
        let job = try store.job(jobID)
        let folder = store.folder(ofJob: jobID)
        let tables = try store.tables(ofJob: jobID).map(\.name)
        let partial = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).partial")
        try? FileManager.default.removeItem(at: partial)
        let archive = try Archive(url: partial, accessMode: .create)
        var wroteModel = false
        for table in tables {
            for file in ["model/encoding.json", "model/model.bin", "qa.html", "qa.json"] {
                let url = folder.appendingPathComponent("\(table).\(file)")
                guard FileManager.default.fileExists(atPath: url.path) else { continue }
                try archive.addEntry(with: "\(table)/\(file)", fileURL: url)
                if file == "model/model.bin" { wroteModel = true }
            }
        }
        guard wroteModel else {
            try? FileManager.default.removeItem(at: partial)
            throw JobStoreError.invalidState("job \(jobID) has no trained model to share (status: \(job.status.title))")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let manifest = try encoder.encode(Manifest(format: 1, name: job.name, tables: tables, settings: job.settings))
        try archive.addEntry(with: manifestName, type: .file, uncompressedSize: Int64(manifest.count)) { position, size in
            manifest.subdata(in: Int(position)..<Int(position) + size)
        }
        try? FileManager.default.removeItem(at: destination)
        try FileManager.default.moveItem(at: partial, to: destination)
    }
}
