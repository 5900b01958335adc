import Foundation
import SynthTestSupport
import Testing

/// Timestamps written with a fixed UTC offset (`2013-01-26T03:45:27+02:00`, `+0200`, `+02`)
/// keep that form through load → train → download (CSV and Parquet), as the source wrote them.
@Suite("Fixed-offset timestamps (real binary)", .serialized)
struct TimestampOffsetEndToEndTests {
    @Test(arguments: ["+02:00", "+0200", "+02", "-05:30"])
    func fixedOffsetTimestampsAreWrittenBackWithTheirOffset(_ offset: String) throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let directory = try Fixtures.temporaryDirectory()
        var text = "id,seen,kind\n"
        for i in 0..<200 {
            let time = String(format: "2013-%02d-%02dT%02d:%02d:%02d", 1 + i % 9, 1 + i % 28, i % 24, (i * 7) % 60, (i * 13) % 60)
            text += "\(i),\(time)\(offset),\(i % 3 == 0 ? "a" : "b")\n"
        }
        try Data(text.utf8).write(to: directory.appendingPathComponent("seen.csv"))
        let result = try BinaryHarness.run(["-c", """
            load "seen.csv" as s
            train s epochs=2 seed=3 as j
            download j to="syn.csv"
            download j to="syn.parquet"
            load "syn.parquet" as back
            export back "back.csv"
            """], in: directory, environment: ["SYNTH_HOME": directory.appendingPathComponent("home").path])
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["syn.csv", "back.csv"] {
            let rows = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n").dropFirst()
            #expect(rows.count == 200, "\(file)")
            let seen = rows.map { $0.split(separator: ",")[1] }
            #expect(seen.allSatisfy { $0.count == 19 + offset.count && $0.hasSuffix(offset) && $0.dropFirst(10).hasPrefix("T") },
                    "\(file): \(seen.prefix(3))")
        }
    }
}
