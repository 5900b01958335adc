import Foundation

/// Names read from files (a bundle's manifest, a store's records) that become parts of file
/// names in a job folder: each must be one plain path component, so that
/// `jobs/<id>/<table>.model` can never name anything outside `jobs/<id>/`.
public enum SafeName {
    /// The longest name accepted, in UTF-8 bytes; file names add a suffix such as
    /// `.training.parquet` and must stay under the 255-byte limit of file systems.
    public static let maximumBytes = 200

    /// Returns `name` if it is a plain name: not empty, not `.` or `..`, no `/`, `\`, NUL or
    /// other control characters, at most `maximumBytes` long. Otherwise throws
    /// `JobStoreError.invalidState` naming what (`kind`, e.g. "table name") is wrong.
    @discardableResult
    public static func validate(_ name: String, kind: String = "table name") throws -> String {
        func reject(_ why: String) -> JobStoreError {
            .invalidState("\(kind) '\(printable(name))' is not allowed: \(why)")
        }
        guard !name.isEmpty else { throw reject("it is empty") }
        guard name != ".", name != ".." else { throw reject("it names a folder, not a file") }
        guard name.utf8.count <= maximumBytes else { throw reject("it is longer than \(maximumBytes) bytes") }
        guard !name.contains("/"), !name.contains("\\") else { throw reject("it contains a path separator") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw reject("it contains control characters")
        }
        return name
    }

    /// Returns `label` if it can be shown as a name (a job's name): at most `maximumBytes`
    /// long, no control characters (which a terminal would interpret). Unlike a table name it
    /// may contain `/`, since it never becomes part of a path.
    @discardableResult
    public static func validateLabel(_ label: String, kind: String = "job name") throws -> String {
        guard label.utf8.count <= maximumBytes else {
            throw JobStoreError.invalidState("\(kind) '\(printable(label))' is not allowed: it is longer than \(maximumBytes) bytes")
        }
        guard !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw JobStoreError.invalidState("\(kind) '\(printable(label))' is not allowed: it contains control characters")
        }
        return label
    }

    /// `name` with control characters shown as `?` and cut to a readable length, for messages.
    static func printable(_ name: String) -> String {
        let shown = String(String.UnicodeScalarView(name.unicodeScalars.prefix(80).map {
            $0.properties.generalCategory == .control ? "?" : $0
        }))
        return name.unicodeScalars.count > 80 ? shown + "…" : shown
    }
}
