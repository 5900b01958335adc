import Foundation
import SynthEngine
import Testing
@testable import SynthLanguage

/// Layout fixes of the terminal QA view: numbered bivariate columns (names cut to a cell
/// collide), `≥` bin labels, and `worst=` saying what it hides.
@Suite struct QATextRendererLayoutTests {
    @Test func bivariateColumnsAreNumberedSoCutNamesCannotCollide() throws {
        var report = try QATextRendererGoldenTests.report()
        report.columns[0].name = "bill_length_mm"
        report.columns[1].name = "bill_depth_mm"
        let text = QATextRenderer(utf8: true, width: 72).render(report)
        let lines = text.split(separator: "\n").map(String.init)
        let title = try #require(lines.firstIndex { $0.hasPrefix("Bivariate accuracy") })
        #expect(lines[title + 1].split(separator: " ") == ["1", "2", "3"], "'\(lines[title + 1])'")
        #expect(lines[title + 2].hasPrefix("  1  bill_length_mm"), "'\(lines[title + 2])'")
        #expect(lines[title + 3].hasPrefix("  2  bill_depth_mm"), "'\(lines[title + 3])'")
    }

    @Test func binsAreLabelledWithTheGreaterOrEqualSign() throws {
        let text = QATextRenderer(utf8: true, width: 72).render(try QATextRendererGoldenTests.report())
        #expect(text.contains("≥ 300"))
        #expect(!text.contains("⪰"))
    }

    @Test func worstSaysHowManyColumnsAreHidden() throws {
        let report = try QATextRendererGoldenTests.report()
        let text = QATextRenderer(utf8: true, width: 72).render(report, worst: 1)
        #expect(text.contains("Showing the 1 column with the lowest accuracy; \(report.columns.count - 1) others are hidden"), "\(text)")
        let all = QATextRenderer(utf8: true, width: 72).render(report, worst: report.columns.count)
        #expect(!all.contains("hidden"))
    }
}
