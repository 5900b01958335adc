import Foundation
import Testing
import SynthTestSupport
import SynthData

/// Tables with nothing left to model, and per-table encoding overrides, through the real
/// binary: a small lookup table whose only non-key column is a unique name (value protection
/// makes every name `_RARE_`) trains, generates, downloads, scores and packages, in a job over
/// several tables and on its own; `encode TABLE.COLUMN` reaches that table's encoding in a
/// job over several tables.
@Suite("Lookup tables and per-table encodings end to end (real binary)", .serialized)
struct LookupTableEndToEndTests {
    static let carriers = ["AA", "B6", "DL", "EV", "UA", "WN"]
    static let names = ["American Airlines Inc.", "JetBlue Airways", "Delta Air Lines Inc.",
                        "ExpressJet Airlines Inc.", "United Air Lines Inc.", "Southwest Airlines Co."]

    /// planes (tailnum, manufacturer), flights (tailnum, day, carrier, dep_delay) and airlines
    /// (carrier, unique name), written as CSV files into `folder`.
    private func writeTables(to folder: URL) throws {
        var state: UInt64 = 5
        func next() -> UInt64 {   // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let planes = 60
        let tailnums = (1...planes).map { String(format: "N%03d", $0) }
        let manufacturers = (0..<planes).map { ["BOEING", "AIRBUS", "EMBRAER"][$0 % 3] }
        var flightTails: [String] = [], days: [Int64] = [], carriers: [String] = [], delays: [Int64] = []
        for (p, tail) in tailnums.enumerated() {
            let count = 2 + Int(next() % 6)
            for d in 0..<count {
                flightTails.append(tail)
                days.append(Int64(d * 3 + Int(next() % 3)))
                carriers.append(Self.carriers[(p + Int(next() % 2)) % Self.carriers.count])
                delays.append(Int64(next() % 180) - 20)
            }
        }
        let tables: [(String, Table)] = [
            ("planes", try Table(columns: [Column(name: "tailnum", values: .string(StringArray(tailnums))),
                                           Column(name: "manufacturer", values: .string(StringArray(manufacturers)))])),
            ("flights", try Table(columns: [Column(name: "tailnum", values: .string(StringArray(flightTails))),
                                            Column(name: "day", values: .int64(days)),
                                            Column(name: "carrier", values: .string(StringArray(carriers))),
                                            Column(name: "dep_delay", values: .int64(delays))])),
            ("airlines", try Table(columns: [Column(name: "carrier", values: .string(StringArray(Self.carriers))),
                                             Column(name: "name", values: .string(StringArray(Self.names)))])),
        ]
        for (name, table) in tables {
            try CSVWriter.write(table, to: folder.appendingPathComponent("\(name).csv").path, replace: true)
        }
    }

    private func column(_ path: String, _ name: String) throws -> [String?] {
        let values = try CSVReader.read(path: path).table.column(named: name)
        return (0..<values.count).map { values.formattedCell($0) }
    }

    @Test func aLookupTableOfUniqueNamesTrainsInALinkedJobAndKeepsEveryForeignKey() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let data = try Fixtures.temporaryDirectory()
        try writeTables(to: data)
        let out = data.path
        let script = """
            load "\(out)/planes.csv" as planes
            load "\(out)/flights.csv" as flights
            load "\(out)/airlines.csv" as airlines
            key planes.tailnum
            key airlines.carrier
            link flights.tailnum to=planes.tailnum order=day
            link flights.carrier to=airlines.carrier context=false
            train planes flights airlines epochs=4 seed=1 as j
            watch j
            job j
            qa j table="airlines"
            generate j rows=30 seed=2 as g
            watch g
            download j to="\(out)/j-flights.csv" table="flights"
            download j to="\(out)/j-airlines.csv" table="airlines"
            download g to="\(out)/g-flights.csv" table="flights"
            download g to="\(out)/g-airlines.csv" table="airlines"
            package j to="\(out)/j.zip"
            """
        let result = try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(!result.stdout.contains("no sub-columns"), "\(result.stdout)")
        #expect(result.stdout.contains("nothing to model"), "the job says why airlines trained no parameters\n\(result.stdout)")
        for prefix in ["j", "g"] {
            let airlineKeys = try column("\(out)/\(prefix)-airlines.csv", "carrier")
            #expect(!airlineKeys.isEmpty && Set(airlineKeys).count == airlineKeys.count, "\(prefix): fresh unique keys")
            // Every name was seen once: value protection keeps none, so every name is `_RARE_`.
            let names = try column("\(out)/\(prefix)-airlines.csv", "name")
            #expect(names.count == airlineKeys.count && names.allSatisfy { $0 == "_RARE_" }, "\(prefix): \(names)")
            #expect(Set(names.compactMap { $0 }).isDisjoint(with: Self.names), "\(prefix): no real name leaks")
            let carriers = try column("\(out)/\(prefix)-flights.csv", "carrier")
            #expect(!carriers.isEmpty)
            let dangling = carriers.filter { $0 == nil || !Set(airlineKeys).contains($0) }
            #expect(dangling.isEmpty, "\(prefix): \(dangling.count) of \(carriers.count) flights name no downloaded airline")
        }
        let package = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(out)/j.zip")), as: UTF8.self)
        #expect(package.contains("airlines") && package.contains("flights"), "the package holds every table")
    }

    @Test func aLookupTableOfUniqueNamesTrainsOnItsOwn() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let data = try Fixtures.temporaryDirectory()
        try writeTables(to: data)
        let out = data.path
        let script = """
            load "\(out)/airlines.csv" as airlines
            train airlines seed=1 generate=10 as j
            watch j
            qa j
            download j to="\(out)/a.csv"
            package j to="\(out)/a.zip"
            """
        let result = try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let keys = try column("\(out)/a.csv", "carrier")
        #expect(keys.count == 10 && Set(keys).count == 10 && keys.allSatisfy { $0 != nil }, "\(keys)")
        #expect(try column("\(out)/a.csv", "name").allSatisfy { $0 == "_RARE_" })
        #expect(FileManager.default.fileExists(atPath: "\(out)/a.zip"))
    }

    @Test func anEncodingOverrideReachesItsTableInALinkedJob() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let data = try Fixtures.temporaryDirectory()
        try writeTables(to: data)
        let out = data.path
        let script = """
            load "\(out)/planes.csv" as planes
            load "\(out)/flights.csv" as flights
            key planes.tailnum
            link flights.tailnum to=planes.tailnum order=day
            encode flights.dep_delay as numeric_binned
            encode planes.manufacturer as character
            train planes flights epochs=2 seed=1 as j
            watch j
            columns j table="flights"
            columns j table="planes"
            """
        let result = try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("numeric_binned (set)"), "flights' override reached its encoding\n\(result.stdout)")
        #expect(result.stdout.contains("character (set)"), "planes' override reached its encoding\n\(result.stdout)")
        #expect(!result.stdout.contains("not applied"), "\(result.stdout)")
    }
}
