import Foundation

/// Decides whether `synth.db` may be opened as this store's database, so that synth never
/// starts an empty database over an earlier store's job folders and never migrates another
/// program's file.
///
/// A synth store is marked with `PRAGMA application_id` (`JobStoreSchema.applicationID`);
/// stores from before the marker are recognized by their tables and then marked.
enum StoreDatabaseFile {
    /// The first 16 bytes of every SQLite 3 database.
    static let sqliteHeader = Array("SQLite format 3\u{0}".utf8)

    /// What the file held before synth opened it.
    enum Found: Equatable {
        /// No file: synth created an empty one (mode 0600).
        case created
        /// A zero-byte file.
        case empty
        /// A file that starts like a SQLite database.
        case sqlite
    }

    /// Checks the file at `path` before SQLite opens it: creates it (0600) when missing,
    /// refuses a zero-byte file while `jobsFolder` holds job folders and refuses a file that
    /// is not SQLite. Leaves the database and its `-wal`/`-shm` files with mode 0600.
    static func prepare(path: String, jobsFolder: URL) throws -> Found {
        let found: Found
        if try StorePermissions.makeFile(path) {
            found = .created
        } else {
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                throw JobStoreError.notAStore(database: path, reason: "it is not a regular file")
            }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw JobStoreError.fileSystem("cannot read the job database \(path)")
            }
            defer { try? handle.close() }
            let head = [UInt8]((try? handle.read(upToCount: sqliteHeader.count)) ?? Data())
            if head.isEmpty {
                found = .empty
                let folders = jobFolderCount(jobsFolder)
                if folders > 0 { throw JobStoreError.lostDatabase(database: path, jobsFolder: jobsFolder.path, jobFolders: folders) }
            } else if head == sqliteHeader {
                found = .sqlite
            } else {
                throw JobStoreError.notAStore(database: path, reason: "it is not a SQLite database")
            }
        }
        for file in [path, path + "-wal", path + "-shm"] { try StorePermissions.setMode(file, StorePermissions.fileMode) }
        return found
    }

    /// Checks the opened database's marker and tables before any migration runs.
    static func verify(_ database: SQLiteDatabase, found: Found, jobsFolder: URL) throws {
        let applicationID = try database.query("PRAGMA application_id").first?["application_id"].int ?? 0
        if applicationID == JobStoreSchema.applicationID { return }
        let version = try database.query("PRAGMA user_version").first?["user_version"].int ?? 0
        let tables = Set(try database.query("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0["name"].string })
        guard applicationID == 0 else {
            throw JobStoreError.notAStore(database: database.path, reason: "it is another program's SQLite database")
        }
        if version == 0 && tables.isEmpty {
            // A new database. One that was there before, without a table, is as good as lost.
            let folders = jobFolderCount(jobsFolder)
            if found == .sqlite && folders > 0 {
                throw JobStoreError.lostDatabase(database: database.path, jobsFolder: jobsFolder.path, jobFolders: folders)
            }
            return
        }
        // A store from before the marker: synth's tables and a schema version synth wrote.
        guard version >= 1, JobStoreSchema.tables.isSubset(of: tables) else {
            throw JobStoreError.notAStore(database: database.path, reason: "it is a SQLite database without synth's tables")
        }
    }

    /// Marks the (verified, migrated) database as a synth store.
    static func mark(_ database: SQLiteDatabase) throws {
        let applicationID = try database.query("PRAGMA application_id").first?["application_id"].int ?? 0
        if applicationID != JobStoreSchema.applicationID {
            try database.execute("PRAGMA application_id = \(JobStoreSchema.applicationID)")
        }
    }

    /// How many folders `jobsFolder` holds.
    static func jobFolderCount(_ jobsFolder: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: jobsFolder.path)) ?? []
        return names.filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: jobsFolder.appendingPathComponent(name).path, isDirectory: &isFolder)
                && isFolder.boolValue
        }.count
    }
}
