import Foundation
import Testing
import SynthTestSupport
import SynthData
@testable import SynthEngine

/// Decoded (synthetic) columns come back in the source's format: timestamps in their text
/// layout, dates as dates, decimals with the source's decimal places.
@Suite struct OutputFidelityEncodingTests {
    static func sourceTable() throws -> Table {
        var text = "booked,day,score\n"
        for i in 0..<400 {
            let day = 1 + i % 28, hour = i % 24, minute = (i * 7) % 60, second = (i * 13) % 60
            text += String(format: "2013-01-%02d %02d:%02d:%02d,2014-03-%02d,%d.%02d\n", day, hour, minute, second, day,
                           i % 97, (i * 31) % 100)
        }
        return try CSVReader.read(path: try Fixtures.writeTemporary(text)).table
    }

    @Test func decodedColumnsKeepTheSourceFormat() throws {
        let table = try Self.sourceTable()
        #expect(table.columns[0].timestampLayout?.separator == UInt8(ascii: " "))
        for override in [nil, EncodingType.datetimeRelative] {
            let encoding = try TableEncoder.fit(table: table, overrides: override.map { ["booked": $0] } ?? [:], seed: 1)
            // Through the stored file, as a job does.
            let stored = try JSONDecoder().decode(TableEncoding.self, from: JSONEncoder().encode(encoding))
            let decoded = try stored.decode(try stored.encode(table), seed: 3)
            #expect(decoded.columns[0].timestampLayout == table.columns[0].timestampLayout)
            #expect(decoded.columns[1].dataType == .date)
            let csv = CSVWriter.text(of: decoded).split(separator: "\n").dropFirst()
            for line in csv {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                #expect(fields[0].range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"#, options: .regularExpression) != nil, "\(line)")
                #expect(fields[1].range(of: #"^\d{4}-\d\d-\d\d$"#, options: .regularExpression) != nil, "\(line)")
            }
        }
    }

    /// Binned numbers are drawn inside interpolated quantile edges; they are still written
    /// with the source's decimal places.
    @Test func binnedNumbersKeepTheSourcePrecision() throws {
        let table = try Self.sourceTable()
        let encoding = try TableEncoder.fit(table: table, overrides: ["score": .numericBinned], seed: 1)
        let decoded = try encoding.decode(try encoding.encode(table), seed: 5)
        guard case .double(let values) = decoded.columns[2].values else { Issue.record("expected doubles"); return }
        for x in values { #expect(DecimalPlaces.fits(x, decimals: 2), "\(x)") }
    }

    /// Encodings stored before layouts existed still load (no layout: ISO output).
    @Test func encodingsWithoutALayoutStillDecode() throws {
        let table = try Self.sourceTable()
        let encoding = try TableEncoder.fit(table: table, seed: 1)
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(encoding)) as? [String: Any] ?? [:]
        var columns = json["columns"] as? [[String: Any]] ?? []
        for k in columns.indices { columns[k].removeValue(forKey: "timestampLayout") }
        json["columns"] = columns
        let old = try JSONDecoder().decode(TableEncoding.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old.columns[0].timestampLayout == nil)
        #expect(try old.decode(try old.encode(table), seed: 3).rowCount == table.rowCount)
        // A crafted layout is refused like any other invalid parameter.
        columns[0]["timestampLayout"] = ["separator": 10, "hasSeconds": true, "fractionDigits": 0]
        json["columns"] = columns
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TableEncoding.self, from: JSONSerialization.data(withJSONObject: json))
        }
    }
}
