import Foundation
import SynthData

/// A folder of CSV and Parquet files (a mounted bucket or share): each file is a table named
/// after the file. Writing puts one file per table, all staged first and renamed into place
/// only when every table is written.
public struct FolderConnector: Connector {
    public static let kind = "folder"
    public static let options = [
        ConnectorOption("path", required: true, help: "the folder"),
        ConnectorOption("format", help: "parquet or csv: the files it writes (default parquet)"),
    ]
    static let readableExtensions = ["csv", "tsv", "parquet", "pq"]

    let name: String
    let path: String
    let format: String

    public init(configuration: ConnectorConfiguration) throws(ConnectorError) {
        name = configuration.name
        path = (try configuration.required("path") as NSString).expandingTildeInPath
        format = configuration.options["format"] ?? "parquet"
        guard ["parquet", "csv"].contains(format) else { throw .invalidOption("format must be parquet or csv, not '\(format)'") }
    }

    private func requireFolder() throws(ConnectorError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreachable("no folder at \(path)")
        }
    }

    /// Table name → file, for the readable files of the folder (the first extension wins).
    func files() throws(ConnectorError) -> [(table: String, file: String)] {
        try requireFolder()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            throw .unreachable("cannot list the folder \(path)")
        }
        var seen = Set<String>()
        var result: [(String, String)] = []
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            let ext = (entry as NSString).pathExtension.lowercased()
            guard Self.readableExtensions.contains(ext) else { continue }
            let table = (entry as NSString).deletingPathExtension
            if seen.insert(table).inserted { result.append((table, (path as NSString).appendingPathComponent(entry))) }
        }
        return result
    }

    public func check() throws(ConnectorError) -> ConnectorCheck {
        let count = try files().count
        let writable = access(path, W_OK) == 0
        return ConnectorCheck(reached: "folder \(path)", readableTables: count, canWrite: writable,
                              writeNote: writable ? nil : "the folder is not writable")
    }

    public func tables() throws(ConnectorError) -> [SourceTableInfo] {
        try files().map { entry throws(ConnectorError) in
            var rows = 0
            do {
                if entry.file.lowercased().hasSuffix("parquet") || entry.file.lowercased().hasSuffix(".pq") {
                    rows = try ParquetReader(streamingFrom: entry.file).rowCount
                } else {
                    try CSVReader.scan(path: entry.file) { rows += $0.rowCount }
                }
            } catch {
                throw .failed("\(entry.file): \(error)")
            }
            return SourceTableInfo(name: entry.table, rowCount: rows)
        }
    }

    public func read(table: String, batchRows: Int, _ body: (Table) throws -> Void) throws {
        let all = try files()
        guard let entry = all.first(where: { $0.table == table }) else {
            throw ConnectorError.noSuchTable(table, available: all.map(\.table))
        }
        if entry.file.lowercased().hasSuffix("parquet") || entry.file.lowercased().hasSuffix(".pq") {
            try ParquetReader(streamingFrom: entry.file).forEachRowGroup { _, group in try body(group) }
        } else {
            try CSVReader.scan(path: entry.file, body: body)
        }
    }

    public func write(_ tables: [DestinationTable], place: String?, replace: Bool, isCanceled: () -> Bool) throws(ConnectorError) {
        if !FileManager.default.fileExists(atPath: path) {
            // A destination folder that does not exist yet is made (owner-only, like synth's own files).
            guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
                throw .unreachable("cannot create the folder \(path): \(String(cString: strerror(errno)))")
            }
        }
        try requireFolder()
        let targets = tables.map { (path as NSString).appendingPathComponent($0.name + "." + format) }
        let clashes = zip(tables, targets).filter { FileManager.default.fileExists(atPath: $0.1) }.map(\.0.name)
        if !clashes.isEmpty, !replace { throw .destinationExists(clashes, place: "folder \(path)") }
        var staged: [String] = []
        do throws(ConnectorError) {
            for (table, target) in zip(tables, targets) {
                if isCanceled() { throw .canceled }
                let staging = (path as NSString).appendingPathComponent(".\(table.name).\(UUID().uuidString).staged.\(format)")
                do {
                    if format == "csv" { try CSVWriter.write(table.table, to: staging) } else { try ParquetWriter.write(table.table, to: staging) }
                } catch {
                    throw .failed("cannot write \(target): \(error)")
                }
                staged.append(staging)
            }
            if isCanceled() { throw .canceled }
        } catch {
            for file in staged { unlink(file) }
            throw error
        }
        for (staging, target) in zip(staged, targets) {
            guard rename(staging, target) == 0 else {
                let reason = String(cString: strerror(errno))
                for file in staged { unlink(file) }
                throw .failed("cannot move \(target) into place: \(reason)")
            }
        }
    }

    public func checkWritable(tables names: [String], place: String?, replace: Bool) throws(ConnectorError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .unreachable("\(path) is not a folder") }
            guard access(path, W_OK | X_OK) == 0 else { throw .failed("cannot write to the folder \(path): \(String(cString: strerror(errno)))") }
            let clashes = names.filter { FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent($0 + "." + format)) }
            if !clashes.isEmpty, !replace { throw .destinationExists(clashes, place: "folder \(path)") }
            return
        }
        // `write` makes the folder itself (not its parents): its parent must be a writable folder.
        let parent = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreachable("cannot create the folder \(path): there is no folder \(parent)")
        }
        guard access(parent, W_OK | X_OK) == 0 else {
            throw .failed("cannot create the folder \(path): \(parent) is not writable (\(String(cString: strerror(errno))))")
        }
    }

    /// Removes the staging files a killed earlier write of `table` left in the folder
    /// (`.TABLE.UUID.staged.FORMAT`; a finished or failed write removes its own). Returns how
    /// many it removed. Only for a table one writer owns, such as a shard's part.
    public func removeStagingFiles(ofTable table: String) -> Int {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return 0 }
        let prefix = ".\(table)."
        var removed = 0
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard rest.count == 36 + ".staged.".count + format.count, rest.hasSuffix(".staged.\(format)"),
                  UUID(uuidString: String(rest.prefix(36))) != nil else { continue }
            if unlink((path as NSString).appendingPathComponent(entry)) == 0 { removed += 1 }
        }
        return removed
    }
}
