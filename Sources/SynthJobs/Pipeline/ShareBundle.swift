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

    /// Writes job `jobID`'s bundle to `destination` atomically (see `ZIPArchiveWriter`); an
    /// existing file is replaced only when `replace` is true. Throws `FileWriteError` when
    /// the file cannot be written.
    public static func write(store: JobStore, jobID: Int, to destination: URL, replace: Bool = false) throws {
        let job = try store.job(jobID)
        let folder = store.folder(ofJob: jobID)
        let tables = try store.tables(ofJob: jobID).map(\.name)
        let files = tables.flatMap { table in
            ["model/encoding.json", "model/model.bin", "qa.html", "qa.json"].map { (table, $0) }
        }.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0.0).\($0.1)").path) }
        guard files.contains(where: { $0.1 == "model/model.bin" }) else {
            throw JobStoreError.invalidState("job \(jobID) has no trained model to share (status: \(job.status.title))")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let manifest = try encoder.encode(Manifest(format: 1, name: job.name, tables: tables, settings: job.settings))
        try ZIPArchiveWriter.write(to: destination.path, replace: replace) { archive in
            for (table, file) in files {
                try archive.addEntry(with: "\(table)/\(file)", fileURL: folder.appendingPathComponent("\(table).\(file)"))
            }
            try archive.addEntry(with: manifestName, type: .file, uncompressedSize: Int64(manifest.count)) { position, size in
                manifest.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// Imports a bundle as a new job (type `imported`, no tasks to run) and returns it.
    public static func importBundle(store: JobStore, from source: URL) throws -> JobRecord {
        let archive: Archive
        do { archive = try Archive(url: source, accessMode: .read) } catch {
            throw JobStoreError.invalidState("'\(source.path)' is not a synth job bundle (not a ZIP file)")
        }
        guard let manifestEntry = archive[manifestName] else {
            throw JobStoreError.invalidState("'\(source.path)' is not a synth job bundle (no \(manifestName))")
        }
        var manifestData = Data()
        _ = try archive.extract(manifestEntry) { manifestData.append($0) }
        let manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: manifestData) } catch {
            throw JobStoreError.invalidState("'\(source.path)' has an unreadable manifest: \(error)")
        }
        guard manifest.format == 1 else { throw JobStoreError.invalidState("bundle format \(manifest.format) is newer than this synth") }
        let job = try store.createJob(name: manifest.name + " (imported)", type: .imported, settings: manifest.settings,
                                      tables: manifest.tables.map { JobTableRecord(jobID: 0, name: $0, sourcePath: "", sourceBytes: 0, sourceSHA256: nil) },
                                      tasks: [])
        let folder = store.folder(ofJob: job.id)
        for entry in archive where entry.path != manifestName {
            // Only the files a bundle holds, inside the job folder.
            let parts = entry.path.split(separator: "/")
            guard parts.count >= 2, manifest.tables.contains(String(parts[0])), !parts.contains("..") else { continue }
            let table = String(parts[0]), rest = parts.dropFirst().joined(separator: "/")
            let target = folder.appendingPathComponent("\(table).\(rest)")
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: target)
            _ = try archive.extract(entry, to: target)
            if rest == "model/model.bin" { try store.addArtifact(job: job.id, kind: "model", path: target.deletingLastPathComponent().path) }
            if rest == "qa.html" { try store.addArtifact(job: job.id, kind: "qa.html", path: target.path) }
        }
        try store.secureFiles(ofJob: job.id)
        try store.log(job: job.id, "imported from \(source.lastPathComponent)")
        return try store.job(job.id)
    }
}
