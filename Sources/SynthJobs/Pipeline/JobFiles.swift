import Foundation
import SynthEngine

/// Names every file a job writes in its folder (`jobs/<id>/`), so no other code spells them.
///
/// Per table: `<table>.<file>` (`TableFile`), with the trained model as the folder
/// `<table>.model/` holding the synthesizer's files (`Synthesizer.StoredFile`). Per job:
/// `package.zip` and the runner's `.lock` (`JobFile`). Table names are `SafeName`s, so every
/// name here is one plain path component.
public struct JobFiles: Sendable, Hashable {
    /// A file (or, for `model`, a folder) a job keeps per table.
    public enum TableFile: String, Sendable, CaseIterable {
        /// The job's own copy of the table it learns from.
        case source = "source.parquet"
        /// The seed rows of a "generate with seed" job.
        case seed = "seed.parquet"
        /// The sampled rows the model trains on, and the rows held out from it.
        case training = "training.parquet"
        case holdout = "holdout.parquet"
        /// The analysis of every source row, and the source's row count.
        case analysis = "analysis.json"
        case sourceSummary = "source.json"
        /// The fitted encoding (the transforming task's output, read by `columns`).
        case encoding = "encoding.json"
        /// The trained model's folder (`Synthesizer.save`).
        case model = "model"
        /// A subject table's generated rows with their hidden sequence columns
        /// (`SequenceColumns`), which its linked tables' generation reads.
        case generatedSubjects = "subjects.parquet"
        /// The generated rows.
        case syntheticCSV = "synthetic.csv"
        case syntheticParquet = "synthetic.parquet"
        /// The QA report, as data and as a self-contained page.
        case qaJSON = "qa.json"
        case qaHTML = "qa.html"
        /// A linked table's sequence figures (`QASequenceReport`: coherence, sequence
        /// lengths, the subject records of the privacy metrics), also inside `qa.json`.
        case coherence = "coherence.json"
        /// Why a QA report has no scores (rows generated from an imported model).
        case qaNote = "qa-note.txt"
        /// The privacy a DP-SGD training spent (`DifferentialPrivacySpent`).
        case privacy = "privacy.json"
        /// The training settings actually used and how training ended (`ResolvedTraining`).
        case resolvedTraining = "training.json"
    }

    /// A file a job keeps once, whatever its tables.
    public enum JobFile: String, Sendable, CaseIterable {
        /// The downloadable ZIP (`JobPackage`).
        case package = "package.zip"
        /// The lock the running process holds (`JobLock`).
        case lock = ".lock"
    }

    /// The job's folder.
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    /// The file name of a table's file in the job folder: `<table>.<file>`.
    public static func name(_ file: TableFile, table: String) -> String { "\(table).\(file.rawValue)" }

    /// The path of a model file below its table, as a share bundle holds it: `model/encoding.json`.
    public static func modelPath(_ file: Synthesizer.StoredFile) -> String { "\(TableFile.model.rawValue)/\(file.rawValue)" }

    /// A table's file.
    public func url(_ file: TableFile, table: String) -> URL {
        folder.appendingPathComponent(Self.name(file, table: table))
    }

    /// A file of a table's trained model.
    public func url(_ file: Synthesizer.StoredFile, ofModel table: String) -> URL {
        url(.model, table: table).appendingPathComponent(file.rawValue)
    }

    /// A per-job file.
    public func url(_ file: JobFile) -> URL { folder.appendingPathComponent(file.rawValue) }
}
