import Foundation
import Testing
@testable import SynthEngine

#if canImport(Glibc)
import Glibc
#endif

/// Release-mode micro benchmark of training and generation, skipped unless
/// `SYNTH_MODEL_BENCH=1` (run it with `scripts/bench/model-micro`).
///
/// Data: a diamonds-shaped synthetic table (43,152 + 10,788 rows, 33 sub-columns), or the
/// codes in `SYNTH_MODEL_BENCH_CODES` (a text file: names line, cardinalities line, column
/// indices line, then one row of codes per line, comma-separated; the last 20% of rows are
/// validation). With `SYNTH_MODEL_BENCH_OUT`, the generated codes are written there in the
/// same format. `SYNTH_MODEL_BENCH_EPOCHS`, `_SIZE` (S/M/L), `_FLEX` (1), `_DROPOUT`,
/// `_BATCH`, `_LR`, `_GOAL` override settings.
@Suite struct ModelBenchmarkTests {
    static let env = ProcessInfo.processInfo.environment

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func readCodes(_ path: String) throws -> EncodedTable {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        guard let names = lines.next(), let cards = lines.next(), let cols = lines.next() else {
            throw ModelError.invalidSetting("codes file needs three header lines")
        }
        let nameList = names.split(separator: ",").map(String.init)
        let cardList = cards.split(separator: ",").compactMap { Int($0) }
        let colList = cols.split(separator: ",").compactMap { Int($0) }
        let subs = (0..<nameList.count).map { SubColumnInfo(name: nameList[$0], cardinality: cardList[$0], columnIndex: colList[$0]) }
        var codes = [Int32]()
        var rows = 0
        while let line = lines.next() {
            for f in line.split(separator: ",") { codes.append(Int32(f) ?? 0) }
            rows += 1
        }
        return EncodedTable(subColumns: subs, rowCount: rows, codes: codes)
    }

    static func writeCodes(_ table: EncodedTable, to path: String) throws {
        var s = table.subColumns.map(\.name).joined(separator: ",") + "\n"
        s += table.subColumns.map { String($0.cardinality) }.joined(separator: ",") + "\n"
        s += table.subColumns.map { String($0.columnIndex) }.joined(separator: ",") + "\n"
        for r in 0..<table.rowCount {
            s += (0..<table.width).map { String(table.code(row: r, subColumn: $0)) }.joined(separator: ",") + "\n"
        }
        try s.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test(.enabled(if: env["SYNTH_MODEL_BENCH"] != nil))
    func benchmarkTrainingAndGeneration() throws {
        let all: EncodedTable
        if let path = Self.env["SYNTH_MODEL_BENCH_CODES"] {
            all = try Self.readCodes(path)
        } else {
            all = ModelTestData.diamondsShaped(rows: 53_940, seed: 1)
        }
        let trainRows = all.rowCount * 4 / 5
        let training = all.gatheringRows(Array(0..<trainRows))
        let validation = all.gatheringRows(Array(trainRows..<all.rowCount))
        var settings = ModelSettings(goal: Self.env["SYNTH_MODEL_BENCH_GOAL"] == "speed" ? .speed : .accuracy, seed: 42)
        if let e = Self.env["SYNTH_MODEL_BENCH_EPOCHS"].flatMap(Int.init) { settings.maxEpochs = e }
        if let s = Self.env["SYNTH_MODEL_BENCH_SIZE"].flatMap(ModelSettings.Size.init(rawValue:)) { settings.size = s }
        if Self.env["SYNTH_MODEL_BENCH_FLEX"] == "1" { settings.flexibleOrder = true }
        if let d = Self.env["SYNTH_MODEL_BENCH_DROPOUT"].flatMap(Double.init) { settings.dropout = d }
        if let b = Self.env["SYNTH_MODEL_BENCH_BATCH"].flatMap(Int.init) { settings.batchSize = b }
        if let l = Self.env["SYNTH_MODEL_BENCH_LR"].flatMap(Double.init) { settings.learningRate = l }
        let arch = ModelArchitecture.make(subColumns: all.subColumns, size: settings.effectiveSize)
        let flopsPerRow = 6.0 * Double(arch.inputWidth * arch.hiddenWidth
            + zip(arch.hiddenDims, arch.cardinalities).map { $0 * $1 }.reduce(0, +))
        print("bench: \(training.rowCount) training rows, \(validation.rowCount) validation rows, "
            + "\(all.width) sub-columns, D=\(arch.inputWidth) H=\(arch.hiddenWidth) C=\(arch.logitWidth), "
            + "\(arch.parameterCount) parameters, size \(settings.effectiveSize.rawValue), OpenBLAS core \(BLAS.coreName)")
        var lastEnd = 0.0
        let cpu0 = Self.cpuSeconds()
        let wall0 = ModelTrainer.now()
        let model = try GenerativeModel.train(training: training, validation: validation, settings: settings,
                                              progress: { p in
            guard p.isEpochEnd else { return }
            let epochSeconds = p.elapsed - lastEnd
            lastEnd = p.elapsed
            print(String(format: "bench: epoch %3.0f  train %.4f  val %.4f  lr %.5f  %.2f s  (%.1f GFLOP/s net)",
                         p.epoch, p.trainLoss, p.valLoss ?? .nan, p.learningRate, epochSeconds,
                         flopsPerRow * Double(training.rowCount) / epochSeconds / 1e9))
        })
        let wall = ModelTrainer.now() - wall0
        let cpu = Self.cpuSeconds() - cpu0
        print(String(format: "bench: trained %.1f epochs (best %d, %@) in %.2f s wall, %.2f s CPU; best val loss %.4f",
                     model.summary.epochs, model.summary.bestEpoch, model.summary.stopReason.rawValue, wall, cpu,
                     model.summary.bestValidationLoss ?? .nan))
        let g0 = ModelTrainer.now(), gc0 = Self.cpuSeconds()
        var generated = 0
        var sink = [Int32]()
        let keep = Self.env["SYNTH_MODEL_BENCH_OUT"] != nil
        try model.generate(rows: training.rowCount, seed: 7, chunkSize: 8192) { chunk in
            generated += chunk.rowCount
            if keep { sink += chunk.codes }
        }
        let gWall = ModelTrainer.now() - g0, gCPU = Self.cpuSeconds() - gc0
        print(String(format: "bench: generated %d rows in %.3f s wall (%.0f rows/s), %.3f s CPU", generated, gWall,
                     Double(generated) / gWall, gCPU))
        if let out = Self.env["SYNTH_MODEL_BENCH_OUT"] {
            try Self.writeCodes(EncodedTable(subColumns: all.subColumns, rowCount: generated, codes: sink), to: out)
        }
        #expect(generated == training.rowCount)
    }
}
