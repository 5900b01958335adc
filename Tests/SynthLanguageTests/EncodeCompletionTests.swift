import Foundation
import SynthData
import SynthLanguage
import Testing

/// Tab completion of `encode TABLE.COLUMN as TYPE`: tables, then their columns, then types.
@Suite struct EncodeCompletionTests {
    private func complete(_ line: String) throws -> [String] {
        let session = Session(baseDirectory: "/nonexistent", seed: 1)
        let table = try Table(columns: [Column(name: "price", values: .int64([1])), Column(name: "cut", values: .string(StringArray(["a"])))])
        session.bind("diamonds", to: .table(table, name: "diamonds"))
        let bytes = Array(line.utf8)
        var start = bytes.count
        while start > 0, !Completer.wordBreakCharacters.utf8.contains(bytes[start - 1]) { start -= 1 }
        return Completer(registry: .standard(), session: session).complete(line: line, wordStart: start).candidates
    }

    @Test func tableThenColumnThenType() throws {
        #expect(try complete("encode dia") == ["diamonds."])
        #expect(try complete("encode diamonds.") == ["diamonds.cut", "diamonds.price"])
        #expect(try complete("encode diamonds.pr") == ["diamonds.price"])
        #expect(try complete("encode diamonds.price as numeric_b") == ["numeric_binned"])
        #expect(try complete("encode diamonds.price as ").contains("categorical"))
        #expect(try complete("filter diamonds price > 3 as ").isEmpty, "`as` elsewhere takes a new name")
    }
}
