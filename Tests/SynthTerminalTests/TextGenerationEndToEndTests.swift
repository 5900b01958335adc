import Foundation
import Testing
import SynthTestSupport
import SynthJobs

/// A table with a free-text column through the real binary: analysis encodes it as `text`,
/// the job trains its language model, a *Generating text* task writes each row's text
/// conditioned on the row's category, and a unique secret of one training text never comes
/// out; a generate job from the saved model does the same.
@Suite("Text columns (real binary)", .serialized)
struct TextGenerationEndToEndTests {
    static let secret = "Vq8Zt3Lp6"

    /// 400 rows of `animal` and `note` ("my ANIMAL is MOOD, seen N times"), one note with the secret.
    static func csv() -> String {
        var rng = LinkedFixtures.SplitMix(3)  // the same table every run
        var lines = ["animal,note"]
        let animals = ["cat", "dog", "owl"], moods = ["happy", "sleepy", "loud", "calm"]
        for row in 0..<400 {
            let a = animals.randomElement(using: &rng)!, m = moods.randomElement(using: &rng)!
            let n = Int.random(in: 0..<50, using: &rng)
            lines.append(row == 7 ? "\(a),my \(a) is \(m) \(secret) seen \(n) times" : "\(a),\"my \(a) is \(m), seen \(n) times\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func aTextColumnIsLearnedAndGeneratedConditionally() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let source = try Fixtures.writeTemporary(Self.csv(), name: "notes.csv")
        let out = try Fixtures.temporaryDirectory().path
        let script = """
            load "\(source)" as t; train t size=S epochs=20 seed=3 generate=300 as j; watch j
            download j to="\(out)/j.csv"; encodings j; qa j
            generate j rows=2000 seed=4 as g; watch g; download g to="\(out)/g.csv"
            """
        let result = try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path],
                                           timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("text"), "\(result.stdout)")
        #expect(result.stdout.contains("Text 'note'"), "\(result.stdout)")
        #expect(result.stdout.contains("= training text"), "\(result.stdout)")
        let store = try JobStore(home: home)
        for job in [1, 2] {
            let tasks = try store.tasks(ofJob: job)
            #expect(tasks.contains { $0.kind == .generatingText && $0.status == .finished }, "\(tasks.map(\.kind))")
        }
        for name in ["j.csv", "g.csv"] {
            let lines = try String(contentsOfFile: "\(out)/\(name)", encoding: .utf8).split(separator: "\n").dropFirst()
            #expect(lines.count >= 300)
            // The text names the row's own animal.
            let agreeing = lines.filter { line in
                guard let comma = line.firstIndex(of: ",") else { return false }
                let animal = line[..<comma], note = line[line.index(after: comma)...]
                return note.contains("my \(animal)") && ["cat", "dog", "owl"].filter { note.contains($0) }.count == 1
            }
            #expect(Double(agreeing.count) >= 0.85 * Double(lines.count), "\(agreeing.count) of \(lines.count): \(lines.prefix(3))")
            #expect(!lines.contains { $0.contains(Self.secret) })
        }
        let logs = try BinaryHarness.run(["-c", "logs 1"], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(logs.stdout.contains("note: text"), "\(logs.stdout)")
        #expect(logs.stdout.contains("text model note"), "\(logs.stdout)")
    }

    /// 300 unique case numbers (`13001275CF10A`: eight digits, court, division, `A`) with
    /// their court: analysis makes them `text` (not numbered keys), and every generated case
    /// number keeps the pattern and length while none is a training value.
    @Test func uniqueCaseNumbersKeepTheirPatternButNoValue() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        // The same 300 numbers every run: with fresh ones each run the share that keeps the
        // pattern ranged 945–978 of 1,000 over six tables, and one CI run drew a table at 899.
        var rng = LinkedFixtures.SplitMix(5)
        var lines = ["case_number,court"], training = Set<String>()
        var sequence = 1_000
        for _ in 0..<300 {
            sequence += Int.random(in: 1..<30, using: &rng)
            let court = ["CF", "MM", "TC"].randomElement(using: &rng)!
            let number = "13\(String(format: "%06d", sequence))\(court)\([10, 20].randomElement(using: &rng)!)A"
            training.insert(number)
            lines.append("\(number),\(court)")
        }
        let home = try Fixtures.temporaryDirectory()
        let source = try Fixtures.writeTemporary(lines.joined(separator: "\n") + "\n", name: "cases.csv")
        let out = try Fixtures.temporaryDirectory().path
        let script = """
            load "\(source)" as t; train t size=S epochs=30 seed=3 generate=1000 as j; watch j
            download j to="\(out)/j.csv"; encodings j
            """
        let result = try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path],
                                           timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        let generated = try String(contentsOfFile: "\(out)/j.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { String($0.split(separator: ",", omittingEmptySubsequences: false)[0]) }
        #expect(generated.count == 1000)
        #expect(generated.filter { training.contains($0) }.isEmpty)
        let pattern = try Regex("^[0-9]{8}(CF|MM|TC)(10|20)A$")
        let shaped = generated.filter { $0.wholeMatch(of: pattern) != nil }
        #expect(shaped.count >= 900, "\(shaped.count) of 1000 keep the pattern: \(generated.prefix(5))")
        let logs = try BinaryHarness.run(["-c", "logs 1"], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(logs.stdout.contains("case_number: text"), "\(logs.stdout)")
    }

    /// 400 unique structured ids `AB-4471-X` (one of three prefixes, four digits, one of three
    /// suffixes) beside a category: analysis makes the id column `text`, and the job's rows,
    /// a later generate job's rows and rows generated from a seed keep the id's pattern while
    /// no generated id is a source id (rare digits are drawn fresh, and a draw that rebuilds a training id whole
    /// is redrawn).
    @Test func structuredIdsKeepTheirPatternButNoTrainingValue() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        // The same 400 ids every run: with fresh ones each run the share kept whole varied
        // around the bound (1,593 of 2,000 in one CI run).
        var rng = LinkedFixtures.SplitMix(11)
        var lines = ["ticket,kind"], training = Set<String>()
        while training.count < 400 {
            let id = "\(["AB", "CD", "KL"].randomElement(using: &rng)!)-\(Int.random(in: 1000...9999, using: &rng))-"
                + ["X", "Y", "Z"].randomElement(using: &rng)!
            guard training.insert(id).inserted else { continue }
            lines.append("\(id),\(["bug", "task"].randomElement(using: &rng)!)")
        }
        let home = try Fixtures.temporaryDirectory()
        let source = try Fixtures.writeTemporary(lines.joined(separator: "\n") + "\n", name: "tickets.csv")
        // A seed of 2,000 kinds: generating with a seed writes its texts in its own task.
        let seedSource = try Fixtures.writeTemporary("kind\n" + String(repeating: "bug\ntask\n", count: 1000), name: "kinds.csv")
        let out = try Fixtures.temporaryDirectory().path
        let script = """
            load "\(source)" as t; train t size=S epochs=30 seed=3 generate=1000 as j; watch j
            download j to="\(out)/j.csv"; generate j rows=2000 seed=4 as g; watch g; download g to="\(out)/g.csv"
            load "\(seedSource)" as s; generate j from=s seed=5 as h; watch h; download h to="\(out)/h.csv"
            """
        let result = try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path],
                                           timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        let pattern = try Regex("^(AB|CD|KL)-[0-9]{4}-[XYZ]$")
        for (name, rows) in [("j.csv", 1000), ("g.csv", 2000), ("h.csv", 2000)] {
            let generated = try String(contentsOfFile: "\(out)/\(name)", encoding: .utf8).split(separator: "\n").dropFirst()
                .map { String($0.split(separator: ",", omittingEmptySubsequences: false)[0]) }
            #expect(generated.count == rows)
            let verbatim = generated.filter { training.contains($0) }
            #expect(verbatim.isEmpty, "\(name): \(verbatim.count) training ids: \(verbatim.prefix(3))")
            let shaped = generated.filter { $0.wholeMatch(of: pattern) != nil }
            // A small model trained for seconds: most ids, not all, come out whole in shape.
            let misses = generated.filter { $0.wholeMatch(of: pattern) == nil }
            #expect(Double(shaped.count) >= 0.8 * Double(rows), "\(name): \(shaped.count) of \(rows) keep the pattern: \(misses.prefix(5))")
        }
        let logs = try BinaryHarness.run(["-c", "logs 1"], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(logs.stdout.contains("ticket: text"), "\(logs.stdout)")
    }
}
