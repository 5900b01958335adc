import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SynthData
@testable import SynthEngine
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

/// Not a unit test: times one nearest-neighbour search of `SYNTH_QA_KNN_ROWS` random query
/// records against as many data records (13 dimensions, like diamonds) for `scripts/bench/qa`,
/// writing `{"rows", "dimensions", "seconds", "cpu_seconds"}` to `SYNTH_QA_KNN_OUTPUT`.
@Suite struct QANearestNeighborTiming {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SYNTH_QA_KNN_OUTPUT"] != nil, "set SYNTH_QA_KNN_* to time a search"))
    func timeSearch() throws {
        let env = ProcessInfo.processInfo.environment
        let rows = Int(env["SYNTH_QA_KNN_ROWS"] ?? "") ?? 50_000
        let d = 13
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let data = (0..<(rows * d)).map { _ in next() }, queries = (0..<(rows * d)).map { _ in next() }
        let cpuStart = processCPUSeconds(), start = Date()
        let result = QANearestNeighbors.search(data: data, queries: queries, dimensions: d, threads: 2)
        let seconds = Date().timeIntervalSince(start), cpu = processCPUSeconds() - cpuStart
        #expect(result.nearest.count == rows)
        let json: [String: Any] = ["rows": rows, "dimensions": d, "seconds": seconds, "cpu_seconds": cpu]
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: try #require(env["SYNTH_QA_KNN_OUTPUT"])))
    }

    func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
