import Foundation
import SynthEngine

/// The privacy a DP-SGD training spent, kept beside its model as `JobFiles.TableFile.privacy`, so
/// `job J` and the QA report show it without loading the model.
extension DifferentialPrivacySpent {
    /// The figures in `url`, or `nil` when there is no such file (training without DP).
    static func read(from url: URL) throws -> DifferentialPrivacySpent? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(DifferentialPrivacySpent.self, from: Data(contentsOf: url))
    }
}

extension JobStore {
    /// The privacy spent training `table` of job `id` (or of the job it generates from);
    /// `nil` when the model was not trained with differential privacy or is not trained yet.
    public func differentialPrivacySpent(ofJob id: Int, table: String) throws -> DifferentialPrivacySpent? {
        if let spent = try DifferentialPrivacySpent.read(from: files(ofJob: id).url(.privacy, table: table)) { return spent }
        guard let parent = try job(id).parentJobID else { return nil }
        return try DifferentialPrivacySpent.read(from: files(ofJob: parent).url(.privacy, table: table))
    }
}
