// synth-bench: measurement entry points used by scripts/bench/*. Prints one JSON line per run.
import Foundation
import SynthData

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
    default:
        FileHandle.standardError.write(Data("unknown command \(command)\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(70)
}
