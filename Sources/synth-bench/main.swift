// synth-bench: measurement entry points used by scripts/bench/*. Prints one JSON line per run.
// SYNTH_BENCH_CSV_CHUNK=BYTES sets the CSV chunk size of csv-read and csv-scan (for experiments).
import Foundation
import SynthData
import SynthEngine

/// Peak resident set size of this process in bytes: `VmHWM` of /proc/self/status, which
/// (unlike `getrusage`'s `ru_maxrss`) does not inherit the high-water mark of the process
/// that forked this one (say, a Python benchmark driver with pyarrow loaded).
func peakRSSBytes() -> Int {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
       let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
       let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
        return kilobytes * 1024
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// CPU seconds (user + system) this process has used.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

/// CSV options for csv-read and csv-scan: the defaults, or the chunk size in
/// `SYNTH_BENCH_CSV_CHUNK` (bytes) for experiments.
func csvOptions() -> CSVReadOptions {
    var options = CSVReadOptions()
    if let chunk = ProcessInfo.processInfo.environment["SYNTH_BENCH_CSV_CHUNK"].flatMap(Int.init) { options.chunkSize = chunk }
    return options
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

let arguments = CommandLine.arguments.dropFirst()
guard let command = arguments.first, let path = arguments.dropFirst().first else {
    FileHandle.standardError.write(Data("""
        usage: synth-bench csv-read FILE [REPEAT [WARMUP]]
               synth-bench csv-scan FILE [REPEAT]
               synth-bench csv-write FILE [REPEAT]
               synth-bench synthesize TRAIN OUT ROWS SEED [goal= size= epochs= time= batch= lr= dropout= decay=
                                                          patience= val= dp=EPSILON flex=BOOL encode=COLUMN:TYPE,...
                                                          stop=budget|validationLoss updates=PARAMETER_STEPS]
               synth-bench conditional DATA SEED_COLUMN TARGET_COLUMN SEED [flex=BOOL goal= size= epochs= time=]
               synth-bench qa SYNTHETIC TRAINING HOLDOUT|- OUT.json [html=FILE] [seed=N]
               synth-bench linked SUBJECTS LINKED KEY CONTEXT_COLUMN ORDER|- OUT_DIR SEED [epochs=N time=S goal=]
               synth-bench linked-qa DIR KEY CONTEXT_COLUMN ORDER|- OUT.json [seed=N] [protect=BOOL]
               synth-bench knn ROWS OUT.json
               synth-bench dp-epsilon SAMPLING_RATE NOISE_MULTIPLIER STEPS DELTA\n
        """.utf8))
    exit(64)
}
let repeats = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 5

do {
    switch command {
    case "csv-read":
        var times: [Double] = []
        var rows = 0, columns = 0
        let options = csvOptions()
        // Untimed warm-up reads (thread pool started, memory mapped), as a peer measured
        // in a long-running process has had.
        let warmUp = arguments.dropFirst(3).first.flatMap { Int($0) } ?? 0
        for _ in 0..<warmUp { _ = try CSVReader.read(path: path, options: options) }
        for _ in 0..<repeats {
            times.append(try seconds {
                let table = try CSVReader.read(path: path, options: options).table
                rows = table.rowCount
                columns = table.columnCount
            })
        }
        print("{\"op\":\"csv-read\",\"file\":\"\(path)\",\"rows\":\(rows),\"columns\":\(columns),\"median_s\":\(median(times)),\"min_s\":\(times.min() ?? 0),\"peak_rss\":\(peakRSSBytes())}")
    case "csv-scan":
        // Streams the file chunk by chunk (as the organizing step does), keeping nothing.
        let options = csvOptions()
        let schema = try CSVReader.inferSchema(path: path, options: options)
        var times: [Double] = []
        var rows = 0, batches = 0
        for _ in 0..<repeats {
            rows = 0
            batches = 0
            times.append(try seconds {
                try CSVReader.scan(path: path, options: options, schema: schema) { batch in
                    rows += batch.rowCount
                    batches += 1
                }
            })
        }
        print("{\"op\":\"csv-scan\",\"file\":\"\(path)\",\"rows\":\(rows),\"batches\":\(batches),\"median_s\":\(median(times)),\"peak_rss\":\(peakRSSBytes())}")
    case "csv-write":
        let table = try CSVReader.read(path: path).table
        let out = NSTemporaryDirectory() + "synth-bench-\(getpid()).csv"
        var times: [Double] = []
        for _ in 0..<repeats { times.append(try seconds { try CSVWriter.write(table, to: out, replace: true) }) }
        try? FileManager.default.removeItem(atPath: out)
        print("{\"op\":\"csv-write\",\"file\":\"\(path)\",\"rows\":\(table.rowCount),\"median_s\":\(median(times)),\"peak_rss\":\(peakRSSBytes())}")
    case "dp-epsilon":
        // dp-epsilon Q SIGMA STEPS DELTA: ε of DP-SGD from synth's RDP accountant (scripts/check-dp-accountant).
        let rest = Array(arguments.dropFirst())
        guard rest.count == 4, let q = Double(rest[0]), let sigma = Double(rest[1]), let steps = Int(rest[2]),
              let delta = Double(rest[3]) else {
            FileHandle.standardError.write(Data("usage: synth-bench dp-epsilon SAMPLING_RATE NOISE_MULTIPLIER STEPS DELTA\n".utf8))
            exit(64)
        }
        let result = RDPAccountant.epsilon(rdp: RDPAccountant.rdp(samplingRate: q, noiseMultiplier: sigma, steps: steps), delta: delta)
        print("{\"op\":\"dp-epsilon\",\"q\":\(q),\"sigma\":\(sigma),\"steps\":\(steps),\"delta\":\(delta),\"epsilon\":\(result.epsilon),\"order\":\(result.order)}")
    case "linked":
        try linkedBenchmark(subjectsPath: path, arguments: Array(arguments.dropFirst(2)))
    case "linked-qa":
        try linkedQA(folder: path, arguments: Array(arguments.dropFirst(2)))
    case "conditional":
        try conditionalCheck(path: path, arguments: Array(arguments.dropFirst(2)))
    case "synthesize":
        // synthesize TRAIN.csv OUT.csv ROWS SEED [key=value ...]: organize, encode, train, generate.
        let rest = Array(arguments.dropFirst(2))
        guard rest.count >= 3, let rows = Int(rest[1]), let seed = UInt64(rest[2]) else {
            FileHandle.standardError.write(Data("usage: synth-bench synthesize TRAIN OUT ROWS SEED [goal=speed size=S|M|L epochs=N]\n".utf8))
            exit(64)
        }
        var settings = ModelSettings(seed: seed)
        var validationShare = 0.1
        var overrides: [String: EncodingType] = [:]
        var textSamplings: [(temperature: Double, topP: Double)] = []
        for option in rest.dropFirst(3) {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "goal": settings.goal = ModelSettings.Goal(rawValue: parts[1]) ?? settings.goal
            case "size": settings.size = ModelSettings.Size(rawValue: parts[1])
            case "epochs": settings.maxEpochs = Int(parts[1])
            case "time": settings.maxTrainingTime = Double(parts[1])
            case "batch": settings.batchSize = Int(parts[1])
            case "lr": settings.learningRate = Double(parts[1])
            case "dropout": settings.dropout = Double(parts[1]) ?? settings.dropout
            case "decay": settings.weightDecay = Double(parts[1]) ?? settings.weightDecay
            case "patience": settings.earlyStoppingPatience = Int(parts[1]) ?? settings.earlyStoppingPatience
            case "stop": settings.stopping = ModelSettings.Stopping(rawValue: parts[1]) ?? settings.stopping
            case "updates": settings.maxParameterSteps = Double(parts[1])
            case "flex": settings.flexibleOrder = parts[1] == "true"
            case "val": validationShare = Double(parts[1]) ?? validationShare
            case "text-sampling":
                // text-sampling=T:P,T:P: also write OUT.tT-pP.csv, the same rows with their texts drawn again
                for pair in parts[1].split(separator: ",") {
                    let values = pair.split(separator: ":").compactMap { Double($0) }
                    guard values.count == 2 else { FileHandle.standardError.write(Data("bad text-sampling \(pair)\n".utf8)); exit(64) }
                    textSamplings.append((values[0], values[1]))
                }
            case "dp":  // dp=EPSILON: DP-SGD within that budget (δ from the row count), no validation rows
                settings.differentialPrivacy = Double(parts[1]).map { DifferentialPrivacySettings(epsilon: $0) }
                validationShare = 0
            case "encode":
                // encode=column:type,column:type
                for pair in parts[1].split(separator: ",") {
                    let nameAndType = pair.split(separator: ":", maxSplits: 1).map(String.init)
                    guard nameAndType.count == 2, let type = EncodingType(name: nameAndType[1]) else {
                        FileHandle.standardError.write(Data("bad encode option \(pair)\n".utf8)); exit(64)
                    }
                    overrides[nameAndType[0]] = type
                }
            default: FileHandle.standardError.write(Data("ignoring unknown option \(parts[0])\n".utf8))
            }
        }
        var organized: OrganizedData?
        let trainCPUStart = processCPUSeconds()
        let organizeSeconds = try seconds {
            organized = try DataOrganizer.organize(csvPath: path, options: OrganizingOptions(validationShare: validationShare, seed: seed))
        }
        guard let organized else { exit(70) }
        var synthesizer: Synthesizer?
        var epochs = 0.0
        let trainSeconds = try seconds {
            synthesizer = try Synthesizer.train(organized, settings: settings, overrides: overrides) { progress in
                if progress.isEpochEnd {
                    epochs = progress.epoch
                    FileHandle.standardError.write(Data(String(format: "epoch %.0f train %.4f val %.4f elapsed %.1fs\n",
                        progress.epoch, progress.trainLoss, progress.valLoss ?? .nan, progress.elapsed).utf8))
                }
            }
        }
        guard let synthesizer else { exit(70) }
        let trainCPUSeconds = processCPUSeconds() - trainCPUStart
        for model in synthesizer.text?.models ?? [] {
            let summary = model.summary
            let loss = summary.validationLoss.map { String(format: "%.4f", $0) } ?? "-"
            FileHandle.standardError.write(Data(("text \(model.column): \(model.parameterCount) parameters, "
                + String(format: "%.2f epochs, ", summary.epochs) + "\(summary.steps) steps, \(summary.tokens) tokens, "
                + "validation loss \(loss) nats/token, \(summary.stopReason), " + String(format: "%.1f s\n", summary.seconds)).utf8))
        }
        var generated: Table?
        let generateCPUStart = processCPUSeconds()
        let generateSeconds = try seconds { generated = try synthesizer.generateTable(rows: rows, seed: seed &+ 1) }
        let generateCPUSeconds = processCPUSeconds() - generateCPUStart
        guard let generated else { exit(70) }
        try CSVWriter.write(generated, to: rest[0], replace: true)
        for sampling in textSamplings {
            let options = GenerationOptions(temperature: sampling.temperature, topP: sampling.topP)
            let refilled = try synthesizer.fillText(generated, seed: seed &+ 1, options: options)
            let path = String(rest[0].dropLast(rest[0].hasSuffix(".csv") ? 4 : 0)) + ".t\(sampling.temperature)-p\(sampling.topP).csv"
            try CSVWriter.write(refilled, to: path, replace: true)
        }
        print("TIMES \(organizeSeconds + trainSeconds) \(generateSeconds) \(trainCPUSeconds)")
        print("{\"op\":\"synthesize\",\"epochs\":\(epochs),\"organize_s\":\(organizeSeconds),\"train_s\":\(trainSeconds),\"train_cpu_s\":\(trainCPUSeconds),\"generate_s\":\(generateSeconds),\"generate_cpu_s\":\(generateCPUSeconds),\"rows\":\(rows),\"best_epoch\":\(synthesizer.model.summary.bestEpoch),\"batch\":\(synthesizer.model.summary.batchSize),\"model_rows\":\(synthesizer.model.summary.trainingRows),\"parameters\":\(synthesizer.model.summary.parameterCount),\"sub_columns\":\(synthesizer.model.subColumns.count),\"dp_epsilon\":\(synthesizer.model.summary.differentialPrivacy.map { String($0.epsilon) } ?? "null"),\"peak_rss\":\(peakRSSBytes())}")
    case "qa":
        // qa SYNTHETIC TRAINING HOLDOUT|- OUT.json [html=FILE] [seed=N]: the QA report as JSON,
        // plus qa_seconds (QAReport.compute and the HTML page) and total_seconds (CSV reads too).
        let rest = Array(arguments.dropFirst(2))
        guard rest.count >= 3 else {
            FileHandle.standardError.write(Data("usage: synth-bench qa SYNTHETIC TRAINING HOLDOUT|- OUT.json [html=FILE] [seed=N]\n".utf8))
            exit(64)
        }
        var options = QAOptions()
        var htmlPath: String?
        for option in rest.dropFirst(3) {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "html": htmlPath = parts[1]
            case "seed": options.seed = UInt64(parts[1]) ?? options.seed
            default: FileHandle.standardError.write(Data("ignoring unknown option \(parts[0])\n".utf8))
            }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let synthetic = try CSVReader.read(path: path).table
        let training = try CSVReader.read(path: rest[0]).table
        let holdout = rest[1] == "-" ? nil : try CSVReader.read(path: rest[1]).table
        var report: QAReport?
        let qaCPUStart = processCPUSeconds()
        let qaSeconds = try seconds {
            report = try QAReport.compute(synthetic: synthetic, training: training, holdout: holdout, options: options)
            if let htmlPath, let report {
                try QAHTMLRenderer.render(report).write(toFile: htmlPath, atomically: true, encoding: .utf8)
            }
        }
        let qaCPUSeconds = processCPUSeconds() - qaCPUStart
        guard let report else { exit(70) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard var json = try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any] else { exit(70) }
        json["qa_seconds"] = qaSeconds
        json["qa_cpu_seconds"] = qaCPUSeconds
        json["total_seconds"] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        json["peak_rss"] = peakRSSBytes()
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: URL(fileURLWithPath: rest[2]))
    case "coherence":
        // coherence SYNTHETIC TRAINING HOLDOUT|- KEY OUT.json [order=COLUMN] [seed=N]: the
        // coherence of a linked table (QASequenceCoherence) as JSON, with `coherence`.
        let rest = Array(arguments.dropFirst(2))
        guard rest.count >= 4 else {
            FileHandle.standardError.write(Data("usage: synth-bench coherence SYNTHETIC TRAINING HOLDOUT|- KEY OUT.json [order=COLUMN] [seed=N]\n".utf8))
            exit(64)
        }
        var order: String?, seed: UInt64 = 42
        for option in rest.dropFirst(4) {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[0] == "order" { order = parts[1] } else if parts[0] == "seed" { seed = UInt64(parts[1]) ?? seed }
        }
        let synthetic = try CSVReader.read(path: path).table
        let training = try CSVReader.read(path: rest[0]).table
        let holdout = rest[1] == "-" ? nil : try CSVReader.read(path: rest[1]).table
        guard let result = try QASequenceCoherence.compute(training: training, holdout: holdout, synthetic: synthetic,
                                                           key: rest[2], orderColumn: order, seed: seed) else {
            FileHandle.standardError.write(Data("no sequence has two rows: not a linked table\n".utf8))
            exit(65)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard var json = try JSONSerialization.jsonObject(with: encoder.encode(result)) as? [String: Any] else { exit(70) }
        json["coherence"] = result.coherence
        json["coherence_max"] = result.coherenceMax
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: URL(fileURLWithPath: rest[3]))
    case "knn":
        // knn ROWS OUT.json: one exact nearest-neighbour search of ROWS random query records
        // against as many data records, 13 dimensions (like diamonds' QA embedding).
        guard let rows = Int(path), rows > 0, let out = arguments.dropFirst(2).first else {
            FileHandle.standardError.write(Data("usage: synth-bench knn ROWS OUT.json\n".utf8))
            exit(64)
        }
        let d = 13
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let data = (0..<(rows * d)).map { _ in next() }, queries = (0..<(rows * d)).map { _ in next() }
        let cpuStart = processCPUSeconds()
        var found = 0
        let wall = seconds { found = QANearestNeighbors.search(data: data, queries: queries, dimensions: d, threads: 2).nearest.count }
        let cpu = processCPUSeconds() - cpuStart
        guard found == rows else { exit(70) }
        let json: [String: Any] = ["rows": rows, "dimensions": d, "seconds": wall, "cpu_seconds": cpu]
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: out))
    default:
        FileHandle.standardError.write(Data("unknown command \(command)\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(70)
}
