import Testing
import SynthData
@testable import SynthEngine

/// Key and link detection between loaded tables, each proposal with its reason.
@Suite("Link detection")
struct LinkDetectionTests {
    static func text(_ name: String, _ values: [String?]) -> Column {
        Column(name: name, values: .string(StringArray(values.map { $0 ?? "" })),
               validity: values.contains(nil) ? ValidityBitmap(values.map { $0 != nil }) : nil)
    }

    @Test func keysAndContextLinkWithOrder() throws {
        let planes = try Table(columns: [Self.text("tailnum", ["N1", "N2", "N3"]), Self.text("maker", ["A", "B", "A"])])
        let flights = try Table(columns: [
            Self.text("tailnum", ["N1", "N1", "N2", "N9", nil, "N3", "N3", "N3", "N2", "N1"]),
            Column(name: "when", values: .timestamp(Array(0..<10), unit: .seconds, timeZone: "UTC")),
            Column(name: "delay", values: .int64([1, 2, 2, 4, 5, 6, 7, 8, 9, 10])),
        ])
        let (keys, links) = LinkDetection.propose(tables: [("planes", planes), ("flights", flights)], declaredKeys: [:])
        #expect(keys.map(\.column) == ["tailnum"] && keys[0].table == "planes")
        #expect(keys[0].reason.contains("flights also has a column 'tailnum'"))
        #expect(links.count == 1)
        let link = try #require(links.first)
        #expect(link.table == "flights" && link.column == "tailnum" && link.parentTable == "planes" && link.isContext)
        #expect(link.orderColumn == "when")
        // 8 of 9 non-null values are plane keys (N9 is not).
        #expect(link.reason.hasPrefix("88% of non-null values (8 of 9 rows) are planes.tailnum keys; same column name"), "\(link.reason)")
    }

    @Test func integerColumnsNeedAName() throws {
        let chicks = try Table(columns: [Column(name: "chick", values: .int64(Array(1...20)))])
        let weights = try Table(columns: [Column(name: "day", values: .int64([2, 4, 6, 8])),
                                          Column(name: "chick_id", values: .int64([1, 1, 2, 3]))])
        let (_, links) = LinkDetection.propose(tables: [("chicks", chicks), ("weights", weights)], declaredKeys: [:])
        #expect(links.map(\.column) == ["chick_id"], "day lies inside the ids by chance only")
        #expect(links.first?.orderColumn == "day")
    }

    @Test func severalLinksLeaveTheContextToTheUser() throws {
        let planes = try Table(columns: [Self.text("tailnum", ["N1", "N2"])])
        let carriers = try Table(columns: [Self.text("carrier", ["AA", "UA"])])
        let flights = try Table(columns: [Self.text("tailnum", ["N1", "N2", "N1"]), Self.text("carrier", ["AA", "AA", "UA"])])
        let (_, links) = LinkDetection.propose(tables: [("planes", planes), ("carriers", carriers), ("flights", flights)],
                                               declaredKeys: [:])
        #expect(Set(links.map(\.parentTable)) == ["planes", "carriers"])
        #expect(links.allSatisfy { !$0.isContext })
    }

    @Test func declaredKeysWinAndNullsOrDuplicatesAreNoKeys() throws {
        let table = try Table(columns: [Self.text("a", ["x", nil, "z"]), Self.text("b", ["x", "x", "z"]), Self.text("c", ["1", "2", "3"])])
        #expect(!KeyColumnValues(table.columns[0]).isUnique)
        #expect(KeyColumnValues(table.columns[1]).duplicateCount == 1)
        #expect(LinkDetection.propose(tables: [("t", table)], declaredKeys: [:]).keys.map(\.column) == ["c"])
        #expect(LinkDetection.propose(tables: [("t", table)], declaredKeys: ["t": "b"]).keys.isEmpty)
    }
}
