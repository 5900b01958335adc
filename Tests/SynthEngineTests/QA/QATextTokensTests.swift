import SynthData
@testable import SynthEngine
import Testing

struct QATextTokensTests {
    @Test func tokensAreRunsOfLettersDigitsAndSymbolsWithTheSpaceBefore() {
        #expect(QATextTokens.tokens("Hello, world 42x") == ["Hello", ",", "▁world", "▁42", "x"])
        #expect(QATextTokens.tokens("N14228") == ["N", "14228"])
        // Like GPT-2: a space joins the next word, other whitespace is dropped.
        #expect(QATextTokens.tokens("  café\tau lait ") == ["▁café", "au", "▁lait"])
        #expect(QATextTokens.tokens("").isEmpty)
    }

    /// Sentences of three words from a small vocabulary, nearly all distinct.
    private func sentences(_ count: Int, seed: UInt64, words: [String]) -> Column {
        var random = QARandom(seed: seed)
        var text = StringArray()
        for _ in 0..<count {
            text.append((0..<3).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " "))
        }
        return Column(name: "note", values: .string(text))
    }

    private let vocabulary = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "and", "runs",
                              "far", "away", "from", "home", "today", "again", "while", "sun", "sets", "late"]

    @Test func freeTextIsDetectedOnTheOriginalRowsOnly() {
        #expect(QATextTokens.isTextLike([sentences(2_000, seed: 1, words: vocabulary)]))
        let few = StringArray(Array(repeating: ["a", "b", "c"], count: 500).flatMap { $0 })
        #expect(!QATextTokens.isTextLike([Column(name: "c", values: .string(few))]))
    }

    @Test func textColumnsAreScoredOnWordsSoGibberishScoresLow() throws {
        let original = try Table(columns: [sentences(4_000, seed: 2, words: vocabulary)])
        let faithful = try Table(columns: [sentences(4_000, seed: 3, words: vocabulary)])
        let gibberishWords = (0..<200).map { "zq\($0)x" }
        let gibberish = try Table(columns: [sentences(4_000, seed: 4, words: gibberishWords)])
        let good = try QAReport.compute(synthetic: faithful, training: original, holdout: nil)
        let bad = try QAReport.compute(synthetic: gibberish, training: original, holdout: nil)
        #expect(good.columns[0].kind == .text)
        #expect(good.columns[0].score.accuracy > 0.9)
        // As categories, both would score about 1: nearly every sentence is unique, so all
        // fall into `(other)`. As words, the gibberish shares none of the ten top words,
        // which hold about a third of the original's tokens.
        #expect(bad.columns[0].score.accuracy < 0.7)
        #expect(bad.columns[0].score.accuracy < good.columns[0].score.accuracy - 0.25)
        let again = try QAReport.compute(synthetic: faithful, training: original, holdout: nil)
        #expect(again.columns[0].score.accuracy == good.columns[0].score.accuracy, "same seed, same draws")
    }

    @Test func eachTableIsJudgedFreeTextOnItsOwnRows() throws {
        // As in mostlyai-qa: a synthetic column that is no longer free text (three sentences,
        // repeated) is binned by whole values, and no whole sentence is one of the original's
        // word bins, so every synthetic row falls into `(other)`.
        let original = try Table(columns: [sentences(4_000, seed: 2, words: vocabulary)])
        let three = ["the quick fox", "lazy dog runs", "sun sets late"]
        let repeated = try Table(columns: [Column(name: "note", values: .string(StringArray((0..<4_000).map { three[$0 % 3] })))])
        let report = try QAReport.compute(synthetic: repeated, training: original, holdout: nil)
        #expect(report.columns[0].kind == .text)
        let other = try #require(report.columns[0].bins.first { $0.label == QASpecialBin.other })
        #expect(other.synthetic == 1)
        // So the accuracy is the original's share of `(other)`: 1 − ½ Σ|p − q| with q all there.
        #expect(abs(report.columns[0].score.accuracy - other.original) < 1e-4)
        #expect(other.original < 0.8)
        // The same sentences, each made unique by a number, are free text again: scored on words.
        let numbered = try Table(columns: [Column(name: "note", values: .string(StringArray((0..<4_000).map { "\(three[$0 % 3]) \($0)" })))])
        let words = try QAReport.compute(synthetic: numbered, training: original, holdout: nil)
        let wordsOther = try #require(words.columns[0].bins.first { $0.label == QASpecialBin.other })
        #expect(wordsOther.synthetic < 0.9)
    }
}
