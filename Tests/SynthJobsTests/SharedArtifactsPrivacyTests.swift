import Foundation
import Testing
import SynthTestSupport
import SynthEngine
import ZIPFoundation
@testable import SynthJobs

/// "Never the training data": every file a job lets leave the store (the package ZIP and the
/// `.synthjob` share bundle, each entry decompressed) is searched byte by byte for every
/// training value of the unique columns, a rare category and the raw extreme salary that value
/// protection clips. None may appear. Runs once through the real `synth` binary (what a user
/// does) and once through the job pipeline in process (so it also runs without a binary).
@Suite("Shared artifacts hold no training record", .serialized)
struct SharedArtifactsPrivacyTests {
    /// The raw extreme salary value protection clips.
    static let outlierSalary = 987_654_321
    /// A department held by two rows: rarer than any rare threshold.
    static let rareDepartment = "Skunkworks"

    /// 400 rows: unique names, emails and SSNs (seeded), a salary with one extreme outlier,
    /// a department with one rare value, a city. Returns the CSV and the forbidden texts.
    static func table() -> (csv: String, forbidden: [String]) {
        var rng = SeededGenerator(seed: 20_261_201)
        let syllables = ["ka", "ro", "ve", "lin", "mo", "ra", "tes", "du", "vi", "na", "sel", "or", "pa", "qui", "ber", "zan"]
        func word(_ parts: Int) -> String {
            let text = (0..<parts).map { _ in syllables[rng.nextInt(below: syllables.count)] }.joined()
            return text.prefix(1).uppercased() + text.dropFirst()
        }
        let departments = ["Sales", "Research", "Support", "Finance", "Legal"]
        let cities = ["Lyon", "Graz", "Turku", "Porto", "Gent", "Brno"]
        var names = Set<String>(), emails = Set<String>(), ssns = Set<String>()
        var lines = ["name,email,ssn,salary,department,city"]
        var forbidden: [String] = []
        for row in 0..<400 {
            var name = ""
            repeat { name = word(2) + " " + word(3) } while names.contains(name)
            var email = ""
            repeat {
                email = name.lowercased().replacingOccurrences(of: " ", with: ".") + String(rng.nextInt(below: 1000)) + "@mail" + String(row % 7) + ".test"
            } while emails.contains(email)
            var ssn = ""
            repeat {
                ssn = "\(100 + rng.nextInt(below: 800))-\(10 + rng.nextInt(below: 90))-\(1000 + rng.nextInt(below: 9000))"
            } while ssns.contains(ssn)
            names.insert(name); emails.insert(email); ssns.insert(ssn)
            let salary = row == 123 ? outlierSalary : 30_000 + rng.nextInt(below: 120_000)
            let department = row == 17 || row == 301 ? rareDepartment : departments[rng.nextInt(below: departments.count)]
            lines.append("\(name),\(email),\(ssn),\(salary),\(department),\(cities[rng.nextInt(below: cities.count)])")
            forbidden += [name, email, ssn]
        }
        forbidden += [String(outlierSalary), "987,654,321", "9.87654321", rareDepartment]
        return (lines.joined(separator: "\n") + "\n", forbidden)
    }

    /// Every entry of the ZIP at `url`, decompressed.
    static func entries(of url: URL) throws -> [(path: String, bytes: Data)] {
        let archive = try Archive(url: url, accessMode: .read)
        return try archive.map { entry in
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            return (entry.path, data)
        }
    }

    /// Each forbidden text found in an entry of the package or the bundle, as `text in path`.
    static func leaks(package: URL, bundle: URL, forbidden: [String]) throws -> [String] {
        var found: [String] = []
        for (path, bytes) in try entries(of: package) + entries(of: bundle) {
            for text in forbidden where bytes.range(of: Data(text.utf8)) != nil { found.append("\(text) in \(path)") }
        }
        return found
    }

    /// The shared QA report shows the salary clipped and names no rare value.
    static func expectProtectedReport(bundle: URL) throws {
        let qa = try #require(try entries(of: bundle).first { $0.path.hasSuffix("qa.json") }, "the bundle carries the QA report")
        let report = try JSONDecoder().decode(QAReport.self, from: qa.bytes)
        let salary = try #require(report.statistics.first { $0.name == "salary" })
        #expect((salary.original.maximum ?? .infinity) < 150_000, "the maximum is the clipped one")
        #expect((salary.original.mean ?? .infinity) < 150_000, "the mean is over clipped values")
        for name in ["name", "email", "ssn"] {
            let column = try #require(report.statistics.first { $0.name == name })
            #expect(column.original.mostFrequent == "_RARE_", "\(name): every value is unique, none may be named")
        }
        let departments = try #require(report.column(named: "department")).bins.map(\.label)
        #expect(departments.contains("Sales") && !departments.contains(rareDepartment), "\(departments)")
    }

