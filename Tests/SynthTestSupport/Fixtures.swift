import Foundation

/// Locations of test inputs. Tests read the repo's own fixtures (`Tests/Fixtures`), so the
/// suite passes in a clone with nothing beside it; only `sharedData` (benchmark-style checks,
/// enabled when it exists) reads the shared data beside the repo.
public enum Fixtures {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `Tests/Fixtures` in the repo.
    public static let root: URL = packageRoot.appendingPathComponent("Tests/Fixtures")

    /// Path of a table in `Tests/Fixtures/data` (small copies of the shared sample tables).
    public static func data(_ name: String) -> String { root.appendingPathComponent("data").appendingPathComponent(name).path }

    /// Path of a file in `Tests/Fixtures/parquet` (pyarrow-written files of every codec and layout).
    public static func parquet(_ name: String) -> String { root.appendingPathComponent("parquet").appendingPathComponent(name).path }

    /// Writes a CSV of about `megabytes` MB (the flights fixture's rows repeated) into
    /// `directory` and returns its path: an input whose load outlasts a signal sent to it.
    public static func largeFlightsCSV(megabytes: Int, in directory: URL) throws -> String {
        let flights = try Data(contentsOf: URL(fileURLWithPath: data("nycflights13_flights.csv")))
        let body = flights[((flights.firstIndex(of: UInt8(ascii: "\n")) ?? 0) + 1)...]
        var text = flights
        while text.count < megabytes * 1_000_000 { text.append(body) }
        let url = directory.appendingPathComponent("flights-\(megabytes)MB.csv")
        try text.write(to: url)
        return url.path
    }

    /// `../shared/data` beside the repo, or `$SYNTH_SHARED_DATA` when set. Read only by
    /// checks of documents against the full shared tables, which are skipped without it.
    public static let sharedData: URL = {
        if let custom = ProcessInfo.processInfo.environment["SYNTH_SHARED_DATA"] {
            return URL(fileURLWithPath: custom)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    /// Whether the shared data exists beside the repo.
    public static var hasSharedData: Bool { FileManager.default.fileExists(atPath: sharedData.path) }

    /// Path of a file in `../shared/data`.
    public static func shared(_ name: String) -> String { sharedData.appendingPathComponent(name).path }

    /// A fresh temporary directory, removed by the caller when done.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synth-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a new temporary file and returns its path.
    public static func writeTemporary(_ text: String, name: String = "input.csv") throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
