import Foundation
import Testing
import SynthTestSupport
@testable import SynthData

@Suite("CSV writer round trips")
struct CSVRoundTripTests {
    static let sharedFiles = ["diamonds.csv", "penguins.csv", "nycflights13_airlines.csv", "nycflights13_airports.csv",
                              "nycflights13_planes.csv", "nycflights13_weather.csv", "nycflights13_flights.csv"]

    @Test(arguments: sharedFiles)
    func readWriteReadGivesTheSameTable(file: String) throws {
        let original = try CSVReader.read(path: Fixtures.data(file)).table
        let out = try Fixtures.temporaryDirectory().appendingPathComponent(file).path
        try CSVWriter.write(original, to: out)
        let again = try CSVReader.read(path: out).table
        #expect(again == original)
        try? FileManager.default.removeItem(atPath: out)
    }

    @Test func edgeValuesSurvive() throws {
        let table = try Table(columns: [
            Column(name: "s", values: .string(StringArray(["", "NA", " pad ", "a,b", "q\"q", "multi\nline", "Grün ✓"]))),
            Column(name: "d", values: .double([0, -0.0, 1e-300, 1.7976931348623157e308, .nan, -.infinity, 0.1])),
            Column(name: "n", values: .int64([1, 2, 3, 4, 5, 6, 7]), validity: ValidityBitmap([true, false, true, true, true, true, false])),
        ])
        let text = CSVWriter.text(of: table)
        let path = try Fixtures.writeTemporary(text)
        let again = try CSVReader.read(path: path).table
        #expect(again.columns[0] == table.columns[0])
        #expect(again.columns[2] == table.columns[2])
        guard case let .double(a) = again.columns[1].values, case let .double(b) = table.columns[1].values else {
            Issue.record("expected doubles")
            return
        }
        #expect(zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) })
    }

    @Test func timestampsAndDatesSurvive() throws {
        let table = try Table(columns: [
            Column(name: "d", values: .date([-25567, 0, 47482])),
            Column(name: "t", values: .timestamp([-1, 0, 4_102_444_800_123_456], unit: .microseconds, timeZone: nil)),
            Column(name: "z", values: .timestamp([-1, 0, 1_357_034_400_000], unit: .milliseconds, timeZone: "UTC")),
        ])
        let path = try Fixtures.writeTemporary(CSVWriter.text(of: table))
        #expect(try CSVReader.read(path: path).table == table)
    }
}
