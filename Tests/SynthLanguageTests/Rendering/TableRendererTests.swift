import SynthData
import SynthLanguage
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

    @Test func narrowTerminalLeavesOutMiddleColumns() throws {
        let columns = (0..<8).map { Column(name: "column_\($0)", values: .int64([Int64($0)])) }
        let capabilities = TerminalCapabilities(isTerminal: true, isUTF8: false, colors: false, width: 60)
        let text = TableRenderer(capabilities: capabilities).render(try Table(columns: columns))
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 })
        #expect(lines[1] == "| column_0 | column_1 | ... | column_6 | column_7 |")
        #expect(lines.last == "1 row, 4 of 8 columns shown")
        let plain = TableRenderer(capabilities: .plain).render(try Table(columns: columns))
        #expect(plain.contains("column_4"), "a pipe gets every column")
    }
}

/// A long text column (`describe`'s `top`) is cut before short columns are left out.
@Suite struct TableRendererWidthTests {
    @Test func longColumnsShrinkBeforeOthersAreHidden() throws {
        let top = "Adelie (152), Gentoo (124), Chinstrap (68), and many more values"
        let columns = [
            Column(name: "column", values: .string(StringArray(["species"]))),
            Column(name: "type", values: .string(StringArray(["string"]))),
            Column(name: "nulls", values: .int64([0])),
            Column(name: "unique", values: .int64([3])),
            Column(name: "min", values: .string(StringArray(["Adelie"]))),
            Column(name: "max", values: .string(StringArray(["Gentoo"]))),
            Column(name: "top", values: .string(StringArray([top]))),
        ]
        let capabilities = TerminalCapabilities(isTerminal: true, isUTF8: true, colors: false, width: 80)
        let text = TableRenderer(capabilities: capabilities).render(try Table(columns: columns))
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(text)")
        for name in ["unique", "min", "max", "top"] { #expect(lines[1].contains(name), "\(text)") }
        #expect(lines[3].contains("Adelie (152)") && lines[3].contains("…"), "\(text)")
        #expect(!text.contains("columns shown"))
    }
}
