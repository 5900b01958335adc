import Foundation
import Testing
import SynthConnectors
import SynthData
import SynthTestSupport

/// The shard contract (`generate J rows=N seed=S shards=K shard=I to=DEST`), through the real
/// binary, each shard a separate process: the K shards, run in shuffled order with one of them
/// killed mid-way and run again, hold exactly the rows one process writes with the same seed
/// and N (same values, same keys, shard by shard in index order), for a flat and a linked job,
/// into a folder and into SQLite; a retried shard replaces its own output and nothing else.
@Suite("Generation in shards (real binary)", .serialized)
struct ShardedGenerationEndToEndTests {
    static let shardCount = 3

    private func run(_ script: String, home: URL) throws -> BinaryHarness.Result {
        try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
    }

    /// Every row of `table` as one line of `column=value` cells, in order.
    private func lines(_ table: Table) -> [String] {
        (0..<table.rowCount).map { row in
            table.columns.map { "\($0.name)=\($0.value(at: row))" }.joined(separator: "|")
        }
    }

    private func parquetLines(_ path: String) throws -> [String] { lines(try ParquetReader(path: path).readTable()) }

    /// The job folders of the store, by id.
    private func jobIDs(_ home: URL) -> Set<Int> {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("jobs").path)) ?? []
        return Set(entries.compactMap(Int.init))
    }

    /// Starts `script` in its own synth process, waits until it has created its job and
    /// started on it, then kills it with SIGKILL (no chance to clean up).
    private func runAndKillMidway(_ script: String, home: URL) throws {
        guard let binary = BinaryHarness.binaryPath else { return }
        let before = jobIDs(home)
        let child = try Subprocess(binary, ["-c", script], directory: Fixtures.packageRoot,
                                   environment: BinaryHarness.environment(["SYNTH_HOME": home.path]))
        let deadline = Date().addingTimeInterval(120)
        while jobIDs(home).subtracting(before).isEmpty, child.isRunning, Date() < deadline { usleep(2_000) }
        child.send(SIGKILL)
        try child.wait(timeout: 60)
    }

    /// Shard indices in an order that is not 0, 1, 2 (the retried one last).
    private func shuffledShards(killed: Int) -> [Int] {
        var order = Array(0..<Self.shardCount).filter { $0 != killed }
        order.reverse()
        return order + [killed]
    }

    @Test func flatShardsInAFolderGiveExactlyTheSingleProcessRows() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let single = home.appendingPathComponent("single").path, parts = home.appendingPathComponent("parts").path
        let trained = try run("""
            load "\(Fixtures.data("penguins.csv"))" as p
            train p epochs=1 seed=1 as j
            generate j rows=9000 seed=9 to="\(single)"
            """, home: home)
        #expect(trained.status == 0, "\(trained.stderr)")
        let generate = { (shard: Int) in "generate 1 rows=9000 seed=9 shards=\(Self.shardCount) shard=\(shard) to=\"\(parts)\"" }

        // Shard 1 is killed mid-way; stale output of it (a staging file a killed write leaves, an
        // older complete part) is planted; another file of the folder must survive the retry.
        try runAndKillMidway(generate(1), home: home)
        try FileManager.default.createDirectory(atPath: parts, withIntermediateDirectories: true)
        let stale = parts + "/.p.part-00001-of-00003.\(UUID().uuidString).staged.parquet"
        try Data("half a file".utf8).write(to: URL(fileURLWithPath: stale))
        try Data("an older try".utf8).write(to: URL(fileURLWithPath: parts + "/p.part-00001-of-00003.parquet"))
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: parts + "/notes.txt"))
        for shard in shuffledShards(killed: 1) {
            let result = try run(generate(shard), home: home)
            #expect(result.status == 0, "shard \(shard): \(result.stderr)")
            #expect(result.stdout.contains("shard \(shard) of 3"), "\(result.stdout)")
        }

        let expected = try parquetLines(single + "/p.parquet")
        var union: [String] = []
        var sizes: [Int] = []
        for shard in 0..<Self.shardCount {
            let part = try parquetLines(parts + "/p.part-0000\(shard)-of-00003.parquet")
            sizes.append(part.count)
            union += part
        }
        #expect(expected.count == 9000)
        #expect(sizes == [3072, 3072, 2856], "blocks of 1,024 rows: shard i takes blocks 3i/3 … (i+1)·9/3")
        #expect(union == expected, "the shards in index order are the single process's rows")
        #expect(union.sorted() == expected.sorted())
        #expect(!FileManager.default.fileExists(atPath: stale), "the retry removed its killed try's staging file")
        #expect((try? String(contentsOfFile: parts + "/notes.txt", encoding: .utf8)) == "keep me")
        let left = try FileManager.default.contentsOfDirectory(atPath: parts).sorted()
        #expect(left == ["notes.txt", "p.part-00000-of-00003.parquet", "p.part-00001-of-00003.parquet",
                         "p.part-00002-of-00003.parquet"], "\(left)")
    }

    @Test func linkedShardsKeepEachSubjectWithItsRowsAndKeysMatchOneProcess() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        // The linked table gets a primary key of its own, so its generated keys must continue
        // across shards exactly as in one process.
        let source = try String(contentsOfFile: Fixtures.data("chickweight_weights.csv"), encoding: .utf8)
        var weights = ""
        for (index, line) in source.split(separator: "\n").enumerated() {
            weights += (index == 0 ? "id" : String(index)) + "," + line + "\n"
        }
        let weightsPath = home.appendingPathComponent("weights.csv").path
        try weights.write(toFile: weightsPath, atomically: true, encoding: .utf8)
        let single = home.appendingPathComponent("single").path, parts = home.appendingPathComponent("parts").path
        let trained = try run("""
            load "\(Fixtures.data("chickweight_chicks.csv"))" as chicks
            load "\(weightsPath)" as weights
            key weights.id
            link weights.chick to=chicks.chick order=day
            train chicks weights epochs=1 seed=3 as both
            generate both rows=2500 seed=4 to="\(single)"
            """, home: home)
        #expect(trained.status == 0, "\(trained.stderr)")
        let generate = { (shard: Int) in "generate 1 rows=2500 seed=4 shards=3 shard=\(shard) to=\"\(parts)\"" }
        try runAndKillMidway(generate(2), home: home)
        for shard in shuffledShards(killed: 2) {
            let result = try run(generate(shard), home: home)
            #expect(result.status == 0, "shard \(shard): \(result.stderr)")
        }
        var chicks: [String] = [], rows: [String] = []
        var ids = Set<String>()
        for shard in 0..<3 {
            let subjects = try ParquetReader(path: parts + "/chicks.part-0000\(shard)-of-00003.parquet").readTable()
            let linked = try ParquetReader(path: parts + "/weights.part-0000\(shard)-of-00003.parquet").readTable()
            // Every linked row of a shard belongs to a subject of the same shard.
            let keys = Set((0..<subjects.rowCount).map { "\(try! subjects.column(named: "chick").value(at: $0))" })
            let parents = try linked.column(named: "chick")
            #expect((0..<linked.rowCount).allSatisfy { keys.contains("\(parents.value(at: $0))") }, "shard \(shard)")
            let id = try linked.column(named: "id")
            for row in 0..<linked.rowCount { ids.insert("\(id.value(at: row))") }
            chicks += lines(subjects)
            rows += lines(linked)
        }
        let expectedChicks = try parquetLines(single + "/chicks.parquet"), expectedRows = try parquetLines(single + "/weights.parquet")
        #expect(expectedChicks.count == 2500 && expectedRows.count > 2500)
        #expect(chicks == expectedChicks)
        #expect(rows == expectedRows, "same linked rows, keys included (\(rows.count) vs \(expectedRows.count))")
        #expect(ids.count == rows.count, "the linked table's keys are unique across shards")
    }

    @Test func sqliteShardsAreOneTablePerShardAndARetryReplacesOnlyItsOwn() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let database = home.appendingPathComponent("synthetic.db").path
        let trained = try run("""
            load "\(Fixtures.data("penguins.csv"))" as p
            train p epochs=1 seed=1 as j
            connector add lite kind=sqlite path="\(database)"
            generate j rows=5000 seed=2 to=lite
            """, home: home)
        #expect(trained.status == 0, "\(trained.stderr)")
        let generate = { (shard: Int) in "generate 1 rows=5000 seed=2 shards=3 shard=\(shard) to=lite" }
        try runAndKillMidway(generate(0), home: home)
        for shard in shuffledShards(killed: 0) + [0] {  // shard 0 twice: the second replaces the first
            let result = try run(generate(shard), home: home)
            #expect(result.status == 0, "shard \(shard): \(result.stderr)")
        }
        let connector = try SQLiteConnector(configuration: ConnectorConfiguration(name: "lite", kind: "sqlite", options: ["path": database]))
        func read(_ name: String) throws -> [String] {
            var out: [String] = []
            try connector.read(table: name, batchRows: 4096) { out += lines($0) }
            return out
        }
        let names = try connector.tables().map(\.name).sorted()
        #expect(names == ["p", "p_part_00000_of_00003", "p_part_00001_of_00003", "p_part_00002_of_00003"], "\(names)")
        let union = try (0..<3).flatMap { try read("p_part_0000\($0)_of_00003") }
        #expect(union == (try read("p")))
    }

    /// A table the others only refer to (shops) is generated whole by every shard, for the
    /// keys its referring rows need, but written by shard 0 alone: the folder holds one copy,
    /// and every shard's events name a shop of it.
    @Test func aTableOthersOnlyReferToIsWrittenByShardZeroAlone() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let (subjects, events, shops, _) = try ForeignKeyFixtures.tables(subjects: 120)
        for (name, table) in [("subjects", subjects), ("events", events), ("shops", shops)] {
            try CSVWriter.write(table, to: home.appendingPathComponent("\(name).csv").path, replace: true)
        }
        let parts = home.appendingPathComponent("parts").path
        let trained = try run("""
            load "\(home.path)/subjects.csv" as subjects
            load "\(home.path)/events.csv" as events
            load "\(home.path)/shops.csv" as shops
            key subjects.id
            key shops.shop
            link events.subject_id to=subjects.id order=day
            link events.shop to=shops.shop context=false
            train subjects events shops epochs=1 seed=1 as j
            watch j
            """, home: home)
        #expect(trained.status == 0, "\(trained.stderr)")
        for shard in [1, 0] {
            let result = try run("generate 1 rows=2100 seed=5 shards=2 shard=\(shard) to=\"\(parts)\"", home: home)
            #expect(result.status == 0, "shard \(shard): \(result.stderr)")
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: parts).sorted()
        #expect(written == ["events.part-00000-of-00002.parquet", "events.part-00001-of-00002.parquet",
                            "shops.part-00000-of-00002.parquet", "subjects.part-00000-of-00002.parquet",
                            "subjects.part-00001-of-00002.parquet"], "one copy of shops\n\(written)")
        let shopTable = try ParquetReader(path: parts + "/shops.part-00000-of-00002.parquet").readTable()
        let shopKeys = try shopTable.column(named: "shop")
        let known = Set((0..<shopKeys.count).map { shopKeys.formattedCell($0) })
        for shard in 0..<2 {
            let named = try ParquetReader(path: parts + "/events.part-0000\(shard)-of-00002.parquet").readTable().column(named: "shop")
            #expect(named.count > 0 && (0..<named.count).allSatisfy { named.isNull($0) || known.contains(named.formattedCell($0)) },
                    "shard \(shard): every event's shop is in the one copy of shops")
        }
    }

    @Test func badShardRequestsAreClearErrors() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let trained = try run("""
            load "\(Fixtures.data("penguins.csv"))" as p
            train p epochs=1 seed=1 as j
            """, home: home)
        #expect(trained.status == 0, "\(trained.stderr)")
        let cases: [(String, String)] = [
            ("generate 1 rows=100 seed=1 shards=4 shard=4", "shard 4 is outside 0…3: shards are numbered from 0"),
            ("generate 1 rows=100 seed=1 shards=4", "`shards=` needs `shard=I`"),
            ("generate 1 rows=100 seed=1 shard=0", "`shard=` needs `shards=K`"),
            ("generate 1 rows=100 shards=2 shard=0", "every shard must use the same seed: give `seed=`"),
            ("generate 1 rows=100 seed=1 shards=0 shard=0", "`shards` must be at least 1"),
            ("generate 1 from=p seed=1 shards=2 shard=0", "generating from a seed table is not split"),
            ("generate 1 rows=100 seed=1 shards=2 shard=0 to=nowhere", "nowhere"),
        ]
        for (command, message) in cases {
            let result = try run("load \"\(Fixtures.data("penguins.csv"))\" as p\n" + command, home: home)
            #expect(result.status != 0, "\(command) succeeded")
            #expect(result.stderr.contains(message), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("^"), "\(command): no caret\n\(result.stderr)")
        }
    }
}
