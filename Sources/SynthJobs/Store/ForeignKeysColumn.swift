import Foundation
import SynthEngine

/// The `job_tables.foreign_keys_json` column (migration 6): a table's non-context foreign
/// keys as a JSON array; NULL (a job from before foreign keys, or none) reads as none.
enum ForeignKeysColumn {
    /// The text to store: `nil` for no foreign keys.
    static func text(_ keys: [ForeignKey]) throws -> String? {
        keys.isEmpty ? nil : String(decoding: try JSONEncoder.sorted.encode(keys), as: UTF8.self)
    }

    /// The foreign keys stored for a table of job `job`.
    static func foreignKeys(_ text: String?, job: Int) throws -> [ForeignKey] {
        guard let text, !text.isEmpty else { return [] }
        do { return try JSONDecoder().decode([ForeignKey].self, from: Data(text.utf8)) } catch {
            throw JobStoreError.invalidState("job \(job): a table's foreign keys are not readable (\(error.localizedDescription))")
        }
    }
}
