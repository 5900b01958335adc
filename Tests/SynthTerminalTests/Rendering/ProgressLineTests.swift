import SynthTerminal
import Testing

@Suite struct ProgressLineTests {
    @Test func everyWidthGetsALineShorterThanTheTerminal() {
        let label = "AI training · epoch 12/100 · loss 41.205 · ETA 3m 12s"
        for width in 1...200 {
            for utf8 in [true, false] {
                let line = ProgressLine(utf8: utf8, width: width).text(label: label, fraction: 0.37)
                #expect(line.count <= max(1, width - 1), "width \(width): '\(line)'")
                if width >= 8 { #expect(line.hasSuffix("37%"), "width \(width): '\(line)'") }
            }
        }
    }

    @Test func theBarShrinksBeforeTheLabelIsCut() {
        let label = "reading flights.csv"
        let wide = ProgressLine(utf8: false, width: 120).text(label: label, fraction: 0.5)
        #expect(wide == label + " " + String(repeating: "#", count: 15) + String(repeating: "-", count: 15) + " 50%")
        let narrow = ProgressLine(utf8: false, width: 40).text(label: label, fraction: 0.5)
        #expect(narrow.hasPrefix(label + " #"), "'\(narrow)'")
        let tiny = ProgressLine(utf8: true, width: 20).text(label: label, fraction: 1)
        #expect(tiny.count <= 19 && tiny.hasSuffix("100%") && tiny.contains("…"), "'\(tiny)'")
    }
}
