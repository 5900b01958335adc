import Foundation
import SynthConnectors
import SynthEngine

/// Where a job writes its synthetic tables: a stored connector (`NAME`, or `NAME.SCHEMA` for
/// PostgreSQL) or a folder given by its path (any text with a `/`: `./out`, `/mnt/share/out`),
/// written as Parquet files like a folder connector.
public enum JobDestination: Sendable, Hashable, CustomStringConvertible {
    case connector(name: String, place: String?)
    case folder(path: String)

    /// Parses the destination as `write`, `train … destination=` and `generate … to=` take it.
    public init(_ text: String) {
        if text.contains("/") {
            self = .folder(path: text)
        } else if let dot = text.firstIndex(of: ".") {
            self = .connector(name: String(text[..<dot]), place: String(text[text.index(after: dot)...]))
        } else {
            self = .connector(name: text, place: nil)
        }
    }

    public var description: String {
        switch self {
        case .connector(let name, let place): place.map { "\(name).\($0)" } ?? name
        case .folder(let path): path
        }
    }

    /// The place inside the connector (a PostgreSQL schema), if any.
    public var place: String? {
        if case .connector(_, let place) = self { return place }
        return nil
    }

    /// The connector it names, opened: a stored one from `store`, or a folder connector.
    public func open(in store: JobStore) throws -> any Connector {
        switch self {
        case .connector(let name, _):
            let record = try store.connector(named: name)
            return try ConnectorKinds.open(try ConnectorConfiguration.stored(name: record.name, kind: record.kind,
                                                                             optionsJSON: record.optionsJSON))
        case .folder(let path):
            return try FolderConnector(configuration: ConnectorConfiguration(name: path, kind: FolderConnector.kind, options: ["path": path]))
        }
    }

    /// Checks before a job starts that its tables `tables` can be written here (the connector
    /// exists and is reachable, the folder, file or schema is writable or can be made, and,
    /// unless `replace`, none of the tables is there yet), so a job whose write would fail
    /// is refused before training rather than failing at its last task.
    public func checkWritable(in store: JobStore, tables: [String], replace: Bool) throws {
        try open(in: store).checkWritable(tables: tables, place: place, replace: replace)
    }

    /// The name shard `shard` of table `table` gets at a destination, so shards never collide:
    /// `flights.part-00003-of-00016` in a folder (`….parquet`), `flights_part_00003_of_00016`
    /// in a database (one table per shard).
    public static func shardTableName(_ table: String, shard: GenerationShard, inFolder: Bool) -> String {
        let index = String(format: "%05d", shard.index), count = String(format: "%05d", shard.count)
        return inFolder ? "\(table).part-\(index)-of-\(count)" : "\(table)_part_\(index)_of_\(count)"
    }
}
