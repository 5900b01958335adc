import Foundation
import Testing
import SynthTestSupport
@testable import SynthData

private func read(_ text: String, options: CSVReadOptions = .init()) throws -> CSVReadResult {
    try CSVReader.read(path: try Fixtures.writeTemporary(text), options: options)
}

private func cells(_ table: Table) -> [[String?]] {
    (0..<table.rowCount).map { row in table.columns.map { $0.formattedCell(row) } }
}

@Suite("CSV reader: RFC 4180")
struct CSVRFC4180Tests {
    @Test func quotedFieldsWithDelimitersAndDoubledQuotes() throws {
        let result = try read("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n")
        #expect(cells(result.table) == [["x, y", "say \"hi\""]])
    }

    @Test func embeddedNewlinesInQuotes() throws {
        let result = try read("a,b\n\"line1\nline2\",2\nz,3\n")
        #expect(result.table.rowCount == 2)
        #expect(cells(result.table)[0] == ["line1\nline2", "2"])
    }

    @Test func crlfLineEndings() throws {
        let result = try read("a,b\r\n1,x\r\n2,y\r\n")
        #expect(result.table.columns[0].values == .int64([1, 2]))
        #expect(cells(result.table)[1] == ["2", "y"])
    }

    @Test func finalLineWithoutNewline() throws {
        let result = try read("a,b\n1,2\n3,4")
        #expect(result.table.columns[1].values == .int64([2, 4]))
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let result = try read("\u{FEFF}name,n\nGrün,1\n")
        #expect(result.table.columnNames == ["name", "n"])
        #expect(cells(result.table) == [["Grün", "1"]])
    }

    @Test func quotedEmptyStringIsNotNull() throws {
        let result = try read("a,b\n\"\",1\n,2\n")
        let a = result.table.columns[0]
        #expect(a.isNull(0) == false && a.formattedCell(0) == "")
        #expect(a.isNull(1))
    }

    @Test func blankLinesAreSkipped() throws {
        let result = try read("a,b\n1,2\n\n3,4\n")
        #expect(result.table.rowCount == 2)
    }

    @Test func rowsSpanningChunkBoundaries() throws {
        var text = "id,text,value\n"
        for i in 0..<5000 { text += "\(i),\"multi\nline \(i), with \"\"quotes\"\"\",\(Double(i) * 0.5)\n" }
        let result = try read(text, options: CSVReadOptions(chunkSize: 4096))
        #expect(result.table.rowCount == 5000)
        #expect(result.table.columns[1].formattedCell(4321) == "multi\nline 4321, with \"quotes\"")
        #expect(result.table.columns[2].values == .double((0..<5000).map { Double($0) * 0.5 }))
    }
}

@Suite("CSV reader: parallel indexing")
struct CSVParallelIndexingTests {
    /// Large chunks are indexed in two halves split at a row boundary found by quote parity.
    @Test func quotedNewlinesAcrossTheSplitPoint() throws {
        var text = "id,note\n"
        for i in 0..<40_000 { text += i % 7 == 0 ? "\(i),\"a\nb, \"\"c\"\"\"\n" : "\(i),plain\n" }
        let result = try read(text, options: CSVReadOptions(chunkSize: 256 << 10))
        #expect(result.table.rowCount == 40_000)
        #expect(result.table.columns[0].values == .int64((0..<40_000).map(Int64.init)))
        #expect(result.table.columns[1].formattedCell(7) == "a\nb, \"c\"")
    }

    /// A stray quote inside an unquoted field breaks the parity guess; the reader must notice.
    @Test func strayQuotesFallBackToOnePass() throws {
        var text = "id,note\n"
        for i in 0..<40_000 { text += i == 10 ? "\(i),5\" screen\n" : "\(i),x\n" }
        let result = try read(text, options: CSVReadOptions(chunkSize: 256 << 10))
        #expect(result.table.rowCount == 40_000)
        #expect(result.table.columns[1].formattedCell(10) == "5\" screen")
        #expect(result.table.columns[1].formattedCell(39_999) == "x")
    }
}

@Suite("CSV reader: sniffing")
struct CSVSniffingTests {
    @Test(arguments: [(";", UInt8(ascii: ";")), ("\t", UInt8(ascii: "\t")), ("|", UInt8(ascii: "|")), (",", UInt8(ascii: ","))])
    func delimiterIsSniffed(symbol: String, byte: UInt8) throws {
        let text = ["a", "b", "c"].joined(separator: symbol) + "\n" + ["1", "x,y", "2.5"].joined(separator: symbol) + "\n"
            + ["2", "z", "3.5"].joined(separator: symbol) + "\n"
        let result = try read(symbol == "," ? "a,b,c\n1,xy,2.5\n2,z,3.5\n" : text)
        #expect(result.delimiter == byte)
        #expect(result.table.columnNames == ["a", "b", "c"])
    }

