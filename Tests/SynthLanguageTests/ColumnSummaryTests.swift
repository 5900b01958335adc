import SynthData
import Testing

@Suite struct ColumnSummaryTests {
    @Test func integersWithNulls() {
        let column = Column(name: "n", values: .int64([5, 1, 5, 9, 0]), validity: ValidityBitmap([true, true, true, true, false]))
        let summary = ColumnSummary(column)
        #expect(summary.nullCount == 1)
        #expect(summary.uniqueCount == 3)
        #expect(summary.minimum == .int64(1))
        #expect(summary.maximum == .int64(9))
        #expect(summary.mean == 5)
        #expect(summary.topValues.first?.value == .int64(5))
        #expect(summary.topValues.first?.count == 2)
    }

    @Test func doublesIgnoreNaNForRange() {
        let summary = ColumnSummary(Column(name: "x", values: .double([2.5, .nan, -1, 2.5, 0, -0.0])))
        #expect(summary.minimum == .double(-1))
        #expect(summary.maximum == .double(2.5))
        #expect(summary.uniqueCount == 4, "2.5, NaN, -1 and zero (±0 count once)")
    }

    @Test func stringsCountDistinctAndTop() {
        let strings = StringArray(["b", "a", "b", "c", "b", "a", ""])
        let summary = ColumnSummary(Column(name: "s", values: .string(strings), validity: ValidityBitmap([true, true, true, true, true, true, false])), topCount: 2)
        #expect(summary.uniqueCount == 3)
        #expect(summary.minimum == .string("a"))
        #expect(summary.maximum == .string("c"))
        #expect(summary.topValues.map(\.value) == [.string("b"), .string("a")])
        #expect(summary.topValues.map(\.count) == [3, 2])
    }

    @Test func manyDistinctStringsGrowTheTable() {
        let strings = StringArray((0..<5000).map { "v\($0 % 1234)" })
        let summary = ColumnSummary(Column(name: "s", values: .string(strings)))
        #expect(summary.uniqueCount == 1234)
    }

    @Test func datesAndBooleans() {
        let dates = ColumnSummary(Column(name: "d", values: .date([10, -5, 10])))
        #expect(dates.minimum == .date(-5))
        #expect(dates.mean == nil)
        let flags = ColumnSummary(Column(name: "b", values: .bool([true, false, true])))
        #expect(flags.uniqueCount == 2)
        #expect(flags.topValues.first?.value == .bool(true))
        let empty = ColumnSummary(Column(name: "e", values: .int64([])))
        #expect(empty.minimum == nil)
        #expect(empty.uniqueCount == 0)
    }
}
