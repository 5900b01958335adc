import Foundation
import Testing
import SynthTestSupport
@testable import SynthData

/// Parquet files written by other tools, kept in `Tests/Fixtures/parquet-foreign` (see its README
/// for how each was made).
@Suite("ParquetReader: files from other writers")
struct ParquetForeignFileTests {
    static func fixture(_ name: String) -> String {
        Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/parquet-foreign").appendingPathComponent(name).path
    }

    /// pyarrow writes a 0-row table as one row group of 0 rows whose column chunks have
    /// data page offset 0: an empty table with the file's schema, not a corrupt file.
    @Test func zeroRowFileFromPyarrowIsAnEmptyTable() throws {
        let reader = try ParquetReader(path: Self.fixture("empty_pyarrow.parquet"))
        #expect(reader.rowCount == 0 && reader.rowGroupCount == 1)
        let table = try reader.readTable()
        #expect(table.rowCount == 0)
        #expect(table.columnNames == ["id", "name", "price", "day", "at", "ok"])
        #expect(table.columns.map(\.dataType) == [.int64, .string, .double, .date,
                                                  .timestamp(unit: .microseconds, timeZone: "UTC"), .bool])
        #expect(try reader.readTable(columns: ["name"]).columnNames == ["name"])
    }

    /// Our own writer's 0-row file reads back the same way.
    @Test func zeroRowFileFromOurWriterIsAnEmptyTable() throws {
        let table = try Table(columns: [Column(name: "n", values: .int64([])), Column(name: "s", values: .string(StringArray()))])
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("empty.parquet").path
        try ParquetWriter.write(table, to: path)
        let back = try ParquetReader(path: path).readTable()
        #expect(back.rowCount == 0 && back.columns.map(\.dataType) == [.int64, .string])
    }

    @Test func aDirectoryIsNotAFile() throws {
        let directory = try Fixtures.temporaryDirectory().path
        #expect(throws: FileAccessError(.isDirectory, path: directory)) { try ParquetReader(path: directory) }
    }
}
