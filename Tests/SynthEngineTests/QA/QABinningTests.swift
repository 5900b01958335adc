import SynthData
import Testing
@testable import SynthEngine

@Suite struct QABinningTests {
    @Test func fewDistinctNumbersGetOneBinEach() {
        let breaks = QANumericBinner.numericBreaks([1, 2, 2, 3, .nan, 3, 3], binCount: 10)
        #expect(breaks == [1, 2, 3, 4])
        let codes = QANumericBinner.codes([1, 2, 3, .nan, 0, 9], breaks: breaks, lastWidth: 1)
        // 0 clips to the first bin, 9 to the last; NaN goes to the missing bin (index 3).
        #expect(codes == [0, 1, 2, 3, 0, 2])
        #expect(QANumericBinner.numericLabels(breaks) == ["⪰ 1", "⪰ 2", "⪰ 3"])
    }

    @Test func manyDistinctNumbersGetQuantileBins() {
        let values = (0..<100).map { Double($0) }
        let breaks = QANumericBinner.numericBreaks(values, binCount: 10)
        // 11 evenly spaced order statistics of 0…99: floor(k · 99 / 10).
        #expect(breaks == [0, 9, 19, 29, 39, 49, 59, 69, 79, 89, 99])
        let codes = QANumericBinner.codes(values, breaks: breaks, lastWidth: 1)
        #expect(codes.filter { $0 == 0 }.count == 9)
        #expect(codes.filter { $0 == 9 }.count == 11)  // 89…99: the last bin is closed
    }

    @Test func boundariesAreFlooredToTheFewestDistinctDecimals() {
        let values = (0..<50).map { 0.1234 + Double($0) * 0.0517 }
        let breaks = QANumericBinner.numericBreaks(values, binCount: 10)
        // One decimal keeps them apart; the last boundary keeps full precision.
        for b in breaks.dropLast() { #expect((b * 10).rounded() == b * 10) }
        #expect(breaks.last == values.last)
    }

    @Test func datetimeLabelsUseTheCoarsestDistinctFormat() {
        let day = qaMicrosecondsPerDay
        let years = [Double(CivilDate.days(year: 2001, month: 1, day: 1)) * day, Double(CivilDate.days(year: 2002, month: 1, day: 1)) * day,
                     Double(CivilDate.days(year: 2003, month: 6, day: 1)) * day]
        #expect(QANumericBinner.datetimeLabels(years) == ["⪰ 2001", "⪰ 2002"])
        let months = [Double(CivilDate.days(year: 2001, month: 1, day: 1)) * day, Double(CivilDate.days(year: 2001, month: 3, day: 1)) * day,
                      Double(CivilDate.days(year: 2001, month: 3, day: 9)) * day]
        #expect(QANumericBinner.datetimeLabels(months) == ["⪰ 2001-Jan-01", "⪰ 2001-Mar-01"])
    }

    /// A label never claims a coarser boundary than the edge: an edge inside a month shows
    /// its day, an edge inside a day its time (to the minute or second it needs).
    @Test func datetimeLabelsShowThePrecisionTheirEdgesNeed() {
        let day = qaMicrosecondsPerDay
        let hour = 3_600_000_000.0
        let midMonth = [Double(CivilDate.days(year: 2013, month: 1, day: 26)) * day, Double(CivilDate.days(year: 2013, month: 2, day: 14)) * day,
                        Double(CivilDate.days(year: 2013, month: 5, day: 1)) * day]
        #expect(QANumericBinner.datetimeLabels(midMonth) == ["⪰ 2013-Jan-26", "⪰ 2013-Feb-14"])
        let inDay = [Double(CivilDate.days(year: 2013, month: 1, day: 26)) * day + 3 * hour + 45 * 60_000_000,
                     Double(CivilDate.days(year: 2013, month: 3, day: 1)) * day + 27_000_000,
                     Double(CivilDate.days(year: 2013, month: 5, day: 1)) * day]
        #expect(QANumericBinner.datetimeLabels(inDay) == ["⪰ 2013-01-26 03:45:00", "⪰ 2013-03-01 00:00:27"])
        let minutes = [Double(CivilDate.days(year: 2013, month: 1, day: 26)) * day + 3 * hour,
                       Double(CivilDate.days(year: 2014, month: 1, day: 1)) * day + 90 * 60_000_000,
                       Double(CivilDate.days(year: 2015, month: 1, day: 1)) * day]
        #expect(QANumericBinner.datetimeLabels(minutes) == ["⪰ 2013-01-26 03:00", "⪰ 2014-01-01 01:30"])
    }

    @Test func categoriesKeepTheTopValuesWithEnoughRows() throws {
        var texts: [String] = []
        for (value, count) in [("b", 20), ("a", 10), ("c", 4), ("", 6)] { texts += Array(repeating: value, count: count) }
        var valid = [Bool](repeating: true, count: texts.count)
        texts.append("zz"); valid.append(false)
        let column = Column(name: "c", values: .string(StringArray(texts)), validity: ValidityBitmap(valid))
        let (binner, codes) = QACategoricalBinner.fit(original: [column], top: 10, minimumCount: 5)
        // "c" has only 4 rows: (other). "" is (empty), null is (n/a).
        #expect(binner.labels == ["a", "b", "(empty)", "(other)", "_RARE_", "(n/a)"])
        #expect(codes.prefix(20).allSatisfy { $0 == 1 })
        #expect(codes[30..<34].allSatisfy { $0 == 3 })
        #expect(codes[34..<40].allSatisfy { $0 == 2 })
        #expect(codes.last == 5)
        let synthetic = Column(name: "c", values: .string(StringArray(["a", "new", "b", ""])))
        #expect(binner.codes(synthetic) == [0, 3, 1, 2])
    }
}
