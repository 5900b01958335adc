import Foundation
import Testing
import SynthTestSupport
@testable import SynthData

/// Type inference never changes a value: what cannot be held exactly stays text.
@Suite("CSV reader: inference keeps values")
struct CSVValuePreservationTests {
    private func read(_ text: String, chunkSize: Int? = nil, hasHeader: Bool? = nil) throws -> Table {
        try CSVReader.read(path: try Fixtures.writeTemporary(text),
                           options: CSVReadOptions(hasHeader: hasHeader, chunkSize: chunkSize)).table
    }

    /// A column of many numbers and, in row `at`, one `value`: enough rows that with 4 KiB
    /// chunks the value lands in a later chunk, after the numeric fast path took the first.
    private func column(many values: (Int) -> String, odd value: String, at row: Int, rows: Int = 3000,
                        chunkSize: Int? = 4096) throws -> Column {
        var text = "x\n"
        for i in 0..<rows { text += (i == row ? value : values(i)) + "\n" }
        return try read(text, chunkSize: chunkSize).columns[0]
    }

    @Test(arguments: ["02134", "007", "-01", "+042", "00", "00.5", "-007.25", "01e3"])
    func leadingZerosKeepTheColumnText(value: String) throws {
        for row in [0, 2999] {
            let column = try column(many: { "\($0)" }, odd: value, at: row)
            #expect(column.dataType == .string, "\(value) at row \(row)")
            #expect(column.formattedCell(row) == value)
            #expect(column.formattedCell(row == 0 ? 1 : 0) == (row == 0 ? "1" : "0"), "earlier text re-read as written")
        }
    }

    @Test func leadingZerosInADecimalColumnKeepItText() throws {
        let column = try column(many: { "\($0).5" }, odd: "0012.5", at: 2500)
        #expect(column.dataType == .string)
        #expect(column.formattedCell(2500) == "0012.5" && column.formattedCell(7) == "7.5")
    }

    @Test func zipCodesOnlyFromTheSecondChunkOn() throws {
        // The first 4 KiB chunk holds plain numbers; zip codes with leading zeros come later.
        var text = "zip,n\n"
        for i in 0..<2000 { text += "\(10_000 + i),\(i)\n" }
        for i in 0..<50 { text += "0\(2000 + i),\(i)\n" }
        let table = try read(text, chunkSize: 4096)
        let zip = table.columns[0]
        #expect(zip.dataType == .string)
        #expect(zip.formattedCell(0) == "10000" && zip.formattedCell(2000) == "02000")
        #expect(table.columns[1].dataType == .int64)
    }

    @Test(arguments: ["0", "-0", "0.5", "-0.25", "0e3", ".5", "10", "100.01"])
    func zeroAndNumbersWithoutLeadingZerosAreNumbers(value: String) throws {
        let column = try read("x\n\(value)\n1\n").columns[0]
        #expect(column.dataType == .int64 || column.dataType == .double, "\(value)")
    }

    @Test func anExplicitIntegerTypeStillReadsLeadingZeros() throws {
        let table = try CSVReader.read(path: try Fixtures.writeTemporary("zip\n02134\n"),
                                       options: CSVReadOptions(columnTypes: ["zip": .int64])).table
        #expect(table.columns[0].values == .int64([2134]))
    }

    @Test(arguments: ["9223372036854775809", "-9223372036854775809", "123456789012345678901234567890",
                      "18446744073709551615", "9007199254740993"])
    func integersThatNoInt64OrDoubleHoldsStayText(value: String) throws {
        for row in [0, 2999] {
            // After integers, and after decimals (the double fast path).
            for values in [{ (i: Int) in "\(i)" }, { (i: Int) in "\(i).5" }] {
                let column = try column(many: values, odd: value, at: row)
                if value == "9007199254740993", values(1) == "1" {
                    // 2^53 + 1 is an Int64: the column stays integer and exact.
                    #expect(column.dataType == .int64)
                    continue
                }
                #expect(column.dataType == .string, "\(value) at row \(row)")
                #expect(column.formattedCell(row) == value)
            }
        }
    }

    @Test func int64ExtremesStayIntegers() throws {
        let column = try read("a\n9223372036854775807\n-9223372036854775808\n").columns[0]
        #expect(column.values == .int64([Int64.max, Int64.min]))
    }

    @Test func integersWidenToDoublesOnlyWhenExact() throws {
        // 2^53 + 1 is not a double: the decimal that follows makes the column text.
        let inexact = try column(many: { $0 == 5 ? "9007199254740993" : "\($0)" }, odd: "1.5", at: 2900)
        #expect(inexact.dataType == .string)
        #expect(inexact.formattedCell(5) == "9007199254740993")
        let exact = try column(many: { "\($0)" }, odd: "1.5", at: 2900)
        #expect(exact.dataType == .double && exact.value(at: 2900) == .double(1.5))
    }

    @Test func integersWidenToDoublesOnlyWhenExactInSchemaInference() throws {
        // inferSchema drops each chunk's values; an inexact integer in an early chunk still counts.
        var text = "x\n9007199254740993\n"
        for i in 0..<3000 { text += "\(i)\n" }
        text += "1.5\n"
        let path = try Fixtures.writeTemporary(text)
        let schema = try CSVReader.inferSchema(path: path, options: CSVReadOptions(chunkSize: 4096))
        #expect(schema.columnTypes == [.string])
    }

