/// A failed SQLite call: the result code, SQLite's message and what synth was doing.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The primary SQLite result code (e.g. 5 = SQLITE_BUSY, 19 = SQLITE_CONSTRAINT).
    public var code: Int32
    public var message: String
    public var context: String

    public var description: String { "store error (\(context)): \(message) [sqlite \(code)]" }
}
