import Foundation
import SynthData
import SynthEngine

/// `linked SUBJECTS LINKED KEY CONTEXT_COLUMN ORDER|- OUT_DIR SEED [epochs=N time=S goal=]`:
/// splits the subjects 80/20 (seeded; linked rows follow their subject), trains the subject
/// table's flat model and the linked table's sequential model on the training part, generates
/// as many subjects as it has with their linked rows, and writes the training, holdout and
/// synthetic tables (`trn_`/`hol_`/`syn_` + `subjects.csv`/`linked.csv`) to OUT_DIR for
/// mostlyai-qa. Prints one JSON line: training CPU seconds, generation rows/s, sequence lengths.
func linkedBenchmark(subjectsPath: String, arguments: [String]) throws {
    guard arguments.count >= 6, let seed = UInt64(arguments[5]) else {
        throw SequenceError("usage: synth-bench linked SUBJECTS LINKED KEY CONTEXT_COLUMN ORDER|- OUT_DIR SEED [epochs=N time=S goal=]")
    }
    let linkedPath = arguments[0], key = arguments[1], contextColumn = arguments[2]
    let order = arguments[3] == "-" ? nil : arguments[3]
    let out = URL(fileURLWithPath: arguments[4])
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    var settings = ModelSettings(seed: seed)
    for option in arguments.dropFirst(6) {
        let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { continue }
        switch parts[0] {
        case "epochs": settings.maxEpochs = Int(parts[1])
        case "time": settings.maxTrainingTime = Double(parts[1])
        case "goal": settings.goal = ModelSettings.Goal(rawValue: parts[1]) ?? settings.goal
        default: break
        }
    }
    let subjects = try CSVReader.read(path: subjectsPath).table
    let linked = try CSVReader.read(path: linkedPath).table
    // Subjects split 80/20; linked rows follow their subject.
    let split = TrainValidationSplit.byRow(rowCount: subjects.rowCount, validationShare: 0.2, seed: seed)
    let trainingSubjects = subjects.gatheringRows(split.training), holdoutSubjects = subjects.gatheringRows(split.validation)
    func rows(of part: Table) throws -> Table {
        let keys = Set(SequenceColumns.keys(try part.column(named: key)).compactMap { $0 })
        let references = SequenceColumns.keys(try linked.column(named: contextColumn))
        return linked.gatheringRows(references.indices.filter { references[$0].map(keys.contains) ?? false })
    }
    let trainingLinked = try rows(of: trainingSubjects), holdoutLinked = try rows(of: holdoutSubjects)

    let cpuStart = processCPUSeconds()
    var counter = SubjectSequenceCounter(linkedTable: "linked", contextColumn: contextColumn, orderColumn: order)
    try counter.add(trainingLinked)
    let augmented = try counter.augment(trainingSubjects, subjectKey: key)
    let subjectEncoding = try TableEncoder.fit(table: augmented, overrides: [key: .primaryKey], seed: seed)
    let subjectSplit = TrainValidationSplit.byRow(rowCount: augmented.rowCount, validationShare: 0.1, seed: seed)
    let encodedSubjects = try subjectEncoding.encode(augmented)
    let subjectModel = try GenerativeModel.train(training: encodedSubjects.gatheringRows(subjectSplit.training),
                                                 validation: encodedSubjects.gatheringRows(subjectSplit.validation), settings: settings)
    let link = SequenceLink(table: "linked", subjectTable: "subjects", subjectKey: key, contextColumn: contextColumn, orderColumn: order)
    let encoding = try SequentialSynthesizer.fitEncoding(linked: trainingLinked, subjects: augmented, link: link, seed: seed)
    let sequential = try SequentialSynthesizer.train(linked: trainingLinked, subjects: augmented, link: link,
                                                     subjectEncoding: subjectEncoding, encoding: encoding, settings: settings)
    let trainingCPU = processCPUSeconds() - cpuStart

    let generationStart = DispatchTime.now().uptimeNanoseconds
    let generationCPUStart = processCPUSeconds()
    let synthesizer = Synthesizer(encoding: subjectEncoding, model: subjectModel)
    var syntheticSubjects: [Table] = [], syntheticLinked: [Table] = []
    var linkedRows = 0
    try synthesizer.generate(rows: trainingSubjects.rowCount, seed: seed &+ 1) { chunk in
        syntheticSubjects.append(try SequenceColumns.visible(chunk))
        linkedRows += try sequential.generate(subjects: chunk, seed: seed &+ 2, firstRow: linkedRows) { syntheticLinked.append($0) }
    }
    let generationSeconds = Double(DispatchTime.now().uptimeNanoseconds - generationStart) / 1e9
    let generationCPU = processCPUSeconds() - generationCPUStart
    let synthetic = try Table.concatenating(syntheticSubjects)
    let syntheticRows = syntheticLinked.isEmpty ? try sequential.emptyTable() : try Table.concatenating(syntheticLinked)
    for (table, name) in [(trainingSubjects, "trn_subjects"), (trainingLinked, "trn_linked"), (holdoutSubjects, "hol_subjects"),
                          (holdoutLinked, "hol_linked"), (synthetic, "syn_subjects"), (syntheticRows, "syn_linked")] {
        try CSVWriter.write(table, to: out.appendingPathComponent(name + ".csv").path, replace: true)
    }
    func lengths(_ subjects: Table, _ rows: Table) throws -> [Int] {
        var counts: [String: Int] = [:]
        for k in SequenceColumns.keys(try subjects.column(named: key)) { counts[k ?? "", default: 0] = 0 }
        for k in SequenceColumns.keys(try rows.column(named: contextColumn)) { counts[k ?? "", default: 0] += 1 }
        return counts.values.sorted()
    }
    func summary(_ values: [Int]) -> String {
        guard !values.isEmpty else { return "{}" }
        let mean = Double(values.reduce(0, +)) / Double(values.count)
        let q = { (p: Double) in values[min(values.count - 1, Int(p * Double(values.count)))] }
        return "{\"mean\":\(String(format: "%.2f", mean)),\"min\":\(values[0]),\"q10\":\(q(0.1)),\"median\":\(q(0.5)),\"q90\":\(q(0.9)),\"max\":\(values[values.count - 1])}"
    }
    print("{\"op\":\"linked\",\"subjects\":\(trainingSubjects.rowCount),\"training_rows\":\(trainingLinked.rowCount),"
        + "\"training_cpu_s\":\(String(format: "%.1f", trainingCPU)),\"subject_epochs\":\(subjectModel.summary.epochs),"
        + "\"sequential_epochs\":\(sequential.model.summary.epochs),\"generated_rows\":\(syntheticRows.rowCount),"
        + "\"generation_rows_per_s\":\(String(format: "%.0f", Double(syntheticRows.rowCount + synthetic.rowCount) / max(generationSeconds, 1e-9))),"
        + "\"generation_cpu_s\":\(String(format: "%.2f", generationCPU)),"
        + "\"lengths_training\":\(summary(try lengths(trainingSubjects, trainingLinked))),"
        + "\"lengths_synthetic\":\(summary(try lengths(synthetic, syntheticRows))),\"peak_rss\":\(peakRSSBytes())}")
}
