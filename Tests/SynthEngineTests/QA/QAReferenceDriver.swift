import Foundation
import SynthData
import SynthEngine
import Testing

/// Not a unit test: the entry point `scripts/check-qa-vs-mostlyai-qa` and `scripts/bench/qa`
/// use to score CSV files with synth (until the REPL's `qa` command can be scripted). Runs
/// only when `SYNTH_QA_SYNTHETIC`, `SYNTH_QA_TRAINING` and `SYNTH_QA_OUTPUT` are set
/// (`SYNTH_QA_HOLDOUT` optional); writes the report as JSON plus `qa_seconds` (time of
/// `QAReport.compute`, plus the HTML page when `SYNTH_QA_HTML` names a file for it) and
/// `total_seconds` (reading the CSVs included).
@Suite struct QAReferenceDriver {
    static let environment = ProcessInfo.processInfo.environment

    @Test(.enabled(if: environment["SYNTH_QA_OUTPUT"] != nil, "set SYNTH_QA_* to score CSV files"))
    func scoreFilesFromEnvironment() throws {
        let env = Self.environment
        let output = try #require(env["SYNTH_QA_OUTPUT"])
        let start = Date()
        let synthetic = try CSVReader.read(path: try #require(env["SYNTH_QA_SYNTHETIC"])).table
        let training = try CSVReader.read(path: try #require(env["SYNTH_QA_TRAINING"])).table
        let holdout = try env["SYNTH_QA_HOLDOUT"].map { try CSVReader.read(path: $0).table }
        var options = QAOptions()
        if let seed = env["SYNTH_QA_SEED"].flatMap(UInt64.init) { options.seed = seed }
        let qaStart = Date()
        let report = try QAReport.compute(synthetic: synthetic, training: training, holdout: holdout, options: options)
        if let html = env["SYNTH_QA_HTML"] {
            try QAHTMLRenderer.render(report).write(toFile: html, atomically: true, encoding: .utf8)
        }
        let qaSeconds = Date().timeIntervalSince(qaStart)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var json = try #require(try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any])
        json["qa_seconds"] = qaSeconds
        json["total_seconds"] = Date().timeIntervalSince(start)
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: URL(fileURLWithPath: output))
    }
}