    @Test func packageAndBundleThroughTheBinaryHoldNoTrainingValue() throws {
        let binary = ProcessInfo.processInfo.environment["SYNTH_BINARY"]
            ?? Fixtures.packageRoot.appendingPathComponent(".build/debug/synth").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { return }
        let (csv, forbidden) = Self.table()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("people.csv")
        try Data(csv.utf8).write(to: source)
        let home = folder.appendingPathComponent("home"), package = folder.appendingPathComponent("job.zip")
        let bundle = folder.appendingPathComponent("job.synthjob"), generated = folder.appendingPathComponent("more.zip")
        let script = """
            load "\(source.path)" as people; train people epochs=1 size=S seed=3 as j; watch j
            package j to="\(package.path)"; share j to="\(bundle.path)"
            generate j rows=50 seed=9 as more; watch more; package more to="\(generated.path)"
            """
        var environment = ProcessInfo.processInfo.environment
        environment["SYNTH_HOME"] = home.path
        environment["SYNTH_HISTORY"] = ""
        let result = try Subprocess.run(binary, ["-c", script], directory: folder, environment: environment, timeout: 600)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let leaks = try Self.leaks(package: package, bundle: bundle, forbidden: forbidden)
            + Self.leaks(package: generated, bundle: bundle, forbidden: forbidden)
        #expect(leaks.isEmpty, "training values in shared files: \(leaks.prefix(10))")
        #expect(try Self.entries(of: generated).contains { $0.path.hasSuffix("-qa-report.html") },
                "the generate job's package carries its QA report")
        try Self.expectProtectedReport(bundle: bundle)
    }

    @Test func packageAndBundleOfThePipelineHoldNoTrainingValue() throws {
        let (csv, forbidden) = Self.table()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("people.csv")
        try Data(csv.utf8).write(to: source)
        let store = try JobStore(home: folder.appendingPathComponent("home"))
        let job = try store.createJob(name: "people", type: .adHoc, settings: JobSettings(maxEpochs: 1, modelSize: .small, seed: 11),
                                      tables: [JobTableRecord(jobID: 0, name: "people", sourcePath: source.path,
                                                              sourceBytes: csv.utf8.count, sourceSHA256: nil)],
                                      tasks: TaskKind.allCases)
        JobRunner(store: store, executors: EngineExecutors.all).run(job.id)
        #expect(try store.job(job.id).status == .finished)
        let package = folder.appendingPathComponent("job.zip"), bundle = folder.appendingPathComponent("job.synthjob")
        try JobPackage.write(store: store, jobID: job.id, to: package)
        try ShareBundle.write(store: store, jobID: job.id, to: bundle)
        let leaks = try Self.leaks(package: package, bundle: bundle, forbidden: forbidden)
        #expect(leaks.isEmpty, "training values in shared files: \(leaks.prefix(10))")
        try Self.expectProtectedReport(bundle: bundle)
    }

    @Test func aFailedJobsPackageLeavesTheErrorReasonInTheStore() throws {
        var csv = "place,n\n"
        for row in 0..<30 { csv += "\"40.\(row), -74.\(row)\",\(row)\n" }
        csv += "SECRET-CELL-VALUE,31\n"
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("places.csv")
        try Data(csv.utf8).write(to: source)
        let store = try JobStore(home: folder.appendingPathComponent("home"))
        let job = try store.createJob(name: "places", type: .adHoc,
                                      settings: JobSettings(maxEpochs: 1, modelSize: .small, encodings: ["place": "lat_long"]),
                                      tables: [JobTableRecord(jobID: 0, name: "places", sourcePath: source.path,
                                                              sourceBytes: csv.utf8.count, sourceSHA256: nil)],
                                      tasks: TaskKind.allCases)
        JobRunner(store: store, executors: EngineExecutors.all).run(job.id)
        #expect(try store.job(job.id).status == .failed)
        #expect(try store.logs(ofJob: job.id).contains { $0.message.contains("SECRET-CELL-VALUE") }, "the store keeps the reason")
        let package = folder.appendingPathComponent("job.zip")
        try JobPackage.write(store: store, jobID: job.id, to: package)
        let log = try #require(try Self.entries(of: package).first { $0.path == "logs/job.log" })
        let text = String(decoding: log.bytes, as: UTF8.self)
        #expect(!text.contains("SECRET-CELL-VALUE"), "\(text)")
        #expect(text.contains("failed") && text.contains("logs \(job.id)"), "\(text)")
    }
}
