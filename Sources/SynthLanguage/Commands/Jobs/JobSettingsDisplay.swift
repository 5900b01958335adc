import Foundation
import SynthEngine
import SynthJobs

/// The `settings:` part of `job J`: the values the job actually used (resolved from the
/// goal preset and the data size by the training task, `ResolvedTraining`), not "auto".
enum JobSettingsDisplay {
    static func lines(_ record: JobRecord, store: JobStore) throws -> [String] {
        let s = record.settings
        let model = s.modelSettings
        var lines = ["  settings:",
                     "    goal: \(s.goal.rawValue) · seed: \(s.seed) · value protection: \(s.valueProtection ? "on" : "off")"]
        for table in try store.tables(ofJob: record.id) {
            let prefix = try store.tables(ofJob: record.id).count > 1 ? "    \(table.name): " : "    "
            guard let resolved = trainingRecord(record, table: table.name, store: store) else {
                // Not trained yet: what the settings fix before the data size is known.
                lines.append(prefix + "model size: \(model.effectiveSize.rawValue) · epochs: at most \(model.effectiveMaxEpochs)"
                             + " · time limit: \(JobCommands.seconds(model.effectiveMaxTrainingTime))")
                lines.append(prefix + "training rows, batch size, learning rate: \(s.maxTrainingRows.map { "at most \($0) rows; " } ?? "")"
                             + "set from the data when training starts")
                continue
            }
            var rows = "training rows: \(resolved.trainingRows)"
            if let source = resolved.sourceRows { rows += " of \(source) source rows" }
            if let holdout = resolved.holdoutRows { rows += " (\(holdout) held out for QA)" }
            rows += "; the model steps on \(resolved.modelTrainingRows)"
            if resolved.validationRows > 0 { rows += ", \(resolved.validationRows) pick the best epoch" }
            lines.append(prefix + rows)
            var epochs = "model size: \(resolved.modelSize) · epochs: "
            if let run = resolved.epochsRun {
                epochs += "\(formatEpochs(run)) run of at most \(resolved.maxEpochs)"
                if let best = resolved.bestEpoch, best > 0 { epochs += " (best: \(best))" }
            } else {
                epochs += "at most \(resolved.maxEpochs) (training)"
            }
            lines.append(prefix + epochs)
            var limits = "batch size: \(resolved.batchSize) · learning rate: \(formatRate(resolved.learningRate))"
                + " · time limit: \(JobCommands.seconds(resolved.maxSeconds))"
            if let seconds = resolved.seconds { limits += " (used \(JobCommands.seconds(seconds)))" }
            lines.append(prefix + limits)
            if let reason = resolved.stopReasonText { lines.append(prefix + "training ended: \(reason)") }
        }
        let generated: String
        if let rows = s.generatedRows, let shard = s.shard, let range = s.shardRowRange {
            generated = "\(range.count) (\(shard): " + (range.isEmpty ? "none" : "rows \(range.lowerBound + 1)–\(range.upperBound)")
                + " of \(rows))"
        } else if s.tableSettings?.values.contains(where: { $0.generatedRows != nil }) == true {
            // A catalog's per-table counts; a linked table's rows follow its subjects.
            generated = try store.tables(ofJob: record.id).filter { $0.context == nil }.map { table in
                "\(table.name) " + (s.forTable(table.name).generatedRows.map(String.init) ?? "as many as the source")
            }.joined(separator: ", ")
        } else if let rows = s.generatedRows {
            generated = String(rows)
        } else if let source = sourceRows(record, store: store) {
            generated = "\(source) (as many as the source)"
        } else {
            generated = "as many as the source"
        }
        lines.append("    generated rows: \(generated)")
        return lines
    }

    /// The job's own `training.json` for `table`, else its parent's (a generate job uses its
    /// parent's model).
    static func trainingRecord(_ record: JobRecord, table: String, store: JobStore) -> ResolvedTraining? {
        for id in [record.id] + (record.parentJobID.map { [$0] } ?? []) {
            let url = store.files(ofJob: id).url(.resolvedTraining, table: table)
            if let data = try? Data(contentsOf: url), let resolved = try? JSONDecoder().decode(ResolvedTraining.self, from: data) {
                return resolved
            }
        }
        return nil
    }

    static func sourceRows(_ record: JobRecord, store: JobStore) -> Int? {
        guard let table = try? store.tables(ofJob: record.id).first else { return nil }
        for id in [record.id] + (record.parentJobID.map { [$0] } ?? []) {
            let url = store.folder(ofJob: id).appendingPathComponent("\(table.name).source.json")
            if let data = try? Data(contentsOf: url), let counts = try? JSONDecoder().decode([String: Int].self, from: data),
               let rows = counts["sourceRows"] {
                return rows
            }
        }
        return nil
    }

    static func formatEpochs(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func formatRate(_ value: Double) -> String {
        String(format: "%.3g", value)
    }
}
