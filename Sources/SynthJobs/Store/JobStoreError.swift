/// Errors of the job store that are about the user's request or the store's files, not SQLite.
public enum JobStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownJob(String)
    case invalidState(String)
    /// `synth.db` is empty (zero bytes, or a database without tables) while `jobs/` holds the
    /// folders of an earlier store: the database was lost or truncated.
    case lostDatabase(database: String, jobsFolder: String, jobFolders: Int)
    /// The database file is not a synth job store (another file, or another program's database).
    case notAStore(database: String, reason: String)
    /// Other jobs generate from this one's model; deleting it alone would break them.
    case hasChildren(job: Int, children: [Int])
    /// A file of the store could not be created or opened.
    case fileSystem(String)

    public var description: String {
        switch self {
        case let .unknownJob(reference): "unknown job '\(reference)' (see `jobs`)"
        case let .invalidState(message): message
        case let .lostDatabase(database, jobsFolder, count):
            "the job database \(database) is empty, but \(jobsFolder) holds \(count) job folder\(count == 1 ? "" : "s") "
                + "of an earlier store; synth will not start a new database over them. Restore synth.db from a backup, "
                + "or move the jobs folder aside (`mv \(jobsFolder) \(jobsFolder).old`) to start an empty store"
        case let .notAStore(database, reason):
            "\(database) is not a synth job store (\(reason)); synth leaves it untouched. Move the file aside, "
                + "or set SYNTH_HOME to another folder"
        case let .hasChildren(job, children):
            "job \(job) has job\(children.count == 1 ? "" : "s") \(children.map(String.init).joined(separator: ", ")) "
                + "generating from its model; `delete \(job) children=true` deletes \(children.count == 1 ? "it" : "them") too"
        case let .fileSystem(message): message
        }
    }
}
