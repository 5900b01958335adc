import Foundation
import SynthEngine
import ZIPFoundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ShareBundle {
    /// What an imported bundle may expand to. Checked against the sizes the ZIP declares
    /// before anything is extracted, and again on the bytes as they are inflated (a ZIP can
    /// lie about its sizes). The defaults are far above what real bundles need: a bundle
    /// holds a manifest of a few KiB and, per table, an encoding and a QA report of at most a
    /// few MiB, and a model whose size its encoding bounds.
    public struct ImportLimits: Sendable {
        /// Tables in the manifest.
        public var maximumTables = 64
        /// Entries in the ZIP (folders included).
        public var maximumEntries = 512
        /// `synthjob.json`.
        public var maximumManifestBytes = 1 << 20
        /// `encoding.json`, `qa.json` and `qa.html`, each.
        public var maximumDocumentBytes = 64 << 20
        /// `model.bin` (further bounded by what its encoding allows).
        public var maximumModelBytes = 4 << 30
        /// All entries together.
        public var maximumTotalBytes = 4 << 30
        /// Uncompressed ÷ compressed size of an entry larger than `ratioFreeBytes`
        /// (deflated JSON and HTML stay under 20, parameters under 2; bombs reach 1000).
        public var maximumCompressionRatio = 100
        public var ratioFreeBytes = 1 << 20

        public init() {}
    }

    /// The files a bundle holds per table, as `<table>/<path>` in the ZIP and, in the job
    /// folder, where `JobFiles` names them (`<table>.model/model.bin`, `<table>.qa.json`...).
    enum TableFile: CaseIterable {
        case encoding, model, text, qaJSON, qaHTML

        /// The entry's path below its table's folder in the ZIP.
        var path: String {
            switch self {
            case .encoding: JobFiles.modelPath(.encoding)
            case .model: JobFiles.modelPath(.model)
            case .text: JobFiles.modelPath(.text)
            case .qaJSON: JobFiles.TableFile.qaJSON.rawValue
            case .qaHTML: JobFiles.TableFile.qaHTML.rawValue
            }
        }

        /// The file in a job folder.
        func url(in files: JobFiles, table: String) -> URL {
            switch self {
            case .encoding: files.url(.encoding, ofModel: table)
            case .model: files.url(.model, ofModel: table)
            case .text: files.url(.text, ofModel: table)
            case .qaJSON: files.url(.qaJSON, table: table)
            case .qaHTML: files.url(.qaHTML, table: table)
            }
        }

        init?(path: String) {
            guard let file = Self.allCases.first(where: { $0.path == path }) else { return nil }
            self = file
        }
    }

    /// Imports a bundle as a new job (type `imported`, no tasks to run) and returns it.
    ///
    /// The bundle is untrusted: only the entries a bundle holds (`synthjob.json` and, per
    /// table of the manifest, the files of `TableFile`) are accepted, each a regular file
    /// within `limits`; table names must be plain names (`SafeName`). Entries are written as
    /// new regular files with mode 0600 (folders 0700) into a temporary folder inside the
    /// store, never following or creating a symbolic link; the models are loaded and checked
    /// against their encodings; only then is the job created and the folder moved into place.
    /// Anything else rejects the whole bundle with `JobStoreError.invalidState` and leaves
    /// neither files nor a job behind.
    /// `sourceSHA256`, the bundle file's SHA-256, is kept with the job's tables, so that a
    /// replayed session can find the job imported from the same bundle.
    public static func importBundle(store: JobStore, from source: URL, limits: ImportLimits = .init(),
                                    sourceSHA256: String? = nil) throws -> JobRecord {
        let name = source.lastPathComponent
        func invalid(_ why: String) -> JobStoreError { .invalidState("'\(name)' is not a valid synth job bundle: \(why)") }

        var info = stat()
        guard stat(source.path, &info) == 0 else {
            throw JobStoreError.invalidState("cannot read '\(source.path)': \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw invalid("it is not a regular file") }
        let archive: Archive
        do { archive = try Archive(url: source, accessMode: .read) } catch { throw invalid("it is not a ZIP file") }

        // The inventory, from the ZIP's central directory: no links, no duplicates.
        var entries: [String: Entry] = [:]
        for entry in archive {
            let path = SafeName.printable(entry.path)
            guard entries.count < limits.maximumEntries else { throw invalid("more than \(limits.maximumEntries) entries") }
            guard entry.type != .symlink else { throw invalid("entry '\(path)' is a symbolic link") }
            guard entries[entry.path] == nil else { throw invalid("entry '\(path)' appears twice") }
            entries[entry.path] = entry
        }

        guard let manifestEntry = entries[manifestName], manifestEntry.type == .file else { throw invalid("no \(manifestName)") }
        try checkDeclaredSize(manifestEntry, limit: limits.maximumManifestBytes, limits: limits, invalid: invalid)
        var manifestData = Data()
        try inflate(manifestEntry, of: archive, limit: limits.maximumManifestBytes, invalid: invalid) { manifestData.append($0) }
        let manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: manifestData) } catch {
            throw invalid("unreadable \(manifestName) (\(error))")
        }
        guard manifest.format == 1 else { throw invalid("bundle format \(manifest.format) is newer than this synth") }
        try SafeName.validateLabel(manifest.name)
        guard !manifest.tables.isEmpty, manifest.tables.count <= limits.maximumTables else {
            throw invalid("the manifest must name 1 to \(limits.maximumTables) tables")
        }
        guard Set(manifest.tables).count == manifest.tables.count else { throw invalid("the manifest names a table twice") }
        for table in manifest.tables { try SafeName.validate(table) }
        if let schema = manifest.schema {
            // Keys and foreign keys of flat tables, checked like a new job's schema.
            guard schema.map(\.name) == manifest.tables else { throw invalid("the manifest's schema must list its tables, in order") }
            guard schema.allSatisfy({ $0.isSubject && $0.orderColumn == nil && $0.foreignKeys.count <= 256 }) else {
                throw invalid("the manifest's schema may hold keys and foreign keys of flat tables only")
            }
            do { _ = try JobSchema(tables: schema) } catch let error as SchemaError {
                throw invalid("the manifest's schema: \(error.message)")
            }
        }

        // Every other entry must be one a bundle holds; folders are accepted only where a
        // bundle's files lie (and created by this import, not taken from the ZIP).
        var files: [String: [TableFile: Entry]] = [:]
        var folders: Set<String> = []
        for table in manifest.tables { folders.formUnion(["\(table)/", "\(table)/\(JobFiles.TableFile.model.rawValue)/"]) }
        for (path, entry) in entries where path != manifestName {
            if entry.type == .directory, folders.contains(path) { continue }
            let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard entry.type == .file, parts.count == 2, manifest.tables.contains(String(parts[0])),
                  let file = TableFile(path: String(parts[1]))
            else { throw invalid("unexpected entry '\(SafeName.printable(path))'") }
            files[String(parts[0]), default: [:]][file] = entry
        }
        var modelTables = 0
        var total = Int(manifestEntry.uncompressedSize)
        for table in manifest.tables {
            let held = files[table] ?? [:]
            guard (held[.encoding] == nil) == (held[.model] == nil) else {
                throw invalid("table '\(table)' has only half a model (model.bin and encoding.json go together)")
            }
            if held[.model] != nil { modelTables += 1 }
            if held[.text] != nil, held[.model] == nil { throw invalid("table '\(table)' has text models without a model") }
            for (file, entry) in held {
                let limit = file == .model || file == .text ? limits.maximumModelBytes : limits.maximumDocumentBytes
                try checkDeclaredSize(entry, limit: limit, limits: limits, invalid: invalid)
                total += Int(entry.uncompressedSize)
                guard total <= limits.maximumTotalBytes else { throw invalid("it expands to more than \(limits.maximumTotalBytes) bytes") }
            }
        }
        guard modelTables > 0 else { throw invalid("it holds no trained model") }

        // Extract into a private temporary folder inside the store and check what it holds.
        let jobsFolder = store.home.appendingPathComponent("jobs")
        removeAbandonedImports(in: jobsFolder)
        let temporary = jobsFolder.appendingPathComponent("\(temporaryPrefix)\(UUID().uuidString)")
        try PrivateFiles.makeFolder(at: temporary)
        let extracted = JobFiles(folder: temporary)
        var movedIntoPlace = false
        defer { if !movedIntoPlace { try? FileManager.default.removeItem(at: temporary) } }
        for table in manifest.tables {
            let held = files[table] ?? [:]
            func extract(_ file: TableFile, limit: Int) throws -> URL {
                let url = file.url(in: extracted, table: table)
                let handle = try PrivateFiles.createFile(at: url)
                try inflate(held[file]!, of: archive, limit: limit, invalid: invalid) { try handle.write(contentsOf: $0) }
                try handle.close()
                return url
            }
            if let modelEntry = held[.model] {
                let modelFolder = extracted.url(.model, table: table)
                try PrivateFiles.makeFolder(at: modelFolder)
                let encodingURL = try extract(.encoding, limit: limits.maximumDocumentBytes)
                let encoding: TableEncoding
                do { encoding = try JSONDecoder().decode(TableEncoding.self, from: Data(contentsOf: encodingURL)) } catch {
                    throw invalid("table '\(table)': unreadable encoding.json (\(error))")
                }
                guard let modelLimit = GenerativeModel.maximumFileBytes(subColumns: encoding.subColumns) else {
                    throw invalid("table '\(table)': the encoding's sub-columns are too large for any model")
                }
                guard modelEntry.uncompressedSize <= UInt64(modelLimit) else {
                    throw invalid("table '\(table)': model.bin declares \(modelEntry.uncompressedSize) bytes, more than its encoding allows (\(modelLimit))")
                }
                _ = try extract(.model, limit: min(modelLimit, limits.maximumModelBytes))
                if let textEntry = held[.text] {
                    // Text models (`text.bin`) are bounded by what the encoding's text columns allow.
                    let textLimit = TextModels.maximumFileBytes(subColumns: encoding.subColumns,
                                                                textColumns: encoding.columns.filter { $0.type == .text }.count)
                    guard textEntry.uncompressedSize <= UInt64(textLimit) else {
                        throw invalid("table '\(table)': text.bin declares \(textEntry.uncompressedSize) bytes, more than its encoding allows (\(textLimit))")
                    }
                    _ = try extract(.text, limit: min(textLimit, limits.maximumModelBytes))
                }
                do { _ = try Synthesizer.load(from: modelFolder) } catch {
                    throw invalid("table '\(table)': \(error)")
                }
            }
            if held[.qaJSON] != nil {
                let url = try extract(.qaJSON, limit: limits.maximumDocumentBytes)
                do { _ = try JSONDecoder().decode(QAReport.self, from: Data(contentsOf: url)) } catch {
                    throw invalid("table '\(table)': unreadable qa.json")
                }
            }
            if held[.qaHTML] != nil { _ = try extract(.qaHTML, limit: limits.maximumDocumentBytes) }
        }

        // Only now the job: the checked files move into its new folder (which holds only the
        // job's lock file), one rename each, never replacing anything.
        let job = try store.createJob(name: manifest.name + " (imported)", type: .imported, settings: manifest.settings,
                                      tables: (manifest.schema ?? manifest.tables.map { TableSchema(name: $0) }).map { schema in
                                          var record = JobTableRecord(schema: schema)
                                          record.sourceSHA256 = sourceSHA256
                                          return record
                                      },
                                      tasks: [])
        do {
            let folder = store.folder(ofJob: job.id), jobFiles = store.files(ofJob: job.id)
            for name in try FileManager.default.contentsOfDirectory(atPath: temporary.path) {
                let target = folder.appendingPathComponent(name).path
                guard !FileManager.default.fileExists(atPath: target),
                      rename(temporary.appendingPathComponent(name).path, target) == 0 else {
                    throw JobStoreError.invalidState("cannot move the imported file '\(name)' into '\(folder.path)': \(String(cString: strerror(errno)))")
                }
            }
            try? FileManager.default.removeItem(at: temporary)
            movedIntoPlace = true
            for table in manifest.tables {
                let held = files[table] ?? [:]
                for (entry, file) in [(held[.model], JobFiles.TableFile.model), (held[.qaHTML], .qaHTML)] where entry != nil {
                    try store.addArtifact(job: job.id, kind: file.rawValue, path: jobFiles.url(file, table: table).path)
                }
            }
            try store.log(job: job.id, "imported from \(name)")
            return try store.job(job.id)
        } catch {
            try? store.deleteJob(job.id)
            throw error
        }
    }

    /// Names the temporary folder of an import in progress, in the store's `jobs/` folder.
    static let temporaryPrefix = ".import-"

    /// Removes the temporary folders of imports that were killed (older than an hour).
    private static func removeAbandonedImports(in jobsFolder: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: jobsFolder.path)) ?? []
        for name in names where name.hasPrefix(temporaryPrefix) {
            let url = jobsFolder.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate]) as? Date
            if let modified, modified.timeIntervalSinceNow < -3600 { try? FileManager.default.removeItem(at: url) }
        }
    }

    /// Rejects an entry whose declared size is over `limit` or whose compression ratio is
    /// that of a bomb, before any of it is inflated.
    private static func checkDeclaredSize(_ entry: Entry, limit: Int, limits: ImportLimits,
                                          invalid: (String) -> JobStoreError) throws {
        let path = SafeName.printable(entry.path)
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw invalid("entry '\(path)' expands to \(entry.uncompressedSize) bytes, more than the \(limit) allowed")
        }
        let size = Int(entry.uncompressedSize)
        let ratio = size / max(Int(clamping: entry.compressedSize), 1)
        guard size <= limits.ratioFreeBytes || ratio <= limits.maximumCompressionRatio else {
            throw invalid("entry '\(path)' is compressed \(ratio) to 1, more than \(limits.maximumCompressionRatio) to 1")
        }
    }

    /// Passes an entry's bytes to `sink` chunk by chunk, stopping as soon as they exceed the
    /// declared size or `limit`, and checking the CRC at the end.
    private static func inflate(_ entry: Entry, of archive: Archive, limit: Int, invalid: (String) -> JobStoreError,
                                into sink: (Data) throws -> Void) throws {
        struct Overflow: Error {}
        let path = SafeName.printable(entry.path)
        let declared = Int(min(entry.uncompressedSize, UInt64(Int.max)))
        var count = 0
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, bufferSize: 64 << 10) { chunk in
                count += chunk.count
                guard count <= declared, count <= limit else { throw Overflow() }
                try sink(chunk)
            }
        } catch is Overflow {
            throw invalid("entry '\(path)' holds more bytes than it declares")
        } catch let error as JobStoreError {
            throw error
        } catch {
            throw invalid("entry '\(path)' is damaged (\(error))")
        }
        guard count == declared, checksum == entry.checksum else { throw invalid("entry '\(path)' is damaged (size or checksum mismatch)") }
    }
}