    @Test(arguments: ["1e400", "-1e400", "1.5e308000", "1e-400", "-2.5e-999"])
    func numbersOutsideTheRangeOfADoubleStayText(value: String) throws {
        for row in [0, 2999] {
            let column = try column(many: { "\($0).25" }, odd: value, at: row)
            #expect(column.dataType == .string, "\(value) at row \(row)")
            #expect(column.formattedCell(row) == value)
        }
    }

    @Test func infinityWordsAreInfiniteDoubles() throws {
        let column = try read("x\n1.5\ninf\n-inf\nInfinity\n-Infinity\n").columns[0]
        #expect(column.values == .double([1.5, .infinity, -.infinity, .infinity, -.infinity]))
        #expect(TextParsing.parseDouble(Array("1e400".utf8), 5) == nil)
        #expect(TextParsing.parseDouble(Array("4.9e-324".utf8), 8) == .leastNonzeroMagnitude, "subnormals are in range")
        #expect(TextParsing.parseDouble(Array("0e-400".utf8), 6) == 0, "a written zero is zero")
    }

    @Test func nanSpellingsAreNullTheSameWay() throws {
        for column in try read("a,b\n1.5,x\nNaN,NaN\nnan,nan\nNAN,NAN\n2.5,y\n").columns {
            #expect(column.nullCount == 3, "\(column.name)")
            #expect([1, 2, 3].allSatisfy(column.isNull))
        }
        let a = try read("a\n1.5\nNaN\nnan\n").columns[0]
        #expect(a.dataType == .double && a.nullCount == 2)
    }

    @Test func defaultNullTokensAreNullInEveryColumnType() throws {
        let tokens = ["", "NA", "N/A", "n/a", "#N/A", "<NA>", "NULL", "null", "None", "NaN", "nan", "NAN"]
        #expect(CSVReadOptions.defaultNullTokens == Set(tokens))
        for first in ["7", "2.5", "true", "2020-01-31", "word"] {
            // Two columns, so that the empty token is an empty field, not a skipped blank line.
            let text = "x,y\n\(first),1\n" + tokens.map { $0 + ",1\n" }.joined()
            let column = try read(text).columns[0]
            #expect(column.nullCount == tokens.count, "column starting with \(first)")
            #expect(column.dataType != .string || first == "word", "nulls do not make a \(first) column text")
        }
        // Matching is exact: `Na` (sodium) and a quoted "NA" are values.
        let elements = try read("el\nNa\n\"NA\"\nK\n").columns[0]
        #expect(elements.nullCount == 0 && elements.formattedCell(0) == "Na" && elements.formattedCell(1) == "NA")
    }

    @Test func nullTokenTextRoundTripsThroughTheWriter() throws {
        let values = ["None", "nan", "n/a", "<NA>", "#N/A", "plain"]
        let table = try Table(columns: [Column(name: "s", values: .string(StringArray(values)))])
        let path = try Fixtures.writeTemporary(CSVWriter.text(of: table))
        let back = try CSVReader.read(path: path).table.columns[0]
        #expect(back.nullCount == 0)
        #expect((0..<values.count).map { back.formattedCell($0) } == values)
    }
}

/// The first row is the header unless the caller says it is not.
@Suite("CSV reader: header")
struct CSVHeaderTests {
    @Test(arguments: ["nan,inf,2020", "2020,2021,2022", "1,2.5,true", "NA,null,None", "2020-01-01,-inf,x"])
    func aHeaderOfAnyNamesStaysTheHeader(header: String) throws {
        let path = try Fixtures.writeTemporary(header + "\n1,2,3\n4,5,6\n")
        let result = try CSVReader.read(path: path)
        #expect(result.hadHeader)
        #expect(result.table.rowCount == 2)
        #expect(result.table.columnNames == header.split(separator: ",").map(String.init))
        #expect(result.table.columns.allSatisfy { $0.dataType == .int64 })
    }

    @Test func aHeaderThatLooksLikeDataIsFlagged() throws {
        let numbers = try CSVReader.read(path: try Fixtures.writeTemporary("2020,2021\n1,2\n"))
        #expect(numbers.headerLooksLikeData)
        let names = try CSVReader.read(path: try Fixtures.writeTemporary("nan,inf,name\n1,2,3\n"))
        #expect(!names.headerLooksLikeData, "nan and inf are names, not data")
    }

    @Test func headerFalseReadsTheFirstRowAsData() throws {
        let result = try CSVReader.read(path: try Fixtures.writeTemporary("1,2.5,x\n2,3.5,y\n"),
                                        options: CSVReadOptions(hasHeader: false))
        #expect(result.hadHeader == false && !result.headerLooksLikeData)
        #expect(result.table.columnNames == ["column_1", "column_2", "column_3"])
        #expect(result.table.columns[0].values == .int64([1, 2]))
    }

    @Test func scanKeepsTheHeaderToo() throws {
        let path = try Fixtures.writeTemporary("2020,nan\n1,2\n3,4\n")
        let schema = try CSVReader.inferSchema(path: path)
        #expect(schema.hasHeader && schema.columnNames == ["2020", "nan"])
        var rows = 0
        try CSVReader.scan(path: path) { rows += $0.rowCount }
        #expect(rows == 2)
    }
}
