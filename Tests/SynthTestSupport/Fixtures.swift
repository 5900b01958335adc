import Foundation

/// Locations of test inputs: the repo's own fixtures and the shared data beside the repo.
public enum Fixtures {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `../shared/data` beside the repo, or `$SYNTH_SHARED_DATA` when set.
    public static let sharedData: URL = {
        if let custom = ProcessInfo.processInfo.environment["SYNTH_SHARED_DATA"] {
            return URL(fileURLWithPath: custom)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

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
