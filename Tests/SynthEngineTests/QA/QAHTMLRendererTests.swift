import Foundation
import SynthData
import Testing
@testable import SynthEngine

@Suite struct QAHTMLRendererTests {
    static func report() throws -> QAReport {
        let training = QATestTables.population(rows: 400, seed: 31)
        let holdout = QATestTables.population(rows: 200, seed: 32)
        return try QAReport.compute(synthetic: QATestTables.shuffledColumns(training, seed: 33), training: training, holdout: holdout)
    }

    @Test func pageHasEverySectionAndChart() throws {
        let html = QAHTMLRenderer.render(try Self.report())
        for title in QAHTMLRenderer.sectionTitles { #expect(html.contains("<h2>\(title)</h2>")) }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        // One chart per column, the bivariate matrix, two correlation matrices, the DCR chart.
        #expect(html.components(separatedBy: "<svg").count - 1 == 4 + 1 + 2 + 1)
        #expect(html.contains("PASS") || html.contains("FAIL"))
    }

    @Test func pageIsSelfContained() throws {
        let html = QAHTMLRenderer.render(try Self.report())
        for forbidden in ["<script", "<link", "<img", "@import", "url(", "src="] { #expect(!html.contains(forbidden)) }
        let urls = html.components(separatedBy: "http").dropFirst().map { "http" + $0.prefix(30) }
        #expect(urls.allSatisfy { $0.hasPrefix("http://www.w3.org/2000/svg") })
    }

    @Test func textIsEscaped() throws {
        var training = QATestTables.population(rows: 120, seed: 34)
        let hostile = Column(name: "<b>&\"x'", values: .string(StringArray((0..<120).map { $0 % 2 == 0 ? "<script>" : "a&b" })))
        try training = Table(columns: training.columns + [hostile])
        let html = QAHTMLRenderer.render(try QAReport.compute(synthetic: training, training: training, holdout: nil),
                                         title: "Q&A <report>")
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("&lt;b&gt;&amp;&quot;x&#39;"))
        #expect(html.contains("<title>Q&amp;A &lt;report&gt;</title>"))
    }
}
