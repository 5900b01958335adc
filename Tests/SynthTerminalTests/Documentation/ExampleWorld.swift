import Foundation
import SynthTestSupport

/// A folder where every documented example can run: the tables and files the examples
/// name (copied from `Tests/Fixtures` or made here), and a job store with three finished
/// jobs (1 `j` and 3 `k` trained on penguins for one epoch, 2 generated from 1), made
/// once per test run. Each example runs in its own copy, so one that deletes or
/// overwrites something cannot change what another sees.
///
/// Layout: `shared/data/` (as `../shared/data/` from the work folder), `work/` (the
/// current folder of every example) and `home/` (`SYNTH_HOME`).
enum ExampleWorld {
    /// Names every example may use, bound before it runs.
    static let prelude = """
        load "diamonds.csv" as d
        load "penguins.csv" as p
        load "penguins.csv" as penguins
        load "flights.csv" as f
        sample d 500 seed=1 as small
        select p island as islands
        sample p 100 seed=2 as syn
        sample p 200 seed=3 as orig
        sample p 100 seed=4 as hold
        filter p sex is null as gaps
        load "data/chickweight_chicks.csv" as chicks
        load "data/chickweight_weights.csv" as weights
        """

    struct SetupFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// The prepared world (built on first use).
    static let template: Result<URL, SetupFailed> = {
        do { return .success(try build()) } catch { return .failure(SetupFailed(description: "\(error)")) }
    }()

    /// A fresh copy of the world for one example.
    static func copy() throws -> URL {
        let source = try template.get()
        let target = try Fixtures.temporaryDirectory().appendingPathComponent("world")
        try FileManager.default.copyItem(at: source, to: target)
        return target
    }

    private static func build() throws -> URL {
        let root = try Fixtures.temporaryDirectory().appendingPathComponent("world")
        let work = root.appendingPathComponent("work"), shared = root.appendingPathComponent("shared/data")
        let manager = FileManager.default
        for folder in [work.appendingPathComponent("data"), shared, root.appendingPathComponent("home")] {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let copies = [("diamonds.csv", work, "diamonds.csv"), ("diamonds.csv", work, "d.csv"),
                      ("penguins.csv", work, "penguins.csv"), ("penguins.csv", work, "data/penguins.csv"),
                      ("chickweight_chicks.csv", work, "data/chickweight_chicks.csv"),
                      ("chickweight_weights.csv", work, "data/chickweight_weights.csv"),
                      ("nycflights13_flights.csv", work, "flights.csv"),
                      ("diamonds.csv", shared, "diamonds.csv"), ("penguins.csv", shared, "penguins.csv")]
        for (fixture, folder, name) in copies {
            try manager.copyItem(atPath: Fixtures.data(fixture), toPath: folder.appendingPathComponent(name).path)
        }
        try "a|1\nb|2\nc|3\n".write(to: work.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
        try """
            name,city,joined,member
            Ann,London,2021-03-04,true
            Bob,Paris,2019-11-30,false
            Cem,London,2020-06-15,true

            """.write(to: work.appendingPathComponent("data/people.csv"), atomically: true, encoding: .utf8)
        let setup = """
            load "penguins.csv" as p
            train p epochs=1 seed=1 as j
            watch j
            generate j rows=50 seed=1 as g
            watch g
            train p epochs=1 seed=2 as k
            watch k
            load "flights.csv" as f
            export f "flights.parquet"
            """
        let result = try run(setup, in: root)
        guard result.status == 0 else {
            throw SetupFailed(description: "the example world's setup failed (\(result.status)): \(result.stderr)")
        }
        return root
    }

    /// Runs `script` as a script file in `world`'s work folder, with its store.
    static func run(_ script: String, in world: URL, arguments extra: [String] = []) throws -> BinaryHarness.Result {
        let work = world.appendingPathComponent("work")
        let file = world.appendingPathComponent("example.synth")
        try script.write(to: file, atomically: true, encoding: .utf8)
        return try BinaryHarness.run(extra + [file.path], in: work, environment: environment(world), timeout: 600)
    }

    /// `SYNTH_HOME` of the world.
    static func environment(_ world: URL) -> [String: String] {
        ["SYNTH_HOME": world.appendingPathComponent("home").path]
    }
}
