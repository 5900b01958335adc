import Foundation
import Testing
import SynthEngine
@testable import SynthJobs

/// `JobFiles` is the one place that names a job's files: every name must be distinct (two
/// files never share a path), one plain path component, and leave room for the longest
/// table name a job accepts.
@Suite("Job file names")
struct JobFilesTests {
    let table = String(repeating: "t", count: SafeName.maximumBytes)

    @Test func everyNameIsDistinct() {
        let files = JobFiles(folder: URL(fileURLWithPath: "/jobs/1"))
        var paths = JobFiles.TableFile.allCases.map { files.url($0, table: "p").path }
        paths += JobFiles.JobFile.allCases.map { files.url($0).path }
        paths += Synthesizer.StoredFile.allCases.map { files.url($0, ofModel: "p").path }
        #expect(Set(paths).count == paths.count, "\(paths)")
        // Two tables' files never meet, whatever their names.
        let other = JobFiles.TableFile.allCases.map { files.url($0, table: "q").path }
        #expect(Set(paths).isDisjoint(with: other))
    }

    @Test func everyNameIsOnePlainComponentWithinTheFileSystemLimit() throws {
        for file in JobFiles.TableFile.allCases {
            let name = JobFiles.name(file, table: "p")
            #expect(try SafeName.validate(name, kind: "file name") == name)
            // With the longest table name a job accepts, still one name within the 255-byte limit.
            let longest = JobFiles.name(file, table: table)
            #expect(!longest.contains("/") && longest.utf8.count <= 255, "\(longest.utf8.count) bytes")
        }
        for file in JobFiles.JobFile.allCases { #expect(try SafeName.validate(file.rawValue, kind: "file name") == file.rawValue) }
        for file in Synthesizer.StoredFile.allCases { #expect(try SafeName.validate(file.rawValue, kind: "file name") == file.rawValue) }
    }

    @Test func filesStayInTheJobFolder() {
        let folder = URL(fileURLWithPath: "/jobs/7")
        let files = JobFiles(folder: folder)
        for file in JobFiles.TableFile.allCases {
            #expect(files.url(file, table: table).deletingLastPathComponent().path == folder.path)
        }
        for file in Synthesizer.StoredFile.allCases {
            #expect(files.url(file, ofModel: "p").deletingLastPathComponent().path == files.url(.model, table: "p").path)
        }
    }

    @Test func shareBundleEntriesAreTheJobsModelAndReportFiles() {
        let files = JobFiles(folder: URL(fileURLWithPath: "/jobs/1"))
        let entries = ShareBundle.TableFile.allCases.map(\.path)
        #expect(Set(entries).count == entries.count)
        #expect(Set(entries) == ["model/encoding.json", "model/model.bin", "model/text.bin", "qa.json", "qa.html"])
        for entry in ShareBundle.TableFile.allCases {
            #expect(ShareBundle.TableFile(path: entry.path) == entry)
            // The bundle's `<table>/<path>` is the job folder's `<table>.<path>`.
            #expect(entry.url(in: files, table: "p").path == "/jobs/1/p.\(entry.path)")
        }
    }
}
