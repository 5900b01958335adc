import Foundation
import Testing
import SynthData
@testable import SynthEngine

@Suite struct NumericEncodingTests {
    typealias S = EncodingTestSupport

    @Test func digitRoundTripsIntegersWithNegativesZeroNullAndExtremes() throws {
        let values: [Int64?] = [0, -1, 1, nil, 42, -9_999, Int64.max, Int64.min, 7, nil]
        let encoding = try S.expectRoundTrip(S.table(S.ints("n", values)), overrides: ["n": .numericDigit])
        let subs = encoding.columns[0].subColumns.map(\.suffix)
        #expect(subs.first == "special")
        #expect(subs.contains("sign"))
        #expect(subs.filter { $0.hasPrefix("digit_") }.count == 19)
    }

    @Test func digitRoundTripsDoublesWithDecimalsNaNInfinityAndNegativeZero() throws {
        let values: [Double?] = [0.23, -0.0, 0, 5.01, nil, .nan, .infinity, -.infinity, -3.75, 1e-9, 123_456.789_012, 0.1, nil]
        let encoding = try S.expectRoundTrip(S.table(S.doubles("x", values)), overrides: ["x": .numericDigit])
        let special = encoding.columns[0].subColumns.first { $0.suffix == "special" }
        #expect(special?.cardinality == 5) // value, null, NaN, +inf, -inf
    }

    @Test func nanAndNullStayDistinctInEveryNumericEncoding() throws {
        let values: [Double?] = [1.5, nil, .nan, 2.5, nil, .nan, 3.25, 1.5, 2.5, 3.25]
        for type in [EncodingType.numericDigit, .numericDiscrete, .numericBinned, .categorical] {
            let table = try S.table(S.doubles("x", values))
            let encoding = try TableEncoder.fit(table: table, overrides: ["x": type], valueProtection: false)
            let back = try encoding.decode(encoding.encode(table), seed: 3)
            let column = back.columns[0]
            guard case .double(let v) = column.values else { Issue.record("not double"); continue }
            #expect(column.isNull(1) && column.isNull(4), "\(type)")
            #expect(!column.isNull(2) && v[2].isNaN && v[5].isNaN, "\(type)")
        }
    }

    @Test func diamondsLikeColumnsGetCompactDigitLayoutsUpToThreePositions() throws {
        let price = S.ints("price", (0..<2_000).map { 326 + Int64($0 * 9) })
        let carat = S.doubles("carat", (0..<2_000).map { Double(20 + $0 % 482) / 100 })
        let table = try S.table(price, carat)
        let encoding = try TableEncoder.fit(table: table, valueProtection: false)
        // 326 ... 18317 needs five digit positions: more than `digitMaxPositions`, so bins.
        let priceEncoding = try #require(encoding.column(named: "price"))
        #expect(priceEncoding.type == .numericBinned)
        let caratEncoding = try #require(encoding.column(named: "carat"))
        #expect(caratEncoding.type == .numericDigit)
        #expect(caratEncoding.subColumns.map(\.suffix) == ["digit_0", "digit_-1", "digit_-2"])
        try S.expectRoundTrip(S.table(carat))
    }

    /// The shape rule of `numeric_auto`: a layout of at most three digit positions is
    /// `numeric_digit`, a longer one `numeric_binned` (one sub-column, whatever the length).
    @Test func autoPicksDigitsUpToThreePositionsAndBinsBeyond() throws {
        let three = S.ints("three", (0..<1_000).map { Int64(100 + $0 % 900) })        // 100 ... 999
        let four = S.ints("four", (0..<1_000).map { Int64(1_000 + $0 * 7) })           // 1000 ... 7993
        let decimals = S.doubles("decimals", (0..<1_000).map { Double($0 % 500) / 100 }) // 0.00 ... 4.99
        let longDecimals = S.doubles("long", (0..<1_000).map { Double($0) / 1_000 })    // 0.000 ... 0.999: 3 positions
        let wide = S.doubles("wide", (0..<1_000).map { Double($0) / 100 + 10 })         // 10.00 ... 19.99: 4 positions
        let encoding = try TableEncoder.fit(table: S.table(three, four, decimals, longDecimals, wide), valueProtection: false)
        #expect(encoding.column(named: "three")?.type == .numericDigit)
        #expect(encoding.column(named: "four")?.type == .numericBinned)
        #expect(encoding.column(named: "decimals")?.type == .numericDigit)
        #expect(encoding.column(named: "long")?.type == .numericDigit)
        #expect(encoding.column(named: "wide")?.type == .numericBinned)
        #expect(encoding.column(named: "four")?.subColumns.count == 1)
        #expect(EncodingRules.digitMaxPositions == 3)
    }

