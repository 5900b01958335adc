import Foundation
import Testing
import SynthData
import SynthTestSupport
@testable import SynthJobs

/// A task that writes files the way the real tasks do: Parquet and CSV through `TableFiles`,
/// JSON through Foundation's atomic write, and a sub-folder (like the model folder).
private struct FileWritingExecutor: TaskExecutor {
    func run(_ context: TaskContext) throws {
        let table = try Table(columns: [Column(name: "x", values: .int64([1, 2, 3]))])
        try TableFiles.write(table, to: context.folder.appendingPathComponent("\(context.table.name).\(context.task.kind.rawValue).training.parquet").path)
        try TableFiles.write(table, to: context.folder.appendingPathComponent("\(context.table.name).\(context.task.kind.rawValue).csv").path)
        try Data("{}".utf8).write(to: context.folder.appendingPathComponent("\(context.table.name).\(context.task.kind.rawValue).json"), options: .atomic)
        let folder = context.folder.appendingPathComponent("\(context.table.name).\(context.task.kind.rawValue).model")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("weights".utf8).write(to: folder.appendingPathComponent("model.bin"))
    }
}

/// Every folder under `root` (itself included) with a mode other than 0700, and every file
/// with a mode other than 0600.
func looseModes(under root: URL) -> [String] {
    var loose: [String] = []
    func visit(_ url: URL) {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }
        let mode = info.st_mode & 0o7777
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            if mode != 0o700 { loose.append("\(url.path) \(String(mode, radix: 8))") }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] { visit(url.appendingPathComponent(name)) }
        case S_IFREG:
            if mode != 0o600 { loose.append("\(url.path) \(String(mode, radix: 8))") }
        default: break
        }
    }
    visit(root)
    return loose
}

/// Runs `body` with the process umask set to `mask`, then restores it. (The umask is per
/// process: the suite is serialized, and the other suites only ever get looser files.)
private func withUmask<T>(_ mask: mode_t, _ body: () throws -> T) rethrows -> T {
    let previous = umask(mask)
    defer { umask(previous) }
    return try body()
}

@Suite("Store permissions", .serialized)
struct StorePermissionsTests {
    @Test(arguments: [mode_t(0o000), mode_t(0o022)])
    func storeFoldersAndFilesAreOwnerOnlyWhateverTheUmask(mask: mode_t) throws {
        let home = try Fixtures.temporaryDirectory().appendingPathComponent("home/synth")
        try withUmask(mask) {
            let store = try JobStore(home: home)
            let executors = Dictionary(uniqueKeysWithValues: TaskKind.allCases.map { ($0, FileWritingExecutor() as any TaskExecutor) })
            let job = try store.createJob(name: nil, type: .adHoc, settings: JobSettings(),
                                          tables: [JobTableRecord(jobID: 0, name: "t", sourcePath: "", sourceBytes: 0, sourceSHA256: nil)],
                                          tasks: TaskKind.allCases)
            // Written before the job starts, as `train` writes the source copy.
            try TableFiles.write(try Table(columns: [Column(name: "x", values: .int64([1]))]),
                                 to: store.folder(ofJob: job.id).appendingPathComponent("t.source.parquet").path)
            JobRunner(store: store, executors: executors).run(job.id)
            #expect(try store.job(job.id).status == .finished)
            // While the store is open, the database's -wal and -shm files exist too.
            let names = try FileManager.default.contentsOfDirectory(atPath: home.path)
            #expect(names.contains("synth.db-wal") && names.contains("synth.db-shm"))
            #expect(looseModes(under: home) == [])
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("jobs/1").path)
        #expect(names.contains("t.source.parquet") && names.contains("t.ai_training.training.parquet"))
        #expect(looseModes(under: home) == [])
    }

    @Test func anExistingStoreWithLooseModesIsTightenedWhenOpened() throws {
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        let job = try store.createJob(name: nil, type: .imported, settings: JobSettings(), tables: [], tasks: [])
        let file = store.folder(ofJob: job.id).appendingPathComponent("t.training.parquet")
        try Data("rows".utf8).write(to: file)
        for (path, mode) in [(home.path, 0o755), (home.appendingPathComponent("jobs").path, 0o777),
                             (store.folder(ofJob: job.id).path, 0o755), (file.path, 0o644),
                             (home.appendingPathComponent("synth.db").path, 0o644)] {
            chmod(path, mode_t(mode))
        }
        #expect(looseModes(under: home).count == 5)
        _ = try JobStore(home: home)
        #expect(looseModes(under: home) == [])
    }
}
