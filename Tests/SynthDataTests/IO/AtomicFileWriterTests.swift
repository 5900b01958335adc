import Foundation
import SynthData
import SynthTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `AtomicFileWriter`: the destination holds the old file or the whole new one, never a
/// part; existing files and symbolic links are replaced only when asked, links never
/// followed; failures leave no file and no temporary file.
@Suite struct AtomicFileWriterTests {
    private func folder() throws -> URL { try Fixtures.temporaryDirectory() }

    private func contents(_ url: URL) -> String? {
        FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The names in `folder`, sorted (hidden ones included).
    private func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    private func kind(of body: () throws -> Void) -> FileWriteError.Kind? {
        do { try body() } catch let error as FileWriteError { return error.kind } catch { return .failed(reason: "\(error)") }
        return nil
    }

    @Test func writesTheFileAndLeavesNoTemporaryFile() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.txt")
        try AtomicFileWriter.write(text: "hello\n", to: out.path, replace: false)
        #expect(contents(out) == "hello\n")
        #expect(try names(in: folder) == ["out.txt"])
    }

    @Test func streamsManyPieces() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("big.bin")
        let piece = [UInt8](repeating: 7, count: 100_000)
        try AtomicFileWriter.write(to: out.path, replace: false) { file in
            for _ in 0..<50 { try file.write(piece) }
        }
        #expect(FileManager.default.contents(atPath: out.path)?.count == 5_000_000)
    }

    @Test func anExistingFileIsKeptUnlessReplaceIsTrue() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.txt")
        try Data("old".utf8).write(to: out)
        chmod(out.path, 0o640)
        #expect(kind { try AtomicFileWriter.write(text: "new", to: out.path, replace: false) } == .exists)
        #expect(contents(out) == "old")
        let error = FileWriteError(.exists, path: "out.txt")
        #expect(error.description == "'out.txt' already exists; add replace=true to replace it")
        try AtomicFileWriter.write(text: "new", to: out.path, replace: true)
        #expect(contents(out) == "new")
        let mode = try FileManager.default.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int
        #expect(mode == 0o640, "a replaced file keeps its permissions")
        #expect(try names(in: folder) == ["out.txt"])
    }

    @Test func theExistingFileIsCheckedBeforeAnyWork() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.txt")
        try Data("old".utf8).write(to: out)
        var worked = false
        #expect(kind { try AtomicFileWriter.write(to: out.path, replace: false) { _ in worked = true } } == .exists)
        #expect(!worked)
        #expect(kind { try CSVWriter.write(Table(), to: out.path) } == .exists)
        #expect(kind { try ParquetWriter.write(Table(), to: out.path) } == .exists)
        #expect(contents(out) == "old")
    }

    @Test func aSymbolicLinkIsReplacedNeverFollowed() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("precious.txt")
        try Data("precious".utf8).write(to: target)
        let link = folder.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target.path)
        #expect(kind { try AtomicFileWriter.write(text: "new", to: link.path, replace: false) } == .exists)
        try AtomicFileWriter.write(text: "new", to: link.path, replace: true)
        #expect(contents(target) == "precious", "the link's target is untouched")
        #expect(contents(link) == "new")
        #expect((try FileManager.default.attributesOfItem(atPath: link.path)[.type] as? FileAttributeType) == .typeRegular)
        // A dangling link counts as existing too (writing through it would create its target).
        let dangling = folder.appendingPathComponent("dangling.csv")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: folder.appendingPathComponent("elsewhere").path)
        #expect(kind { try AtomicFileWriter.write(text: "x", to: dangling.path, replace: false) } == .exists)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("elsewhere").path))
    }

    @Test func foldersAndMissingFoldersAreClearErrors() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(kind { try AtomicFileWriter.write(text: "x", to: folder.path, replace: true) } == .isFolder)
        #expect(kind { try AtomicFileWriter.write(text: "x", to: folder.path + "/", replace: true) } == .isFolder)
        let missing = folder.appendingPathComponent("no/such/out.csv").path
        #expect(kind { try AtomicFileWriter.write(text: "x", to: missing, replace: false) } == .noFolder)
        #expect(try names(in: folder).isEmpty)
    }

    @Test func aFailingWriterLeavesNothing() throws {
        struct Stop: Error {}
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.txt")
        #expect(throws: Stop.self) {
            try AtomicFileWriter.write(to: out.path, replace: false) { file in
                try file.write(Array("half".utf8))
                throw Stop()
            }
        }
        try Data("old".utf8).write(to: out)
        #expect(throws: Stop.self) {
            try AtomicFileWriter.write(to: out.path, replace: true) { file in
                try file.write(Array("half".utf8))
                throw Stop()
            }
        }
        #expect(contents(out) == "old")
        #expect(try names(in: folder) == ["out.txt"])
        // A writer dropped without commit removes its temporary file.
        do {
            let writer = try AtomicFileWriter(destination: folder.appendingPathComponent("dropped.txt").path, replace: false)
            try writer.write(Array("x".utf8))
            #expect(FileManager.default.fileExists(atPath: writer.temporaryPath))
        }
        #expect(try names(in: folder) == ["out.txt"])
    }

    @Test func systemErrorsBecomeClearErrors() {
        #expect(FileWriteError(errno: ENOSPC, path: "a.csv").kind == .diskFull)
        #expect(FileWriteError(errno: EDQUOT, path: "a.csv").kind == .diskFull)
        #expect(FileWriteError(errno: EFBIG, path: "a.csv").kind == .fileSizeLimit)
        #expect(FileWriteError(errno: EACCES, path: "a.csv").kind == .permissionDenied)
        #expect(FileWriteError(.diskFull, path: "a.csv").description == "disk full while writing 'a.csv'; nothing was written")
        #expect(FileWriteError(.fileSizeLimit, path: "a.csv").description.contains("file size limit"))
    }

    @Test func temporaryNamesAreUniqueAndShortEnough() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = String(repeating: "é", count: 120) + ".csv"  // 244 bytes: a legal name
        let writers = try (0..<20).map { _ in try AtomicFileWriter(destination: folder.appendingPathComponent(long).path, replace: false) }
        #expect(Set(writers.map(\.temporaryPath)).count == 20)
        #expect(writers.allSatisfy { URL(fileURLWithPath: $0.temporaryPath).lastPathComponent.hasPrefix(".é") })
        #expect(writers.allSatisfy { $0.temporaryPath.hasSuffix(".tmp") })
        try writers[0].commit()
        writers.dropFirst().forEach { $0.discard() }
        #expect(try names(in: folder) == [long])
    }

    @Test func concurrentWritersLeaveOneWholeFile() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("same.txt").path
        let texts = (0..<8).map { String(repeating: "\($0)", count: 200_000) }
        for _ in 0..<5 {
            let failures = ConcurrentSlots<String>(count: texts.count)
            DispatchQueue.concurrentPerform(iterations: texts.count) { index in
                do { try AtomicFileWriter.write(text: texts[index], to: out, replace: true) } catch {
                    failures.set(index, "\(error)")
                }
            }
            #expect(failures.values.allSatisfy { $0 == nil }, "\(failures.values)")
            let written = FileManager.default.contents(atPath: out).map { String(decoding: $0, as: UTF8.self) }
            #expect(written.map(texts.contains) == true, "one writer's whole text")
            #expect(try names(in: folder) == ["same.txt"])
        }
        // Without replace, exactly one of racing writers creates the file.
        try FileManager.default.removeItem(atPath: out)
        let outcomes = ConcurrentSlots<Bool>(count: texts.count)
        DispatchQueue.concurrentPerform(iterations: texts.count) { index in
            outcomes.set(index, (try? AtomicFileWriter.write(text: texts[index], to: out, replace: false)) != nil)
        }
        #expect(outcomes.values.filter { $0 == true }.count == 1)
        #expect(try names(in: folder) == ["same.txt"])
    }

    @Test func copyStreamsAFile() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("source.bin")
        let bytes = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: source)
        let copy = folder.appendingPathComponent("copy.bin")
        try AtomicFileWriter.copy(from: source.path, to: copy.path, replace: false)
        #expect(FileManager.default.contents(atPath: copy.path) == bytes)
        #expect(kind { try AtomicFileWriter.copy(from: source.path, to: copy.path, replace: false) } == .exists)
        #expect(throws: FileWriteError.self) {
            try AtomicFileWriter.copy(from: folder.appendingPathComponent("missing").path,
                                      to: folder.appendingPathComponent("x").path, replace: false)
        }
        #expect(try names(in: folder) == ["copy.bin", "source.bin"])
    }
}
