import SynthData
import SynthJobs

/// Streams a job's own copy of a source table into its `source.parquet`, batch by batch
/// (row groups of about 65,536 rows, through `AtomicFileWriter`), so a source larger than
/// memory is never held whole: a lazy table (`train`) or a connector's table (`catalog run`).
enum JobSourceCopy {
    /// Rows gathered before they are written as one Parquet row group.
    static let rowGroupRows = 65_536

    /// What was copied.
    struct Copied {
        var rows: Int
        var bytes: Int
        var sha256: String
    }

    /// Writes the batches `scan` produces to `path` (atomically: nothing appears there unless
    /// every batch was written) and records the file as `table`'s source of job `job`.
    static func copy(job: Int, table: String, store: JobStore, _ scan: ((Table) throws -> Void) throws -> Void) throws -> Copied {
        let path = store.files(ofJob: job).url(.source, table: table).path
        let writer = try ParquetStreamWriter(path: path, replace: true)
        var pending: [Table] = [], pendingRows = 0, rows = 0
        func flush() throws {
            guard !pending.isEmpty else { return }
            try writer.append(pending.count == 1 ? pending[0] : try Table.concatenating(pending))
            pending.removeAll()
            pendingRows = 0
        }
        do {
            try scan { batch in
                pending.append(batch)
                pendingRows += batch.rowCount
                rows += batch.rowCount
                if pendingRows >= rowGroupRows { try flush() }
            }
            try flush()
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
        try store.secureFiles(ofJob: job)  // owner-only, like every file of the store
        let copied = Copied(rows: rows, bytes: try FileFingerprint(path: path).size, sha256: try ContentDigest.sha256Hex(ofFileAt: path))
        try store.setSource(job: job, table: table, path: path, bytes: copied.bytes, sha256: copied.sha256)
        return copied
    }
}
