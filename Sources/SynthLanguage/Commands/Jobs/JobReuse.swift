import Foundation
import SynthData
import SynthJobs

/// Finds a finished job that a replayed session can use instead of starting the same work
/// again. Training and generation are deterministic for a seed, so a job is the same work
/// when it read the same bytes (SHA-256 of the table it was given, as Parquet) with the same
/// settings (seed, epochs, encodings, value protection… every field of `JobSettings`).
enum JobReuse {
    /// The finished training job of a table called `tableName` whose source has SHA-256
    /// `sourceSHA256` and whose settings equal `settings`; one named `name` first, else the
    /// newest.
    static func trainingJob(in store: JobStore, tableName: String, sourceSHA256: String, settings: JobSettings,
                            name: String?) throws -> JobRecord? {
        let candidates = try store.jobs().filter { job in
            guard job.type == .adHoc, job.status == .finished, job.settings == settings,
                  let tables = try? store.tables(ofJob: job.id), tables.count == 1,
                  tables[0].name == tableName, tables[0].sourceSHA256 == sourceSHA256 else { return false }
            return hasFiles(store, job: job.id, table: tableName, [.model, .syntheticCSV, .syntheticParquet])
        }
        return best(candidates, name: name)
    }

    /// The finished generate job of `parent`'s table `tableName` with the same type and
    /// settings, and, for a seed table, a seed file with SHA-256 `seedSHA256`.
    static func generateJob(in store: JobStore, parent: Int, type: JobType, tableName: String, settings: JobSettings,
                            seedSHA256: String?, name: String?) throws -> JobRecord? {
        let candidates = try store.jobs().filter { job in
            guard job.type == type, job.parentJobID == parent, job.status == .finished, job.settings == settings,
                  let tables = try? store.tables(ofJob: job.id), tables.map(\.name) == [tableName],
                  hasFiles(store, job: job.id, table: tableName, [.syntheticCSV, .syntheticParquet]) else { return false }
            guard let seedSHA256 else { return true }
            let seedFile = store.files(ofJob: job.id).url(.seed, table: tableName)
            guard let bytes = try? Data(contentsOf: seedFile) else { return false }
            return ContentDigest.sha256Hex(of: bytes) == seedSHA256
        }
        return best(candidates, name: name)
    }

    /// The job imported from a bundle whose SHA-256 is `bundleSHA256` and whose model files
    /// are still in place (the newest, when several are).
    static func importedJob(in store: JobStore, bundleSHA256: String) throws -> JobRecord? {
        try store.jobs().filter { job in
            guard job.type == .imported, let tables = try? store.tables(ofJob: job.id), !tables.isEmpty,
                  tables.allSatisfy({ $0.sourceSHA256 == bundleSHA256 }) else { return false }
            return tables.contains { hasFiles(store, job: job.id, table: $0.name, [.model]) }
        }.max { $0.id < $1.id }
    }

    /// The SHA-256 of a file, read in 1 MiB pieces.
    static func sha256(ofFile path: String) throws -> String {
        try ContentDigest.sha256Hex(ofFileAt: path)
    }

    private static func hasFiles(_ store: JobStore, job: Int, table: String, _ files: [JobFiles.TableFile]) -> Bool {
        let names = store.files(ofJob: job)
        return files.allSatisfy { FileManager.default.fileExists(atPath: names.url($0, table: table).path) }
    }

    private static func best(_ candidates: [JobRecord], name: String?) -> JobRecord? {
        candidates.filter { $0.name == name }.max { $0.id < $1.id } ?? candidates.max { $0.id < $1.id }
    }
}
