// synth-bench: measurement entry points used by scripts/bench/*. Prints one JSON line per run.
import Foundation
import SynthData
import SynthEngine

/// Peak resident set size of this process in bytes.
func peakRSSBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

let arguments = CommandLine.arguments.dropFirst()
guard let command = arguments.first, let path = arguments.dropFirst().first else {
    FileHandle.standardError.write(Data("usage: synth-bench csv-read|csv-write FILE [REPEAT]\n".utf8))
    exit(64)
}
let repeats = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 5

do {
    switch command {
    case "csv-read":
        var times: [Double] = []
        var rows = 0, columns = 0
        for _ in 0..<repeats {
            times.append(try seconds {
                let table = try CSVReader.read(path: path).table
                rows = table.rowCount
                columns = table.columnCount
            })
        }
        print("{\"op\":\"csv-read\",\"file\":\"\(path)\",\"rows\":\(rows),\"columns\":\(columns),\"median_s\":\(median(times)),\"peak_rss\":\(peakRSSBytes())}")
    case "csv-write":
        let table = try CSVReader.read(path: path).table
        let out = NSTemporaryDirectory() + "synth-bench-\(getpid()).csv"
        var times: [Double] = []
        for _ in 0..<repeats { times.append(try seconds { try CSVWriter.write(table, to: out) }) }
        try? FileManager.default.removeItem(atPath: out)
        print("{\"op\":\"csv-write\",\"file\":\"\(path)\",\"rows\":\(table.rowCount),\"median_s\":\(median(times)),\"peak_rss\":\(peakRSSBytes())}")
    case "synthesize":
        // synthesize TRAIN.csv OUT.csv ROWS SEED [key=value ...]: organize, encode, train, generate.
        let rest = Array(arguments.dropFirst(2))
        guard rest.count >= 3, let rows = Int(rest[1]), let seed = UInt64(rest[2]) else {
            FileHandle.standardError.write(Data("usage: synth-bench synthesize TRAIN OUT ROWS SEED [goal=speed size=S|M|L epochs=N]\n".utf8))
            exit(64)
        }
        var settings = ModelSettings(seed: seed)
        for option in rest.dropFirst(3) {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "goal": settings.goal = ModelSettings.Goal(rawValue: parts[1]) ?? settings.goal
            case "size": settings.size = ModelSettings.Size(rawValue: parts[1])
            case "epochs": settings.maxEpochs = Int(parts[1])
            case "time": settings.maxTrainingTime = Double(parts[1])
            case "batch": settings.batchSize = Int(parts[1])
            default: FileHandle.standardError.write(Data("ignoring unknown option \(parts[0])\n".utf8))
            }
        }
        var organized: OrganizedData?
        let organizeSeconds = try seconds {
            organized = try DataOrganizer.organize(csvPath: path, options: OrganizingOptions(validationShare: 0.1, seed: seed))
        }
        guard let organized else { exit(70) }
        var synthesizer: Synthesizer?
        var epochs = 0.0
        let trainSeconds = try seconds {
            synthesizer = try Synthesizer.train(organized, settings: settings) { progress in
                if progress.isEpochEnd {
                    epochs = progress.epoch
                    FileHandle.standardError.write(Data(String(format: "epoch %.0f train %.4f val %.4f elapsed %.1fs\n",
                        progress.epoch, progress.trainLoss, progress.valLoss ?? .nan, progress.elapsed).utf8))
                }
            }
        }
        guard let synthesizer else { exit(70) }
        var generated: Table?
        let generateSeconds = try seconds { generated = try synthesizer.generateTable(rows: rows, seed: seed &+ 1) }
        guard let generated else { exit(70) }
        try CSVWriter.write(generated, to: rest[0])
        print("TIMES \(organizeSeconds + trainSeconds) \(generateSeconds)")
        print("{\"op\":\"synthesize\",\"epochs\":\(epochs),\"organize_s\":\(organizeSeconds),\"train_s\":\(trainSeconds),\"generate_s\":\(generateSeconds),\"rows\":\(rows),\"peak_rss\":\(peakRSSBytes())}")
    default:
        FileHandle.standardError.write(Data("unknown command \(command)\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(70)
}
