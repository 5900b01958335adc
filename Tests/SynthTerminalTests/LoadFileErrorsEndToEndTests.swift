import Foundation
import Glibc
import SynthTestSupport
import Testing

/// `load` through the real binary: files it cannot read give one plain error line each
/// (never a Foundation error dump, never a hang), and values come back as written.
@Suite(.enabled(if: BinaryHarness.binaryPath != nil, "synth binary not built"))
struct LoadFileErrorsEndToEndTests {
    /// A folder holding one file of each kind `load` must refuse.
    private func badFiles() throws -> URL {
        let directory = try Fixtures.temporaryDirectory()
        func write(_ bytes: [UInt8], _ name: String) throws {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("folder.csv"), withIntermediateDirectories: false)
        #expect(mkfifo(directory.appendingPathComponent("pipe.csv").path, 0o600) == 0)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "a,b\n1,2\n".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try write(utf16, "wide.csv")
        try write(Array("id,na".utf8) + [0xFF] + Array("me\n1,x\n".utf8), "header.csv")
        try write(Array("a,b\n1,2\n".utf8), "locked.csv")
        #expect(chmod(directory.appendingPathComponent("locked.csv").path, 0) == 0)
        return directory
    }

    @Test(.timeLimit(.minutes(2)))
    func unreadableFilesGivePlainErrors() throws {
        let script = ["folder.csv", "pipe.csv", "wide.csv", "header.csv", "locked.csv", "absent.csv"]
            .map { "load \"\($0)\"" }.joined(separator: "\n")
        let result = try BinaryHarness.run(["--continue-on-error", "-c", script], in: try badFiles(), timeout: 60)
        #expect(result.status == 70)
        let expected = [
            "<command>:1:6: error: 'folder.csv' is a directory, not a file",
            "<command>:2:6: error: 'pipe.csv' is not a regular file: it is a named pipe (FIFO)",
            "<command>:3:6: error: wide.csv is UTF-16; synth reads UTF-8: convert it first (e.g. iconv -f UTF-16 -t UTF-8 'wide.csv' > converted.csv)",
            "<command>:4:6: error: header.csv:1:6: invalid UTF-8 byte sequence (synth reads UTF-8 text)",
            "<command>:6:6: error: no such file 'absent.csv'",
        ]
        for line in expected { #expect(result.stderr.contains(line), "\(line)\n--- stderr:\n\(result.stderr)") }
        if geteuid() != 0 {
            #expect(result.stderr.contains("<command>:5:6: error: permission denied: 'locked.csv' cannot be read by this user"))
        }
        for raw in ["NSCocoaErrorDomain", "Error Domain", "NSError", "Code="] { #expect(!result.stderr.contains(raw)) }
    }

    @Test func valuesAndHeadersLoadAsWritten() throws {
        let directory = try Fixtures.temporaryDirectory()
        try Data("2020,nan,zip,big\n1,2,02134,123456789012345678901\n3,4,10001,5\n".utf8)
            .write(to: directory.appendingPathComponent("t.csv"))
        let empty = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/parquet-foreign/empty_pyarrow.parquet")
        try FileManager.default.copyItem(at: empty, to: directory.appendingPathComponent("empty.parquet"))
        let result = try BinaryHarness.run(["-c", "load \"t.csv\" as t; show t; load \"empty.parquet\" as e"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("loaded t: 2 rows × 4 columns (the first row, taken as column names, looks like data"))
        for text in ["2020", "nan", "02134", "123456789012345678901", "10001"] { #expect(result.stdout.contains(text)) }
        #expect(result.stdout.contains("loaded e: 0 rows × 6 columns"))
    }
}
