import Foundation
import Testing
import SynthTestSupport
@testable import SynthData

/// Timestamps read from text keep their source's layout on output (CSV, and through Parquet),
/// and a layout never changes a value.
@Suite("Timestamp text layouts")
struct TimestampLayoutTests {
    static let layouts = [
        "2013-01-26 03:45:27\n2013-02-01 23:59:01\n",          // COMPAS-like: space, seconds
        "2013-01-26 03:45\n2013-02-01 23:59\n",                // no seconds
        "2013-01-26T03:45:27\n2013-02-01T23:59:01\n",          // ISO
        "2013-01-26 03:45:27.25\n2013-02-01 23:59:01.10\n",    // two fraction digits
        "2013-01-26 03:45:27Z\n2013-02-01 23:59:01Z\n",        // UTC
        "2013-01-26\n2013-02-01\n",                            // date only stays a date
    ]

    @Test(arguments: layouts)
    func csvWritesTimestampsAsTheSourceDid(body: String) throws {
        let text = "when\n" + body
        let table = try CSVReader.read(path: try Fixtures.writeTemporary(text)).table
        #expect(CSVWriter.text(of: table) == text)
        // Through Parquet too.
        let parquet = try Fixtures.temporaryDirectory().appendingPathComponent("t.parquet").path
        try ParquetWriter.write(table, to: parquet)
        let back = try ParquetReader(path: parquet).readTable()
        #expect(back.columns[0].dataType == table.columns[0].dataType)
        #expect(back.columns[0].timestampLayout == table.columns[0].timestampLayout)
        #expect(CSVWriter.text(of: back) == text)
    }

    @Test func dateOnlyColumnsStayDates() throws {
        let table = try CSVReader.read(path: try Fixtures.writeTemporary("d\n2013-01-26\n")).table
        #expect(table.columns[0].dataType == .date)
    }

    /// A layout without seconds or fraction digits still writes the ones a value needs.
    @Test func layoutsNeverDropPartsOfAValue() throws {
        let layout = TimestampTextLayout(separator: UInt8(ascii: " "), hasSeconds: false, fractionDigits: 0)
        let column = Column(name: "t", values: .timestamp([0, 10_000, 60_000, 60_250], unit: .milliseconds, timeZone: nil),
                            timestampLayout: layout)
        let text = CSVWriter.text(of: try Table(columns: [column]))
        #expect(text == "t\n1970-01-01 00:00\n1970-01-01 00:00:10\n1970-01-01 00:01\n1970-01-01 00:01:00.25\n")
        let back = try CSVReader.read(path: try Fixtures.writeTemporary(text)).table
        #expect(back.columns[0] == column)
    }

    @Test func mixedLayoutsKeepEveryValue() throws {
        let text = "t\n2013-01-26 03:45\n2013-01-26T03:45:10\n"
        let table = try CSVReader.read(path: try Fixtures.writeTemporary(text)).table
        let again = try CSVReader.read(path: try Fixtures.writeTemporary(CSVWriter.text(of: table))).table
        #expect(again == table)
    }

    /// The footer entry is untrusted: anything malformed is ignored, never a crash.
    @Test func craftedLayoutEntriesAreIgnored() {
        let decoded = TimestampLayoutMetadata.decode("0:Xs0;1: s3;abc;99: s0;2: -x;-1:Ts0;;1", columnCount: 3)
        #expect(decoded == [1: TimestampTextLayout(separator: UInt8(ascii: " "), hasSeconds: true, fractionDigits: 3)])
        #expect(TimestampLayoutMetadata.decode(String(repeating: "0:Ts0;", count: 100_000), columnCount: 1).count == 1)
    }
}
