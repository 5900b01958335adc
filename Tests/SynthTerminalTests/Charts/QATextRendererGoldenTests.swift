import Foundation
import SynthData
import SynthEngine
import Testing
@testable import SynthTerminal

/// Golden tests of the terminal QA view. The input report is a stored JSON fixture (so that
/// metric changes do not move these goldens); `SYNTH_UPDATE_GOLDENS=1` recomputes the fixture
/// from the in-code tables below and rewrites the golden files.
@Suite struct QATextRendererGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let updating = ProcessInfo.processInfo.environment["SYNTH_UPDATE_GOLDENS"] != nil

    static func tables() throws -> (synthetic: Table, training: Table, holdout: Table) {
        func table(_ rows: Int, shift: Int) throws -> Table {
            let cuts = ["Fair", "Good", "Very Good", "Premium", "Ideal", "An exceptionally long category name"]
            var price: [Double] = [], carats: [Int64] = [], cut = StringArray(), valid: [Bool] = []
            for i in 0..<rows {
                let k = (i * 7 + shift) % 97
                price.append(Double(300 + k * 37 % 1000) + Double(i % 3) / 4)
                carats.append(Int64(k % 4))
                cut.append(cuts[(k + i / 5) % cuts.count])
                valid.append((i + shift) % 11 != 0)
            }
            return try Table(columns: [
                Column(name: "price", values: .double(price)),
                Column(name: "carats", values: .int64(carats)),
                Column(name: "cut", values: .string(cut), validity: ValidityBitmap(valid)),
            ])
        }
        return (try table(400, shift: 5), try table(400, shift: 0), try table(200, shift: 1))
    }

    static func report() throws -> QAReport {
        let fixture = folder.appendingPathComponent("qa-report.json")
        if updating {
            let t = try tables()
            var options = QAOptions()
            options.threads = 1
            let report = try QAReport.compute(synthetic: t.synthetic, training: t.training, holdout: t.holdout, options: options)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: fixture)
            return report
        }
        return try JSONDecoder().decode(QAReport.self, from: Data(contentsOf: fixture))
    }

    func check(_ rendered: String, golden name: String) throws {
        let url = Self.folder.appendingPathComponent(name)
        if Self.updating { try rendered.write(to: url, atomically: true, encoding: .utf8) }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == expected, "differs from \(name); rerun with SYNTH_UPDATE_GOLDENS=1 if intended")
    }

    @Test func utf8View() throws {
        try check(QATextRenderer(utf8: true, width: 72).render(try Self.report()), golden: "qa-utf8.txt")
    }

    @Test func asciiView() throws {
        let text = QATextRenderer(utf8: false, width: 72).render(try Self.report())
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        try check(text, golden: "qa-ascii.txt")
    }

    @Test func oneColumnAndWorstColumns() throws {
        let report = try Self.report()
        let one = QATextRenderer(utf8: true, width: 72).render(report, column: "cut")
        #expect(one.contains("cut (categorical)"))
        #expect(!one.contains("price (numeric)"))
        #expect(!one.contains("Bivariate accuracy"))
        let worst = QATextRenderer(utf8: true, width: 72).render(report, worst: 1)
        let lowest = try #require(report.columns.min { $0.score.accuracy < $1.score.accuracy })
        #expect(worst.contains("\(lowest.name) (\(lowest.kind.rawValue))"))
        #expect(worst.components(separatedBy: "  accuracy ").count == 2)
        let unknown = QATextRenderer(utf8: true, width: 72).render(report, column: "nope")
        #expect(unknown.contains("no column named 'nope'"))
    }

    @Test func linesFitTheWidth() throws {
        let text = QATextRenderer(utf8: true, width: 72).render(try Self.report())
        for line in text.split(separator: "\n") where !line.hasPrefix("  ") || line.count > 72 {
            if line.contains("█") || line.contains("orig") || line.contains("syn ") { #expect(line.count <= 72) }
        }
    }
}
