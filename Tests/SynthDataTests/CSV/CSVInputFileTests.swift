import Foundation
import Glibc
import Testing
import SynthTestSupport
@testable import SynthData

/// Files the CSV reader refuses, each with a plain, typed error.
@Suite("CSV reader: input files")
struct CSVInputFileTests {
    private func write(_ bytes: [UInt8], name: String = "input.csv") throws -> String {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// `text` in UTF-16 (little or big endian), with or without a byte-order mark.
    private func utf16(_ text: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test(arguments: [(false, true), (true, true), (false, false), (true, false)])
    func utf16IsRefusedWithAConversionHint(bigEndian: Bool, bom: Bool) throws {
        let path = try write(utf16("name,n\nGrün,1\nBlau,2\n", bigEndian: bigEndian, bom: bom))
        #expect(throws: CSVError(.unsupportedEncoding("UTF-16"), file: path)) { try CSVReader.read(path: path) }
        #expect(throws: CSVError(.unsupportedEncoding("UTF-16"), file: path)) { try CSVReader.inferSchema(path: path) }
        let message = CSVError(.unsupportedEncoding("UTF-16"), file: "in.csv").description
        #expect(message.hasPrefix("in.csv is UTF-16; synth reads UTF-8: convert it"))
        #expect(message.contains("iconv -f UTF-16 -t UTF-8"))
    }

    @Test func utf32IsRefusedToo() throws {
        var bytes: [UInt8] = [0xFF, 0xFE, 0, 0]
        for scalar in "a,b\n1,2\n".unicodeScalars { bytes += [UInt8(scalar.value), 0, 0, 0] }
        let path = try write(bytes)
        #expect(throws: CSVError(.unsupportedEncoding("UTF-32"), file: path)) { try CSVReader.read(path: path) }
    }

    @Test func utf8WithAFewOddBytesIsNotMistakenForUTF16() throws {
        let path = try write(Array("a,b\nx,1\n".utf8) + [0] + Array("y,2\n".utf8))
        #expect(throws: Never.self) { try CSVReader.read(path: path) }
    }

    @Test func invalidUTF8InTheHeaderIsTheSameErrorAsInData() throws {
        let header = try write(Array("id,na".utf8) + [0xFF] + Array("me\n1,x\n".utf8))
        #expect(throws: CSVError(.invalidUTF8, file: header, line: 1, column: 6)) { try CSVReader.read(path: header) }
        #expect(throws: CSVError(.invalidUTF8, file: header, line: 1, column: 6)) { try CSVReader.inferSchema(path: header) }
        let data = try write(Array("id,name\n1,na".utf8) + [0xFF] + Array("me\n".utf8))
        #expect(throws: CSVError(.invalidUTF8, file: data, line: 2, column: 5)) { try CSVReader.read(path: data) }
        // A quoted header name spanning lines is located at its real line.
        let quoted = try write(Array("id,\"long\nna".utf8) + [0xC3, 0x28] + Array("me\"\n1,x\n".utf8))
        #expect(throws: CSVError(.invalidUTF8, file: quoted, line: 2, column: 3)) { try CSVReader.read(path: quoted) }
    }

    @Test func aDirectoryIsNotAFile() throws {
        let directory = try Fixtures.temporaryDirectory().path
        #expect(throws: FileAccessError(.isDirectory, path: directory)) { try CSVReader.read(path: directory) }
        #expect(FileAccessError(.isDirectory, path: "d").description == "'d' is a directory, not a file")
    }

    @Test func aMissingFileSaysSo() throws {
        #expect(throws: FileAccessError(.notFound, path: "/nonexistent/x.csv")) { try CSVReader.read(path: "/nonexistent/x.csv") }
    }

    @Test(.timeLimit(.minutes(1)))
    func aNamedPipeIsRefusedWithoutWaitingForAWriter() throws {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("pipe.csv").path
        #expect(mkfifo(path, 0o600) == 0)
        let expected = FileAccessError(.notRegularFile(what: "a named pipe (FIFO)"), path: path)
        #expect(throws: expected) { try CSVReader.read(path: path) }
        #expect(throws: expected) { try ParquetReader(path: path) }
        #expect(expected.description == "'\(path)' is not a regular file: it is a named pipe (FIFO)")
    }

    @Test func aDeviceIsRefused() throws {
        #expect(throws: FileAccessError(.notRegularFile(what: "a character device"), path: "/dev/null")) {
            try CSVReader.read(path: "/dev/null")
        }
    }

    @Test(.enabled(if: geteuid() != 0, "root reads files whatever their mode; run as another user to test this"))
    func anUnreadableFileIsPermissionDenied() throws {
        let path = try write(Array("a\n1\n".utf8))
        #expect(chmod(path, 0) == 0)
        #expect(throws: FileAccessError(.permissionDenied, path: path)) { try CSVReader.read(path: path) }
        #expect(throws: FileAccessError(.permissionDenied, path: path)) { try ParquetReader(path: path) }
    }

    @Test func errnoMapsToPlainErrors() {
        #expect(ReadableFile.error(errno: EACCES, path: "f").description == "permission denied: 'f' cannot be read by this user")
        #expect(ReadableFile.error(errno: ENOENT, path: "f") == FileAccessError(.notFound, path: "f"))
        #expect(ReadableFile.error(errno: EIO, path: "f").description == "cannot read 'f': \(String(cString: strerror(EIO)))")
    }
}
