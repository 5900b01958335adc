import SynthTerminal
import Testing

@Suite struct TextReflowTests {
    @Test func longLinesBreakAtSpacesWithinTheWidth() {
        let text = "Bivariate accuracy compares the share of every pair of binned values in the synthetic and original rows."
        for width in [20, 33, 40, 80] {
            let lines = TextReflow.fit(line: text, width: width)
            #expect(lines.allSatisfy { $0.count <= width }, "\(width): \(lines)")
            // No word is split: joining the lines gives the words back.
            #expect(lines.map { $0.trimmingLeadingSpaces() }.joined(separator: " ") == text, "\(lines)")
        }
    }

    @Test func continuationLinesHangUnderTheSecondColumn() {
        let line = "  describe   Summary statistics per column: type, nulls, unique values, min, max and top values."
        let lines = TextReflow.fit(line: line, width: 50)
        #expect(lines[0].hasPrefix("  describe   Summary"))
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 13)) && $0.count <= 50 }, "\(lines)")
    }

    @Test func aWordLongerThanTheWidthIsCutAndShortLinesStay() {
        #expect(TextReflow.fit(line: String(repeating: "x", count: 25), width: 10).map(\.count) == [10, 10, 5])
        #expect(TextReflow.fit("short\n\n  kept", width: 10) == "short\n\n  kept")
    }
}

private extension String {
    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " }) }
}
