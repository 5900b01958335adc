import Foundation
import SynthData
import Testing
@testable import SynthEngine

/// The QA report names no value held by fewer training rows than the encoding's rare
/// threshold and shows no raw extreme beyond the encoding's clipped range: in bins, labels,
/// summary statistics, free-text tokens and the HTML page.
@Suite struct QAValueProtectionTests {
    typealias S = EncodingTestSupport

    /// 300 rows: unique codes (first `U00000`), a salary with one extreme outlier, a date with
    /// one extreme past, a department with one value held by two rows, a small count column
    /// with one value held by a single row, and free text whose every word is unique.
    static func training() throws -> Table {
        var rng = SeededGenerator(seed: 5)
        /// `row` spelled with one letter per digit (`12` → `bc`): a word unique to the row.
        func letters(_ row: Int) -> String { String(String(row).map { Character(UnicodeScalar(UInt8(97) + UInt8(String($0))!)) }) }
        let departments = ["Sales", "Research", "Support"]
        var codes: [String] = [], salaries: [Int64] = [], days: [String] = [], departmentValues: [String] = []
        var kids: [Int64] = [], notes: [String] = []
        for row in 0..<300 {
            codes.append("U" + String(format: "%05ld", row * 37 % 100_000))
            salaries.append(row == 10 ? 987_654_321 : Int64(30_000 + rng.nextInt(below: 90_000)))
            days.append(row == 20 ? "1901-02-03" : "20\(10 + rng.nextInt(below: 10))-0\(1 + rng.nextInt(below: 9))-1\(rng.nextInt(below: 9))")
            departmentValues.append(row == 30 || row == 31 ? "Skunkworks" : departments[rng.nextInt(below: 3)])
            kids.append(row == 40 ? 7 : Int64(rng.nextInt(below: 4)))
            notes.append("k" + letters(row) + " m" + letters(row * 13 + 7))
        }
        return try S.table(S.strings("code", codes), S.ints("salary", salaries), S.dates("hired", days),
                           S.strings("department", departmentValues), S.ints("kids", kids), S.strings("notes", notes))
    }

    /// The report of `training()` against what a model could emit: the training rows through
    /// the protected encoding and back (rare categories `_RARE_`, extremes clipped, fresh keys).
    static func report(protection: Bool = true, seed: UInt64 = 9) throws -> QAReport {
        let table = try training()
        let encoding = try TableEncoder.fit(table: table, seed: seed)
        let synthetic = try encoding.decode(encoding.encode(table), seed: seed)
        var options = QAOptions()
        options.seed = seed
        options.valueProtection = protection
        options.threads = 1
        return try QAReport.compute(synthetic: synthetic, training: table, holdout: nil, options: options)
    }

    /// Every text the report shows of the original rows: bin labels and original statistics.
    static func shownTexts(_ report: QAReport) -> [String] {
        report.columns.flatMap { $0.bins.map(\.label) } + report.statistics.compactMap(\.original.mostFrequent)
    }

    @Test func uniqueAndRareCategoriesAreNeverNamed() throws {
        let report = try Self.report()
        let shown = Self.shownTexts(report)
        #expect(!shown.contains { $0.hasPrefix("U0") }, "\(shown)")
        #expect(!shown.contains("Skunkworks"))
        #expect(try #require(report.column(named: "department")).bins.map(\.label).contains("Sales"))
        #expect(report.statistics.first { $0.name == "code" }?.original.mostFrequent == QASpecialBin.rare)
        #expect(report.statistics.first { $0.name == "department" }?.original.mostFrequent != QASpecialBin.rare)
        // Free text: no word of a single record becomes a bin.
        #expect(!shown.contains { $0.hasPrefix("k") || $0.hasPrefix("▁m") }, "\(shown)")
        // Without protection the first record is the "most frequent" code: what used to leak.
        let open = try Self.report(protection: false)
        #expect(open.statistics.first { $0.name == "code" }?.original.mostFrequent == "U00000")
    }

    @Test func numbersAndDatesAreClippedAsInTheEncoding() throws {
        let table = try Self.training()
        for seed: UInt64 in [9, 10, 11] {
            let report = try Self.report(seed: seed)
            let encoding = try TableEncoder.fit(table: table, seed: seed)
            let salary = try #require(report.statistics.first { $0.name == "salary" }?.original)
            let upper = try #require(encoding.column(named: "salary")?.protection.upperBound)
            // Bounds are stored as text ("118736" for digits, "118736.0" for bins): compare numbers.
            #expect(salary.maximum == Double(upper), "the maximum is the encoding's clipped one")
            #expect((salary.mean ?? .infinity) < 120_000)
            let lower = try #require(encoding.column(named: "salary")?.protection.lowerBound)
            #expect(salary.minimum == Double(lower))
            let salaryColumn = try #require(report.column(named: "salary"))
            let firstLabel = try #require(salaryColumn.bins.first?.label)
            #expect(firstLabel.hasPrefix("⪰ ") && Double(firstLabel.dropFirst(2)) == Double(lower), "\(firstLabel)")
            let hired = try #require(report.statistics.first { $0.name == "hired" }?.original)
            let earliest = try #require(encoding.column(named: "hired")?.protection.lowerBound)
            #expect(hired.minimum.map { CivilDate.format(days: Int32($0 / qaMicrosecondsPerDay)) } == earliest)
        }
        let shown = Self.shownTexts(try Self.report())
        #expect(!shown.contains { $0.contains("1901") || $0.contains("987654321") })
        // A count held by one row starts no bin of its own.
        #expect(!shown.contains("⪰ 7"))
        // Without protection the raw extreme is what the report shows: what used to leak.
        let open = try Self.report(protection: false)
        #expect(open.statistics.first { $0.name == "salary" }?.original.maximum == 987_654_321)
        // ... and, as in mostlyai-qa, each of a column's few numbers has its own bin, even one
        // held by a single row (a linked table's rare sequence lengths are scored this way).
        let kids = try #require(open.column(named: "kids")).bins.map(\.label)
        #expect(kids.contains("⪰ 7"), "\(kids)")
    }

    /// A column with fewer values than the clip rank shows none of them: its original
    /// statistics and bins count them as missing.
    @Test func aColumnTooSmallToClipShowsNoValue() throws {
        let rows = 200
        let table = try S.table(S.ints("bonus", (0..<rows).map { [10: 987_654_321, 20: 31_415_926][$0] }),
                                S.ints("age", (0..<rows).map { Int64(20 + $0 % 40) }))
        let encoding = try TableEncoder.fit(table: table, seed: 4)
        let synthetic = try encoding.decode(encoding.encode(table), seed: 4)
        var options = QAOptions()
        options.seed = 4
        options.threads = 1
        let report = try QAReport.compute(synthetic: synthetic, training: table, holdout: nil, options: options)
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(!json.contains("987654321") && !json.contains("31415926"))
        #expect(!QAHTMLRenderer.render(report).contains("987654321"))
    }

    @Test func htmlPageShowsNoTrainingRecord() throws {
        let html = QAHTMLRenderer.render(try Self.report())
        for text in ["U00000", "Skunkworks", "987654321", "9.87654321", "1901", "kbcd", "mbaai"] {
            #expect(!html.contains(text), "\(text)")
        }
        #expect(html.contains("value protection"))
    }

    @Test func optionsStoredWithoutTheProtectionFlagStillDecode() throws {
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(QAOptions())) as? [String: Any] ?? [:]
        json.removeValue(forKey: "valueProtection")
        let options = try JSONDecoder().decode(QAOptions.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(options == QAOptions())
    }
}
