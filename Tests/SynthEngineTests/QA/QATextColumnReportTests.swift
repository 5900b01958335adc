import Testing
import SynthData
@testable import SynthEngine

/// The QA report's text figures: recited texts count as identical to training, new texts
/// do not, and the holdout's figures stand beside them; no text is named.
@Suite struct QATextColumnReportTests {
    static func table(_ texts: [String], offset: Int = 0) throws -> Table {
        try Table(columns: [Column(name: "id", values: .int64((0..<texts.count).map { Int64($0 + offset) })),
                            Column(name: "note", values: .string(StringArray(texts)))])
    }

    static func texts(_ prefix: String, count: Int) -> [String] {
        (0..<count).map { "\(prefix) number \($0) says the weather is \(["fine", "grey", "wet"][$0 % 3]) today" }
    }

    @Test func recitedAndNewTextsAreToldApart() throws {
        let training = try Self.table(Self.texts("train", count: 200))
        let holdout = try Self.table((0..<50).map { "a quite different sentence about item \($0) entirely" })
        let recited = try QAReport.compute(synthetic: training, training: training, holdout: holdout)
        let text = try #require(recited.text?.first { $0.column == "note" })
        #expect(text.syntheticIdenticalShare == 1)
        #expect(text.holdoutIdenticalShare == 0)
        #expect(text.syntheticNGramShare == 1)
        #expect(text.holdoutNGramShare == 0)
        #expect(text.lengthAccuracy > 0.5 && text.tokenAccuracy > 0.5)

        let fresh = try QAReport.compute(synthetic: Self.table(Self.texts("fresh", count: 200)), training: training, holdout: holdout)
        let other = try #require(fresh.text?.first)
        #expect(other.syntheticIdenticalShare == 0)
        let html = QAHTMLRenderer.render(fresh, title: "t")
        #expect(html.contains("Identical to a training text"))
        #expect(!html.contains("train number 7 says"))
    }
}