    @Test func headerlessFileGetsGeneratedNames() throws {
        let result = try read("1,2.5,x\n2,3.5,y\n", options: CSVReadOptions(hasHeader: false))
        #expect(result.hadHeader == false)
        #expect(result.table.columnNames == ["column_1", "column_2", "column_3"])
        #expect(result.table.rowCount == 2)
    }

    @Test func explicitOptionsOverrideSniffing() throws {
        let result = try read("a;b\n1;2\n", options: CSVReadOptions(delimiter: UInt8(ascii: ","), hasHeader: false))
        #expect(result.table.columnCount == 1)
        #expect(result.table.rowCount == 2)
    }

    @Test func duplicateAndEmptyHeaderNamesAreMadeUnique() throws {
        let result = try read("a,a,\n1,2,3\n")
        #expect(result.table.columnNames == ["a", "a_1", "column_3"])
    }
}

@Suite("CSV reader: type inference")
struct CSVTypeInferenceTests {
    @Test func basicTypes() throws {
        let result = try read("""
        i,f,b,d,t,s
        1,1.5,true,2020-01-31,2020-01-31T10:00:00,abc
        -2,2e3,False,1969-12-31,2020-01-31 10:00:00.123,def

        """)
        let types = result.table.columns.map(\.dataType)
        #expect(types == [.int64, .double, .bool, .date, .timestamp(unit: .milliseconds, timeZone: nil), .string])
        #expect(result.table.columns[3].values == .date([18292, -1]))
    }

    @Test func timestampsWithZonesAreInstants() throws {
        let result = try read("t\n2013-01-01T10:00:00Z\n2013-01-01T12:00:00+02:00\n")
        let column = result.table.columns[0]
        #expect(column.dataType == .timestamp(unit: .seconds, timeZone: "UTC"))
        #expect(column.values == .timestamp([1_357_034_400, 1_357_034_400], unit: .seconds, timeZone: "UTC"))
        let fixed = try read("t\n2013-01-01T12:00:00.5+02:00\n")
        // Written as the source wrote it (one fraction digit; `TimestampTextLayout`).
        #expect(fixed.table.columns[0].formattedCell(0) == "2013-01-01T12:00:00.5+02:00")
    }

    @Test func nullTokens() throws {
        let result = try read("a,b,c\n1,NA,x\nNULL,2.5,N/A\nnull,NaN,\n4,,\"NA\"\n")
        let (a, b, c) = (result.table.columns[0], result.table.columns[1], result.table.columns[2])
        #expect(a.dataType == .int64 && a.nullCount == 2)
        #expect(b.dataType == .double && b.nullCount == 3)
        #expect(c.dataType == .string && c.nullCount == 2 && c.formattedCell(3) == "NA")
        let custom = try read("a\n-\n1\n", options: CSVReadOptions(nullTokens: ["-"]))
        #expect(custom.table.columns[0].dataType == .int64 && custom.table.columns[0].nullCount == 1)
    }

    @Test func widensIntToDoubleToStringAcrossChunks() throws {
        var text = "a,b\n"
        for i in 0..<3000 { text += "\(i),\(i)\n" }
        text += "1.5,hello\n"
        let result = try read(text, options: CSVReadOptions(chunkSize: 4096))
        #expect(result.table.columns[0].dataType == .double)
        #expect(result.table.columns[1].dataType == .string)
        #expect(result.table.columns[1].formattedCell(2999) == "2999")
        #expect(result.table.columns[1].formattedCell(3000) == "hello")
    }

    @Test func allNullColumnIsString() throws {
        let result = try read("a,b\n1,\n2,\n")
        #expect(result.table.columns[1].dataType == .string && result.table.columns[1].nullCount == 2)
    }

    @Test func explicitColumnType() throws {
        let result = try read("zip\n01234\n99999\n", options: CSVReadOptions(columnTypes: ["zip": .string]))
        #expect(result.table.columns[0].formattedCell(0) == "01234")
    }

    @Test func largeIntegersAndSpecialDoubles() throws {
        let result = try read("a,b\n9223372036854775807,inf\n-9223372036854775808,-1e-300\n")
        #expect(result.table.columns[0].values == .int64([Int64.max, Int64.min]))
        #expect(result.table.columns[1].values == .double([.infinity, -1e-300]))
        // One past Int64.max is 2^63, which a double holds exactly; one more is not.
        let overflow = try read("a\n9223372036854775808\n")
        #expect(overflow.table.columns[0].values == .double([9_223_372_036_854_775_808]))
        let inexact = try read("a\n9223372036854775809\n")
        #expect(inexact.table.columns[0].dataType == .string)
    }

