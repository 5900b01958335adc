import Testing
import SynthData
@testable import SynthEngine

/// Builders and checks shared by the encoding tests.
enum EncodingTestSupport {
    static func table(_ columns: Column...) throws -> Table { try Table(columns: columns) }

    static func ints(_ name: String, _ values: [Int64?]) -> Column {
        Column(name: name, values: .int64(values.map { $0 ?? 0 }), validity: ValidityBitmap(values.map { $0 != nil }))
    }

    static func doubles(_ name: String, _ values: [Double?]) -> Column {
        Column(name: name, values: .double(values.map { $0 ?? 0 }), validity: ValidityBitmap(values.map { $0 != nil }))
    }

    static func strings(_ name: String, _ values: [String?]) -> Column {
        Column(name: name, values: .string(StringArray(values.map { $0 ?? "" })), validity: ValidityBitmap(values.map { $0 != nil }))
    }

    static func dates(_ name: String, _ values: [String?]) -> Column {
        let days: [Int32] = values.map { text in
            guard let text else { return 0 }
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            let negative = text.hasPrefix("-")
            let fields = negative ? Array(parts.dropFirst()) : parts
            let year = (Int(fields[0]) ?? 0) * (negative ? -1 : 1)
            return Int32(CivilDate.days(year: year, month: Int(fields[1]) ?? 1, day: Int(fields[2]) ?? 1))
        }
        return Column(name: name, values: .date(days), validity: ValidityBitmap(values.map { $0 != nil }))
    }

    /// Encodes and decodes `table` with value protection off and checks every cell comes back
    /// identical (doubles by bit pattern, so NaN and -0.0 count), and that every code is
    /// below its sub-column's cardinality.
    @discardableResult
    static func expectRoundTrip(_ table: Table, overrides: [String: EncodingType] = [:],
                                sourceLocation: SourceLocation = #_sourceLocation) throws -> TableEncoding {
        let encoding = try TableEncoder.fit(table: table, overrides: overrides, valueProtection: false, seed: 1)
        let encoded = try encoding.encode(table)
        expectCodesInRange(encoded, sourceLocation: sourceLocation)
        let decoded = try encoding.decode(encoded, seed: 2)
        expectSameCells(table, decoded, sourceLocation: sourceLocation)
        return encoding
    }

    static func expectCodesInRange(_ encoded: EncodedTable, sourceLocation: SourceLocation = #_sourceLocation) {
        for row in 0..<encoded.rowCount {
            for (j, sub) in encoded.subColumns.enumerated() {
                let code = encoded.code(row: row, subColumn: j)
                if code < 0 || Int(code) >= sub.cardinality {
                    Issue.record("row \(row) \(sub.name): code \(code) not below \(sub.cardinality)", sourceLocation: sourceLocation)
                    return
                }
            }
        }
    }

    static func expectSameCells(_ a: Table, _ b: Table, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.columnNames == b.columnNames, sourceLocation: sourceLocation)
        #expect(a.rowCount == b.rowCount, sourceLocation: sourceLocation)
        for (x, y) in zip(a.columns, b.columns) {
            var mismatches = 0
            #expect(x.dataType == y.dataType, "\(x.name) type", sourceLocation: sourceLocation)
            for row in 0..<min(x.count, y.count) {
                let same: Bool
                if case .double(let u) = x.values, case .double(let v) = y.values, !x.isNull(row), !y.isNull(row) {
                    same = u[row].bitPattern == v[row].bitPattern || (u[row].isNaN && v[row].isNaN)
                } else {
                    same = x.isNull(row) == y.isNull(row) && x.formattedCell(row) == y.formattedCell(row)
                }
                if !same {
                    mismatches += 1
                    if mismatches > 3 { break }
                    Issue.record("\(x.name) row \(row): \(x.formattedCell(row) ?? "null") came back as \(y.formattedCell(row) ?? "null")",
                                 sourceLocation: sourceLocation)
                }
            }
        }
    }
}
