import Foundation
import SynthEngine
import SynthJobs

/// What `watch` shows when a job ends: for a finished job, each table's QA summary
/// (accuracy against its expected maximum, each privacy verdict) and how to see the full
/// report; for a failed job, the failing task's error and the end of the job's log.
enum JobOutcomeSummary {
    /// Log lines shown after a failure.
    static let logTailLines = 8

    static func lines(store: JobStore, job: JobRecord, tasks: [TaskRecord]) -> [String] {
        switch job.status {
        case .finished: return qaLines(store: store, job: job)
        case .failed: return failureLines(store: store, job: job, tasks: tasks)
        default: return []
        }
    }

    static func qaLines(store: JobStore, job: JobRecord) -> [String] {
        guard let tables = try? store.tables(ofJob: job.id) else { return [] }
        let files = store.files(ofJob: job.id)
        var lines: [String] = []
        for table in tables {
            let prefix = tables.count > 1 ? "\(table.name): " : ""
            let noteFile = files.url(.qaNote, table: table.name)
            if let note = try? String(contentsOf: noteFile, encoding: .utf8) {
                lines.append(prefix + "no QA scores: " + note.split(separator: "\n").joined(separator: "; "))
                continue
            }
            guard let data = try? Data(contentsOf: files.url(.qaJSON, table: table.name)),
                  let report = try? JSONDecoder().decode(QAReport.self, from: data) else { continue }
            lines += summary(report, prefix: prefix)
        }
        guard !lines.isEmpty else { return [] }
        return ["QA summary (synthetic, expected max):"] + lines
            + ["Full report: `qa \(job.id)` here, or `report \(job.id) to=\"qa.html\"` for a file."]
    }

    /// A few lines: accuracy levels with their ceilings, then each privacy test's verdict.
    static func summary(_ report: QAReport, prefix: String) -> [String] {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        let a = report.accuracy
        var accuracy = ["overall \(percent(a.overall)) (\(percent(a.overallMax)))",
                        "univariate \(percent(a.univariate)) (\(percent(a.univariateMax)))"]
        if let b = a.bivariate, let bMax = a.bivariateMax { accuracy.append("bivariate \(percent(b)) (\(percent(bMax)))") }
        var lines = ["  " + prefix + "accuracy: " + accuracy.joined(separator: ", ")]
        if let privacy = report.privacy {
            // The verdicts of the full report: PASS/FAIL only when a figure's whole interval is
            // on one side of its threshold, else INCONCLUSIVE.
            let verdicts = privacy.tests.map { "\($0.name) \($0.verdict.label)" }
            let failed = privacy.tests.filter { $0.verdict == .fail }.count
            let open = privacy.tests.filter { $0.verdict == .inconclusive }.count
            var counts: [String] = []
            if failed > 0 { counts.append("\(failed) failed") }
            if open > 0 { counts.append("\(open) inconclusive") }
            lines.append("  " + prefix + "privacy: " + verdicts.joined(separator: ", ")
                         + (counts.isEmpty ? " (all passed)" : " (" + counts.joined(separator: ", ") + ")"))
        } else {
            lines.append("  " + prefix + "privacy: not computed (no holdout rows)")
        }
        return lines
    }

    static func failureLines(store: JobStore, job: JobRecord, tasks: [TaskRecord]) -> [String] {
        var lines: [String] = []
        if let failed = tasks.first(where: { $0.status == .failed }) {
            lines.append("failed task: \(failed.kind.title) (\(failed.tableName))" + (failed.message.map { ": \($0)" } ?? ""))
        }
        if let logs = try? store.logs(ofJob: job.id), !logs.isEmpty {
            lines.append("last lines of the job's log (`logs \(job.id)` shows all):")
            lines += logs.suffix(logTailLines).map { "  " + ($0.task.map { "[\($0.rawValue)] " } ?? "") + $0.message }
        }
        return lines
    }
}
