// Streams a CSV through the analysis (or the whole organizing pass) and prints rows/s and
// the process's peak RSS. Usage: analysis-runner FILE.csv [--organize MAX_TRAINING_ROWS]
// With --encode, reads the file into memory and times fit, encode and decode instead.
import Foundation
import SynthData
import SynthEngine

/// Peak resident set size of this process in KiB (VmHWM from /proc/self/status).
func peakRSSKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: analysis-runner FILE.csv [--organize MAX_TRAINING_ROWS]\n".utf8))
    exit(64)
}
let path = arguments[1]
if arguments.count >= 3, arguments[2] == "--encode" {
    do {
        var t = Date()
        let table = try CSVReader.read(path: path).table
        let read = Date().timeIntervalSince(t)
        t = Date()
        let encoding = try TableEncoder.fit(table: table, seed: 0)
        let fit = Date().timeIntervalSince(t)
        t = Date()
        let encoded = try encoding.encode(table)
        let encode = Date().timeIntervalSince(t)
        t = Date()
        let decoded = try encoding.decode(encoded, seed: 0)
        let decode = Date().timeIntervalSince(t)
        print("rows: \(table.rowCount), columns: \(table.columnCount), sub-columns: \(encoded.width), decoded rows: \(decoded.rowCount)")
        print(String(format: "read %.2fs, fit (with analysis) %.2fs, encode %.2fs (%.0f rows/s), decode %.2fs (%.0f rows/s)",
                     read, fit, encode, Double(table.rowCount) / encode, decode, Double(table.rowCount) / decode))
        print("peak_rss_kib: \(peakRSSKiB())")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(70)
    }
}
let organizeRows = arguments.count >= 4 && arguments[2] == "--organize" ? Int(arguments[3]) : nil
let start = Date()
do {
    let analysis: TableAnalysis
    if let organizeRows {
        let organized = try DataOrganizer.organize(csvPath: path, options: OrganizingOptions(maxTrainingRows: organizeRows, seed: 1))
        analysis = organized.analysis
        print("sample: \(organized.training.rowCount) training + \(organized.validation.rowCount) validation rows")
    } else {
        analysis = try TableAnalyzer.analyze(csvPath: path)
    }
    let seconds = Date().timeIntervalSince(start)
    for column in analysis.columns {
        print("\(column.name): \(column.dataType) unique=\(column.uniqueCountIsExact ? "" : "~")\(column.uniqueCount) nulls=\(column.nullCount)"
              + " min=\(column.min.map { String($0) } ?? "-") max=\(column.max.map { String($0) } ?? "-")"
              + " p50=\(column.quantile(0.5).map { String($0) } ?? "-") key=\(column.isUniqueIdentifier)"
              + (column.datetimeText.map { " datetime=\($0.pattern)" } ?? ""))
    }
    print("rows: \(analysis.rowCount)")
    print(String(format: "seconds: %.2f", seconds))
    print(String(format: "rows_per_second: %.0f", Double(analysis.rowCount) / seconds))
    print("peak_rss_kib: \(peakRSSKiB())")
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(70)
}