    /// A breast_cancer-like table (few rows, many measured columns with 4-5 significant
    /// digits) gets one sub-column per column, not one per digit position.
    @Test func smallWideTableOfMeasurementsGetsOneSubColumnPerColumn() throws {
        var rng = SeededGenerator(seed: 4)
        let columns = (0..<30).map { c in
            S.doubles("m\(c)", (0..<400).map { _ in ((0.05 + rng.nextUnitDouble() * 0.11) * 100_000).rounded() / 100_000 })
        }
        let encoding = try TableEncoder.fit(table: Table(columns: columns))
        #expect(encoding.columns.allSatisfy { $0.type == .numericBinned })
        #expect(encoding.columns.reduce(0) { $0 + $1.subColumns.count } == 30)
    }

    @Test func autoPicksDiscreteForFewValuesAndBinnedForManyDecimals() throws {
        var rng = SeededGenerator(seed: 9)
        let few = S.ints("rating", (0..<1_000).map { Int64($0 % 5) })
        let noisy = S.doubles("noise", (0..<1_000).map { _ in rng.nextUnitDouble() * 3 })
        let encoding = try TableEncoder.fit(table: S.table(few, noisy))
        #expect(encoding.column(named: "rating")?.type == .numericDiscrete)
        #expect(encoding.column(named: "noise")?.type == .numericBinned)
        #expect(encoding.column(named: "rating")?.requestedType == .numericAuto)
    }

