import Foundation
import SynthTestSupport
import Testing
@testable import SynthData

/// A Parquet read reports its progress (the file read in pieces, then each column chunk
/// decoded) and stops when its monitor says so, as a CSV read does.
@Suite struct ParquetReadProgressTests {
    private func writeFile(rows: Int, in directory: URL) throws -> String {
        let table = try Table(columns: [
            Column(name: "id", values: .int64((0..<Int64(rows)).map { $0 })),
            Column(name: "name", values: .string(StringArray((0..<rows).map { "name \($0 % 97)" }))),
        ])
        let path = directory.appendingPathComponent("t.parquet").path
        var options = ParquetWriteOptions()
        options.rowGroupSize = max(1, rows / 8)
        try ParquetWriter.write(table, to: path, options: options, replace: false)
        return path
    }

    @Test func progressReachesTheWholeFileThenEveryChunk() throws {
        let path = try writeFile(rows: 40_000, in: try Fixtures.temporaryDirectory())
        var reads: [(Int, Int)] = []
        let reader = try ParquetReader(path: path, monitor: ReadMonitor(progress: { reads.append(($0, $1)) }))
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(reads.last.map { $0.0 == $0.1 && $0.1 == size } == true)
        let lock = NSLock()
        var decoded: [(Int, Int)] = []
        let table = try reader.readTable(monitor: ReadMonitor(progress: { done, total in lock.withLock { decoded.append((done, total)) } }))
        #expect(table.rowCount == 40_000)
        #expect(decoded.count == reader.rowGroupCount * 2, "one report per column chunk")
        #expect(decoded.map(\.0) == decoded.map(\.0).sorted())
        #expect(decoded.last.map { $0.0 == $0.1 } == true)
    }

    @Test func aCancelledMonitorStopsReadingAndDecoding() throws {
        let path = try writeFile(rows: 40_000, in: try Fixtures.temporaryDirectory())
        #expect(throws: ReadCancelled.self) {
            _ = try ParquetReader(path: path, monitor: ReadMonitor(isCancelled: { true }))
        }
        let reader = try ParquetReader(path: path)
        let lock = NSLock()
        var reports = 0
        #expect(throws: ReadCancelled.self) {
            _ = try reader.readTable(monitor: ReadMonitor(progress: { _, _ in lock.withLock { reports += 1 } }, isCancelled: { true }))
        }
        #expect(reports <= 2, "each column stops after the chunk in hand")
    }
}
