import Foundation
import Testing
import SynthTestSupport
@testable import SynthData

/// `CSVStreamWriter` and `ParquetStreamWriter` write a table chunk by chunk: the result reads
/// back as the whole table, and the file appears only when complete.
@Suite("Stream writers")
struct StreamWritersTests {
    /// penguins (every column type the CSV reader infers there, with nulls) cut into chunks.
    func chunks(of table: Table, size: Int) -> [Table] {
        stride(from: 0, to: table.rowCount, by: size).map { table.gatheringRows(Array($0..<min($0 + size, table.rowCount))) }
    }

    @Test func chunkedCSVIsTheWholeTablesCSV() throws {
        let table = try CSVReader.read(path: Fixtures.data("penguins.csv")).table
        let folder = try Fixtures.temporaryDirectory()
        let streamed = folder.appendingPathComponent("streamed.csv").path, whole = folder.appendingPathComponent("whole.csv").path
        let writer = try CSVStreamWriter(path: streamed)
        for chunk in chunks(of: table, size: 37) { try writer.append(chunk) }
        #expect(!FileManager.default.fileExists(atPath: streamed), "nothing at the destination before commit")
        try writer.commit()
        try CSVWriter.write(table, to: whole)
        #expect(try Data(contentsOf: URL(fileURLWithPath: streamed)) == Data(contentsOf: URL(fileURLWithPath: whole)))
    }

    @Test func chunkedParquetReadsBackAsTheWholeTable() throws {
        let table = try CSVReader.read(path: Fixtures.data("penguins.csv")).table
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("streamed.parquet").path
        let writer = try ParquetStreamWriter(path: path)
        let parts = chunks(of: table, size: 50)
        for chunk in parts { try writer.append(chunk) }
        #expect(writer.rowCount == table.rowCount)
        try writer.commit()
        let reader = try ParquetReader(path: path)
        #expect(reader.rowGroupCount == parts.count)
        #expect(try reader.readTable() == table)
    }

    @Test func anEmptyTableGivesTheColumnsWithoutRows() throws {
        let table = try CSVReader.read(path: Fixtures.data("penguins.csv")).table.head(0)
        let folder = try Fixtures.temporaryDirectory()
        let parquet = try ParquetStreamWriter(path: folder.appendingPathComponent("e.parquet").path)
        try parquet.append(table)
        try parquet.commit()
        let read = try ParquetReader(path: folder.appendingPathComponent("e.parquet").path).readTable()
        #expect(read.rowCount == 0 && read.columnNames == table.columnNames)
        let csv = try CSVStreamWriter(path: folder.appendingPathComponent("e.csv").path)
        try csv.append(table)
        try csv.commit()
        #expect(try String(contentsOfFile: folder.appendingPathComponent("e.csv").path, encoding: .utf8) == table.columnNames.joined(separator: ",") + "\n")
    }

    @Test func aChunkWithOtherColumnsIsAnErrorAndLeavesNoFile() throws {
        let table = try CSVReader.read(path: Fixtures.data("penguins.csv")).table
        let folder = try Fixtures.temporaryDirectory()
        let other = try Table(columns: [Column(name: "x", values: .int64([1]))])
        let parquet = try ParquetStreamWriter(path: folder.appendingPathComponent("a.parquet").path)
        try parquet.append(table.head(3))
        #expect(throws: ParquetError.self) { try parquet.append(other) }
        parquet.discard()
        let csv = try CSVStreamWriter(path: folder.appendingPathComponent("a.csv").path)
        try csv.append(table.head(3))
        #expect(throws: FileWriteError.self) { try csv.append(other) }
        csv.discard()
        // Without any table the Parquet file has no columns: an error, and no file.
        let empty = try ParquetStreamWriter(path: folder.appendingPathComponent("b.parquet").path)
        #expect(throws: ParquetError.self) { try empty.commit() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no file and no temporary file is left")
    }

    @Test func anExistingFileIsReplacedOnlyWhenAsked() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = folder.appendingPathComponent("kept.parquet").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: FileWriteError.self) { try ParquetStreamWriter(path: path) }
        #expect(throws: FileWriteError.self) { try CSVStreamWriter(path: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep")
    }
}
