import Foundation
import SynthTestSupport
import Testing

/// The live view in a real pseudo-terminal (tmux) at 80 and 40 columns and after resizes:
/// progress bars that fit and erase their line, `watch`'s epochs and its plain Ctrl-C exit,
/// `load`'s progress and prompt Ctrl-C, and output (help, QA) that fits the width, ASCII
/// without a UTF-8 locale, and a pager for long output.
@Suite(.enabled(if: TmuxDriver.isAvailable && BinaryHarness.binaryPath != nil, "needs tmux and the built synth binary"),
       .serialized)
struct LiveTerminalTests {
    /// Lines of the screen (wrapped lines joined), without trailing spaces.
    static func lines(_ screen: String) -> [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var text = String(line)
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
    }

    /// The lines that show a progress bar labelled `label`.
    static func barLines(_ screen: String, _ label: String) -> [String] {
        lines(screen).filter { $0.contains(label) && $0.hasSuffix("%") }
    }

    static func environment(home: URL, extra: [String: String] = [:]) -> [String: String] {
        ["SYNTH_HISTORY": "", "SYNTH_HOME": home.path, "LANG": "C.UTF-8", "PAGER": "cat"].merging(extra) { $1 }
    }

    @Test func watchBarFitsAt80And40ColumnsAndAfterResizeAndCtrlCLeavesPlainly() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // About 10 MB of flights rows: epochs long enough that early stopping cannot end the
        // job before the test has watched it twice and resized the window.
        let rows = try Fixtures.largeFlightsCSV(megabytes: 10, in: directory)
        try FileManager.default.moveItem(atPath: rows, toPath: directory.appendingPathComponent("d.csv").path)
        let tmux = try TmuxDriver(command: BinaryHarness.binaryPath ?? "synth", directory: directory,
                                  environment: Self.environment(home: directory.appendingPathComponent("home")), columns: 80)
        defer { tmux.kill() }
        try tmux.waitFor("[1]> ")
        tmux.send(literal: "load \"d.csv\" as d")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[2]> ", timeout: 60)
        tmux.send(literal: "train d epochs=10000 minutes=10 seed=1 as j")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[3]> ", timeout: 60)
        tmux.send(literal: "watch j")
        tmux.send(keys: "Enter")
        // The bar names the epoch being trained and the epoch limit from the first epoch on:
        // the step budget's (fewer than the 10,000 asked for on this small table).
        try tmux.waitFor("AI training · epoch 1/", timeout: 120)
        #expect(!tmux.joinedScreen().contains("epoch 1/10000"), "\(tmux.joinedScreen())")
        usleep(1_500_000)  // several redraws
        var bars = Self.barLines(tmux.joinedScreen(), "AI training")
        #expect(bars.count == 1, "one bar line, redrawn in place: \(tmux.joinedScreen())")
        #expect(bars.allSatisfy { $0.count < 80 }, "the bar fits 80 columns: \(bars)")

        // Ctrl-C leaves the view, not the job: no error, and it says how to follow or cancel.
        tmux.send(keys: "C-c")
        try tmux.waitFor("keeps running", timeout: 10)
        try tmux.waitFor("[4]> ")
        var screen = tmux.joinedScreen()
        #expect(!screen.contains("error"), "\(screen)")
        #expect(screen.contains("`watch 1` follows it again") && screen.contains("`cancel 1` stops it"), "\(screen)")
        #expect(Self.barLines(screen, "AI training").isEmpty, "leaving the view erases the bar: \(screen)")

        // At 40 columns the bar is cut to fit (never wrapped).
        tmux.resize(columns: 40)
        usleep(300_000)
        tmux.send(literal: "watch j")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[4]> watch j")
        usleep(2_000_000)
        bars = Self.barLines(tmux.joinedScreen(), "AI trai")
        #expect(bars.count == 1, "\(tmux.joinedScreen())")
        #expect(bars.allSatisfy { $0.count < 40 }, "the bar fits 40 columns: \(bars)")

        // A resize while the bar runs: the next redraw reads the new width.
        tmux.resize(columns: 64)
        usleep(1_500_000)
        let last = Self.lines(tmux.screen()).last { $0.contains("AI trai") && $0.hasSuffix("%") } ?? ""
        #expect(last.count > 39 && last.count < 64, "redrawn at the new width: '\(last)'")
        #expect(last.contains("epoch"), "'\(last)'")