    @Test func flightsTypes() throws {
        let table = try CSVReader.read(path: Fixtures.data("nycflights13_flights.csv")).table
        #expect(table.rowCount == 10_000)
        #expect(try table.column(named: "time_hour").dataType == .timestamp(unit: .seconds, timeZone: "UTC"))
        let tailnum = try table.column(named: "tailnum")
        #expect(tailnum.dataType == .string && tailnum.nullCount == 14)
        let depTime = try table.column(named: "dep_time")
        #expect(depTime.dataType == .int64 && depTime.nullCount == 58)
        #expect(try table.column(named: "arr_delay").nullCount == 89)
    }
}

@Suite("CSV reader: bad input")
struct CSVBadInputTests {
    @Test func raggedRowNamesLineAndColumn() throws {
        let path = try Fixtures.writeTemporary("a,b\n1,2\n3,4,5\n")
        #expect(throws: CSVError(.wrongFieldCount(expected: 2, found: 3), file: path, line: 3, column: 5)) {
            try CSVReader.read(path: path)
        }
    }

    @Test func skipBadRowsCountsThem() throws {
        let result = try read("a,b\n1,2\n3\n4,5,6\n7,8\n", options: CSVReadOptions(skipBadRows: true))
        #expect(result.skippedRows == 2)
        #expect(result.table.columns[0].values == .int64([1, 7]))
    }

    @Test func unterminatedQuote() throws {
        let path = try Fixtures.writeTemporary("a,b\n1,2\n3,\"oops\n4,5\n")
        #expect(throws: CSVError(.unterminatedQuote, file: path, line: 3, column: 3)) {
            try CSVReader.read(path: path)
        }
    }

    @Test func invalidUTF8() throws {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("bad.csv")
        try Data([0x61, 0x0A, 0x62, 0xFF, 0x63, 0x0A]).write(to: url)
        #expect(throws: CSVError(.invalidUTF8, file: url.path, line: 2, column: 2)) {
            try CSVReader.read(path: url.path)
        }
    }

    @Test func invalidUTF8InEitherHalfOfALargeChunkIsFoundAtItsLine() throws {
        // 20,000 rows (about 200 KB): each chunk is indexed and validated in two halves.
        for badRow in [5, 15_000] {
            var bytes = Array("id,name\n".utf8)
            for row in 1...20_000 {
                bytes += Array("\(row),n\(row)".utf8)
                if row == badRow { bytes += [0xC3, 0x28] }
                bytes.append(0x0A)
            }
            let url = try Fixtures.temporaryDirectory().appendingPathComponent("bad.csv")
            try Data(bytes).write(to: url)
            let column = "\(badRow),n\(badRow)".utf8.count + 1
            #expect(throws: CSVError(.invalidUTF8, file: url.path, line: badRow + 1, column: column)) {
                try CSVReader.read(path: url.path)
            }
        }
    }

    @Test func missingAndEmptyFiles() throws {
        #expect(throws: FileAccessError(.notFound, path: "/nonexistent/x.csv")) { try CSVReader.read(path: "/nonexistent/x.csv") }
        let empty = try Fixtures.writeTemporary("")
        #expect(throws: CSVError(.emptyFile, file: empty)) { try CSVReader.read(path: empty) }
    }

    @Test func fixedTypeMismatchIsAnError() throws {
        let path = try Fixtures.writeTemporary("a\n1\nx\n")
        #expect(throws: CSVError(.invalidValue(column: "a", type: .int64, text: "x"), file: path, line: 3, column: 1)) {
            try CSVReader.read(path: path, options: CSVReadOptions(columnTypes: ["a": .int64]))
        }
    }

    @Test func randomGarbageNeverCrashes() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("ab,;\"\n\r1.5 NA\t|".utf8) + [0xC3, 0xA9, 0xFF]
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            let url = try Fixtures.temporaryDirectory().appendingPathComponent("fuzz.csv")
            try Data(bytes).write(to: url)
            _ = try? CSVReader.read(path: url.path, options: CSVReadOptions(chunkSize: 64))
        }
    }
}

@Suite("CSV streaming")
struct CSVStreamingTests {
    @Test func scanYieldsChunksWithFixedSchema() throws {
        var text = "a,b\n"
        for i in 0..<10_000 { text += "\(i),\(i % 3 == 0 ? "NA" : String(i))\n" }
        let path = try Fixtures.writeTemporary(text)
        let schema = try CSVReader.inferSchema(path: path, options: CSVReadOptions(chunkSize: 8192))
        #expect(schema.columnTypes == [.int64, .int64])
        var rows = 0, batches = 0, sum: Int64 = 0
        try CSVReader.scan(path: path, options: CSVReadOptions(chunkSize: 8192), schema: schema) { batch in
            batches += 1
            rows += batch.rowCount
            if case let .int64(v) = batch.columns[0].values { sum += v.reduce(0, +) }
        }
        #expect(rows == 10_000 && batches > 5 && sum == 49_995_000)
    }
}
