import Foundation
import Testing
import SynthTestSupport
@testable import SynthData

/// `ParquetReader(streamingFrom:)` reads the footer only and each row group's bytes from the
/// file when decoded: it gives exactly what the whole-file reader gives, group by group and
/// with a column projection, and a damaged file is still a `ParquetError`.
@Suite("Parquet streaming reader")
struct ParquetStreamingReaderTests {
    func groupedPenguins() throws -> (path: String, table: Table, groups: Int) {
        let table = try CSVReader.read(path: Fixtures.data("penguins.csv")).table
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("grouped.parquet").path
        let writer = try ParquetStreamWriter(path: path)
        var groups = 0
        for start in stride(from: 0, to: table.rowCount, by: 60) {
            try writer.append(table.gatheringRows(Array(start..<min(start + 60, table.rowCount))))
            groups += 1
        }
        try writer.commit()
        return (path, table, groups)
    }

    @Test func rowGroupsReadFromTheFileMatchTheWholeFileRead() throws {
        let (path, table, groups) = try groupedPenguins()
        let whole = try ParquetReader(path: path), streaming = try ParquetReader(streamingFrom: path)
        #expect(streaming.rowGroupCount == groups && streaming.rowCount == table.rowCount)
        for group in 0..<groups {
            #expect(try streaming.readRowGroup(group) == whole.readRowGroup(group))
            #expect(try streaming.readRowGroup(group, columns: ["species", "body_mass_g"])
                    == whole.readRowGroup(group, columns: ["species", "body_mass_g"]))
        }
        #expect(try streaming.readTable() == table)
    }

    @Test func aTruncatedFileIsAnErrorNotACrash() throws {
        let (path, _, _) = try groupedPenguins()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let footer = Array(bytes.suffix(4096))
        bytes = Array(bytes.prefix(bytes.count / 3)) + footer  // chunks now point past the data
        let damaged = try Fixtures.temporaryDirectory().appendingPathComponent("damaged.parquet").path
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        #expect(throws: ParquetError.self) {
            let reader = try ParquetReader(streamingFrom: damaged)
            for group in 0..<reader.rowGroupCount { _ = try reader.readRowGroup(group) }
        }
    }
}
