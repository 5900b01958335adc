import Foundation
import SynthData
import SynthEngine

/// `synth-bench conditional DATA.csv SEED_COLUMN TARGET_COLUMN SEED [flex=BOOL goal= size= epochs= time=]`:
/// trains on DATA, generates one row per training row seeded with its SEED_COLUMN value, and
/// prints how TARGET_COLUMN follows the seed: for a numeric target, its mean per seed value
/// (top 12 by rows) in the data, seeded and unseeded; for a categorical target, the share of
/// rows whose generated target equals the real row's (seeded vs unseeded rows paired by seed
/// value). One JSON line at the end.
func conditionalCheck(path: String, arguments rest: [String]) throws {
    guard rest.count >= 3, let seed = UInt64(rest[2]) else {
        FileHandle.standardError.write(Data("usage: synth-bench conditional DATA SEED_COLUMN TARGET_COLUMN SEED [flex=BOOL goal= size= epochs= time=]\n".utf8))
        exit(64)
    }
    let seedColumn = rest[0], targetColumn = rest[1]
    var settings = ModelSettings(seed: seed)
    for option in rest.dropFirst(3) {
        let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { continue }
        switch parts[0] {
        case "flex": settings.flexibleOrder = parts[1] == "true"
        case "goal": settings.goal = ModelSettings.Goal(rawValue: parts[1]) ?? settings.goal
        case "size": settings.size = ModelSettings.Size(rawValue: parts[1])
        case "epochs": settings.maxEpochs = Int(parts[1])
        case "time": settings.maxTrainingTime = Double(parts[1])
        default: FileHandle.standardError.write(Data("ignoring unknown option \(parts[0])\n".utf8))
        }
    }
    let organized = try DataOrganizer.organize(csvPath: path, options: OrganizingOptions(validationShare: 0.1, seed: seed))
    let synthesizer = try Synthesizer.train(organized, settings: settings)
    let data = organized.training
    let seedTable = try data.selecting([seedColumn])
    let seeded = try synthesizer.generate(seed: seedTable, seed: seed &+ 1)
    let unseeded = try synthesizer.generateTable(rows: data.rowCount, seed: seed &+ 2)
    let keys = try data.column(named: seedColumn)
    func key(_ row: Int) -> String { keys.formattedCell(row) ?? "(null)" }
    let target = try data.column(named: targetColumn)
    var result: [String: Any] = ["op": "conditional", "seed_column": seedColumn, "target": targetColumn,
                                 "flexible": settings.flexibleOrder, "rows": data.rowCount]
    print("flexible order: \(settings.flexibleOrder); \(data.rowCount) training rows; target \(targetColumn) given \(seedColumn)")
    if case .string = target.values {
        // Categorical target: rows whose generated target equals the real row's.
        func agreement(_ table: Table, pairedBy order: [Int]) throws -> Double {
            let generated = try table.column(named: targetColumn)
            var same = 0
            for (row, other) in order.enumerated() where generated.formattedCell(other) == target.formattedCell(row) { same += 1 }
            return Double(same) / Double(max(order.count, 1))
        }
        // Unseeded rows are paired with real rows of the same generated seed value where possible.
        let generatedKeys = try unseeded.column(named: seedColumn)
        var pool: [String: [Int]] = [:]
        for row in 0..<unseeded.rowCount { pool[generatedKeys.formattedCell(row) ?? "(null)", default: []].append(row) }
        let pairing = (0..<data.rowCount).map { row in pool[key(row)]?.popLast() ?? row }
        let seededAgreement = try agreement(seeded, pairedBy: Array(0..<data.rowCount))
        let unseededAgreement = try agreement(unseeded, pairedBy: pairing)
        print(String(format: "same %@ as the real row: seeded %.3f, unseeded (paired by %@) %.3f", targetColumn, seededAgreement,
                     seedColumn, unseededAgreement))
        result["seeded_agreement"] = seededAgreement
        result["unseeded_agreement"] = unseededAgreement
    } else {
        func means(_ table: Table) throws -> [String: Double] {
            let values = try table.column(named: targetColumn), groups = try table.column(named: seedColumn)
            var sums: [String: (Double, Int)] = [:]
            for row in 0..<table.rowCount where !values.isNull(row) {
                guard let x = values.formattedCell(row).flatMap(Double.init) else { continue }
                let k = groups.formattedCell(row) ?? "(null)"
                sums[k, default: (0, 0)].0 += x
                sums[k, default: (0, 0)].1 += 1
            }
            return sums.mapValues { $0.0 / Double(max($0.1, 1)) }
        }
        let real = try means(data), withSeed = try means(seeded), withoutSeed = try means(unseeded)
        var counts: [String: Int] = [:]
        for row in 0..<data.rowCount { counts[key(row), default: 0] += 1 }
        let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(12).map(\.key)
        print("\(seedColumn.padding(toLength: 20, withPad: " ", startingAt: 0))      rows        data      seeded    unseeded")
        var rows: [[String: Any]] = []
        var seededError = 0.0, unseededError = 0.0
        for k in top {
            let r = real[k] ?? .nan, s = withSeed[k] ?? .nan, u = withoutSeed[k] ?? .nan
            print(String(format: "%@ %9d %11.1f %11.1f %11.1f", k.padding(toLength: 20, withPad: " ", startingAt: 0), counts[k] ?? 0, r, s, u))
            rows.append(["value": k, "rows": counts[k] ?? 0, "data": r, "seeded": s, "unseeded": u])
            if s.isFinite { seededError += abs(s - r) * Double(counts[k] ?? 0) }
            if u.isFinite { unseededError += abs(u - r) * Double(counts[k] ?? 0) }
        }
        let total = Double(top.reduce(0) { $0 + (counts[$1] ?? 0) })
        print(String(format: "row-weighted mean |error|: seeded %.1f, unseeded %.1f", seededError / total, unseededError / total))
        result["groups"] = rows
        result["seeded_mean_abs_error"] = seededError / total
        result["unseeded_mean_abs_error"] = unseededError / total
    }
    print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
}
