import SynthData
import SynthTerminal
import Testing

@Suite struct TableRendererTests {
    private func table() throws -> Table {
        try Table(columns: [
            Column(name: "name", values: .string(StringArray(["Ada", "a\tvery long name that will be cut somewhere"]))),
            Column(name: "n", values: .int64([7, 0]), validity: ValidityBitmap([true, false])),
        ])
    }

    @Test func plainASCII() throws {
        let text = TableRenderer(capabilities: .plain, maxCellWidth: 20).render(try table(), totalRows: 10)
        #expect(text == """
        +----------------------+------+
        | name                 |    n |
        +----------------------+------+
        | Ada                  |    7 |
        | a\\tvery long name... | null |
        +----------------------+------+
        2 of 10 rows

        """)
    }

    @Test func boxDrawingOnUTF8Terminals() throws {
        let capabilities = TerminalCapabilities(isTerminal: true, isUTF8: true, colors: false)
        let text = TableRenderer(capabilities: capabilities, maxCellWidth: 8).render(try table())
        #expect(text == """
        ┌──────────┬──────┐
        │ name     │    n │
        ├──────────┼──────┤
        │ Ada      │    7 │
        │ a\\tvery… │ null │
        └──────────┴──────┘
        2 rows

        """)
    }
}
