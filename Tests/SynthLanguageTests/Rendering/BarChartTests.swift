import Testing
@testable import SynthLanguage

@Suite struct BarChartTests {
    @Test func barsHaveEighthBlockResolution() {
        #expect(BarChart.bar(fraction: 1, width: 4, utf8: true) == "████")
        #expect(BarChart.bar(fraction: 0.5, width: 4, utf8: true) == "██  ")
        #expect(BarChart.bar(fraction: 0.5 + 1.0 / 16, width: 4, utf8: true) == "██▎ ")  // 18 eighths = 2 full + 2/8
        #expect(BarChart.bar(fraction: 1.0 / 32, width: 4, utf8: true) == "▏   ")
        #expect(BarChart.bar(fraction: 0, width: 3, utf8: true) == "   ")
        #expect(BarChart.bar(fraction: .nan, width: 2, utf8: true) == "  ")
    }

    @Test func asciiBarsUseHashes() {
        #expect(BarChart.bar(fraction: 0.5, width: 10, utf8: false) == "#####     ")
        #expect(BarChart.bar(fraction: 2, width: 3, utf8: false) == "###")
    }

    @Test func labelsAreTrimmedOrPadded() {
        #expect(BarChart.fit("abcdefghijklmnopqrstuvwxyz", width: 20, utf8: true) == "abcdefghijklmnopqrs…")
        #expect(BarChart.fit("abcdefghijklmnopqrstuvwxyz", width: 20, utf8: false) == "abcdefghijklmnopqrs~")
        #expect(BarChart.fit("short", width: 8, utf8: true) == "short   ")
    }

    @Test func pairedRowsShowBothSeriesWithPercentages() {
        let chart = BarChart(utf8: true, barWidth: 8, labelWidth: 6, seriesTags: ["orig", "syn"])
        let lines = chart.render([BarChart.Row(label: "Ideal", values: [0.4, 0.3]),
                                  BarChart.Row(label: "Premium cut", values: [0.2, 0.1])])
        #expect(lines == [
            "Ideal  orig ████████  40.0%",
            "       syn  ██████    30.0%",
            "Premi… orig ████      20.0%",
            "       syn  ██        10.0%",
        ])
    }

    @Test func fixedDecimalFormatting() {
        #expect(formatFixed(12.345, decimals: 1) == "12.3")
        #expect(formatFixed(0.05, decimals: 1) == "0.1")
        #expect(formatFixed(-3.14159, decimals: 2) == "-3.14")
        #expect(formatFixed(7, decimals: 0) == "7")
    }
}

@Suite struct ChartEncodingTests {
    @Test func localeDecidesUTF8() {
        #expect(ChartEncoding.prefersUTF8(environment: ["LANG": "en_US.UTF-8"]))
        #expect(ChartEncoding.prefersUTF8(environment: ["LC_CTYPE": "C.utf8", "LANG": "C"]))
        #expect(!ChartEncoding.prefersUTF8(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"]))
        #expect(!ChartEncoding.prefersUTF8(environment: [:]))
    }
}