        tmux.send(keys: "C-c")
        try tmux.waitFor("[5]> ")
        tmux.send(literal: "cancel j")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[6]> ", timeout: 30)
        tmux.send(keys: "C-d")
        try tmux.waitFor("EXIT=0", timeout: 60)
        screen = tmux.joinedScreen()
        #expect(!screen.contains("error"), "\(screen)")
    }

    @Test func loadShowsAFittingBarAndCtrlCReturnsThePromptQuickly() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = URL(fileURLWithPath: try Fixtures.largeFlightsCSV(megabytes: 250, in: directory))
        let tmux = try TmuxDriver(command: BinaryHarness.binaryPath ?? "synth", directory: directory,
                                  environment: Self.environment(home: directory.appendingPathComponent("home")), columns: 40)
        defer { tmux.kill() }
        try tmux.waitFor("[1]> ")
        tmux.send(literal: "load \"\(big.lastPathComponent)\" as f")
        tmux.send(keys: "Enter")
        try tmux.waitFor("reading flights", timeout: 60)
        let bars = Self.barLines(tmux.joinedScreen(), "reading flights")
        #expect(bars.count == 1 && bars.allSatisfy { $0.count < 40 }, "\(tmux.joinedScreen())")
        let pressed = Date()
        tmux.send(keys: "C-c")
        try tmux.waitFor("[2]> ", timeout: 30)
        let waited = Date().timeIntervalSince(pressed)
        // Reads stop between 256 KiB chunks; the bound is generous for a loaded machine.
        #expect(waited < 3, "Ctrl-C took \(waited) s to return the prompt")
        let screen = tmux.joinedScreen()
        #expect(screen.contains("interrupted"), "\(screen)")
        #expect(Self.barLines(screen, "reading").isEmpty, "the bar is erased: \(screen)")
        tmux.send(keys: "C-d")
        try tmux.waitFor("EXIT=0")
    }

    @Test func helpWatchAndQAFit40ColumnsInASCIIAndLongOutputIsPaged() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = directory.appendingPathComponent("home")
        try FileManager.default.copyItem(atPath: Fixtures.packageRoot.appendingPathComponent("examples/data/penguins.csv").path,
                                         toPath: directory.appendingPathComponent("p.csv").path)
        do {
            let tmux = try TmuxDriver(command: BinaryHarness.binaryPath ?? "synth", directory: directory,
                                      environment: Self.environment(home: home, extra: ["LANG": "C", "NO_COLOR": "1"]),
                                      columns: 40)
            defer { tmux.kill() }
            try tmux.waitFor("[1]> ")
            for (number, command) in ["load \"p.csv\" as p", "train p epochs=2 seed=3 as j", "watch j", "help", "help train",
                                      "describe p", "qa j worst=2"].enumerated() {
                tmux.send(literal: command)
                tmux.send(keys: "Enter")
                try tmux.waitFor("[\(number + 2)]> ", timeout: 300)
            }
            tmux.send(keys: "C-d")
            try tmux.waitFor("EXIT=0", timeout: 60)
            let screen = tmux.joinedScreenFromStart()
            let lines = Self.lines(screen)
            let wide = lines.filter { $0.count > 40 }
            #expect(wide.isEmpty, "lines wider than the terminal: \(wide)")
            let nonASCII = lines.filter { line in !line.unicodeScalars.allSatisfy { $0.isASCII } }
            #expect(nonASCII.isEmpty, "LANG=C gets ASCII: \(nonASCII)")
            #expect(screen.contains("epoch 1/2: validation loss") && screen.contains("epoch 2/2: validation loss"), "\(screen)")
            #expect(screen.contains("QA summary") && screen.contains("privacy:") && screen.contains("`qa 1`"), "\(screen)")
            // Prose is broken at spaces: compare words.
            let words = screen.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
            #expect(words.contains("with the lowest accuracy; 6 others are hidden"), "worst= says the rest is hidden: \(screen)")
            #expect(screen.contains(">= "), "\(screen)")
        }
        // The pager: long output on a terminal goes through $PAGER ...
        let paged = directory.appendingPathComponent("paged.txt")
        do {
            let tmux = try TmuxDriver(command: BinaryHarness.binaryPath ?? "synth", directory: directory,
                                      environment: Self.environment(home: home, extra: ["PAGER": "cat > paged.txt"]),
                                      columns: 80, rows: 24)
            defer { tmux.kill() }
            try tmux.waitFor("[1]> ")
            tmux.send(literal: "qa 1")
            tmux.send(keys: "Enter")
            try tmux.waitFor("[2]> ", timeout: 60)
            tmux.send(literal: "count [1, 2]")
            tmux.send(keys: "Enter")
            try tmux.waitFor("[3]> ", timeout: 60)
            tmux.send(keys: "C-d")
            try tmux.waitFor("EXIT=0", timeout: 60)
            let text = (try? String(contentsOf: paged, encoding: .utf8)) ?? ""
            #expect(text.contains("QA report:") && text.contains("Bivariate accuracy"), "the report went to the pager: \(text)")
            #expect(!tmux.screen().contains("Bivariate accuracy"), "and not to the screen")
        }
        // ... never when stdout is not a terminal.
        try? FileManager.default.removeItem(at: paged)
        let result = try BinaryHarness.run(["-c", "qa 1"], in: directory,
                                           environment: ["SYNTH_HOME": home.path, "PAGER": "cat > paged.txt"])
        #expect(result.stdout.contains("Bivariate accuracy"))
        #expect(!FileManager.default.fileExists(atPath: paged.path))
    }
}