    @Test func binnedDecodesWithinTheBinAndKeepsFrequentValuesExact() throws {
        var rng = SeededGenerator(seed: 4)
        var values: [Double?] = (0..<5_000).map { _ in rng.nextUnitDouble() * 1e6 - 5e5 }
        for i in stride(from: 0, to: values.count, by: 4) { values[i] = 0 } // a 25 % point mass at 0
        values[1] = nil
        let table = try S.table(S.doubles("v", values))
        let encoding = try TableEncoder.fit(table: table, overrides: ["v": .numericBinned], valueProtection: false)
        guard case .binned(let codec) = encoding.columns[0].parameters else { Issue.record("not binned"); return }
        let encoded = try encoding.encode(table)
        S.expectCodesInRange(encoded)
        let decoded = try encoding.decode(encoded, seed: 5).columns[0]
        guard case .double(let back) = decoded.values else { Issue.record("not double"); return }
        let binColumn = encoded.subColumns.firstIndex { $0.name == "v/bin" } ?? 0
        for row in 0..<values.count {
            guard let original = values[row] else { #expect(decoded.isNull(row)); continue }
            let bin = Int(encoded.code(row: row, subColumn: binColumn))
            #expect(back[row] >= codec.lowers[bin] && back[row] <= codec.uppers[bin])
            if original == 0 { #expect(back[row] == 0) }
        }
    }

    @Test func binnedGivesSmallTablesFewerBinsWithRowsBehindEach() throws {
        func intervalBins(_ count: Int) throws -> Int {
            var rng = SeededGenerator(seed: 9)
            let table = try S.table(S.doubles("v", (0..<count).map { _ in rng.nextUnitDouble() * 1_000 }))
            let encoding = try TableEncoder.fit(table: table, overrides: ["v": .numericBinned], valueProtection: false)
            guard case .binned(let codec) = encoding.columns[0].parameters else { Issue.record("not binned"); return 0 }
            return codec.lowers.count
        }
        #expect(try intervalBins(100) == 10) // never fewer than 10 bins
        #expect(try intervalBins(300) == 15) // one bin per 20 values
        #expect(try intervalBins(5_000) == 100) // never more than 100
    }

    @Test func hugeAndTinyFloatsRoundTripThroughBinnedAndCategorical() throws {
        let values: [Double?] = [1e300, -1e300, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 1e300]
        let table = try S.table(S.doubles("x", values))
        try S.expectRoundTrip(table, overrides: ["x": .categorical])
        let encoding = try TableEncoder.fit(table: table, valueProtection: false)
        #expect(encoding.columns[0].type == .numericDiscrete)
        #expect(throws: EncodingError.self) { try TableEncoder.fit(table: table, overrides: ["x": .numericDigit]) }
    }

    @Test func tinyValuesRoundTripWithDigits() throws {
        try S.expectRoundTrip(S.table(S.doubles("x", [1e-15, -3e-15, 0, 7e-15])), overrides: ["x": .numericDigit])
    }

    @Test func binnedHandlesIntegersAtTheEdgesOfInt64() throws {
        let table = try S.table(S.ints("n", [Int64.max, Int64.min, 0, Int64.max - 1, nil]))
        let encoding = try TableEncoder.fit(table: table, overrides: ["n": .numericBinned], valueProtection: false)
        let back = try encoding.decode(encoding.encode(table), seed: 1).columns[0]
        #expect(back.count == 5 && back.isNull(4))
    }

    @Test func manyDecimalsRoundTripExactlyWithDigits() throws {
        let values: [Double?] = [0.123_456_789_012_345, 3.141_592_653_589_79, -2.718_281_828_459_04, 0.5]
        let table = try S.table(S.doubles("x", values))
        let encoding = try S.expectRoundTrip(table, overrides: ["x": .numericDigit])
        guard case .digit(let codec) = encoding.columns[0].parameters else { Issue.record("not digit"); return }
        #expect(codec.decimals == 15)
    }

    @Test func valueProtectionClipsExtremesAndReportsIt() throws {
        var values: [Int64?] = (0..<200).map { Int64($0 % 50) }
        values[0] = 1_000_000 // one person's extreme value
        values[1] = -1_000_000
        let table = try S.table(S.ints("income", values))
        let encoding = try TableEncoder.fit(table: table, overrides: ["income": .numericDigit], seed: 3)
        let report = encoding.columns[0].protection
        #expect(report.clippedHigh >= 1 && report.clippedLow >= 1)
        #expect(report.changedAnything)
        let decoded = try encoding.decode(encoding.encode(table), seed: 1).columns[0]
        guard case .int64(let back) = decoded.values else { Issue.record("not int"); return }
        #expect(back.max() ?? 0 < 1_000_000 && back.min() ?? 0 > -1_000_000)
        // Values inside the protected range are untouched.
        for row in 2..<values.count where (values[row] ?? 0) > 5 && (values[row] ?? 0) < 44 { #expect(back[row] == values[row]) }
        #expect(report.summary.contains("clipped"))
    }

    @Test func decodingClampsCodesOutsideTheFittedRange() throws {
        let table = try S.table(S.ints("n", [100, 150, 199]))
        let encoding = try TableEncoder.fit(table: table, overrides: ["n": .numericDigit], valueProtection: false)
        let width = encoding.subColumns.count
        // All digits 9 and out-of-range codes: must clamp, not crash.
        let codes = [Int32](repeating: 9, count: width) + [Int32](repeating: 999, count: width) + [Int32](repeating: -5, count: width)
        let back = try encoding.decode(EncodedTable(subColumns: encoding.subColumns, rowCount: 3, codes: codes), seed: 0)
        guard case .int64(let v) = back.columns[0].values else { Issue.record("not int"); return }
        #expect(v.allSatisfy { $0 >= 100 && $0 <= 199 })
    }
}
