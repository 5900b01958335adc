import Foundation
import Testing
import SynthTestSupport
@testable import SynthJobs

private func makeJob(_ store: JobStore) throws -> JobRecord {
    try store.createJob(name: nil, type: .adHoc, settings: JobSettings(maxEpochs: 3),
                        tables: [JobTableRecord(jobID: 0, name: "penguins", sourcePath: "/tmp/p.csv", sourceBytes: 10, sourceSHA256: nil)],
                        tasks: TaskKind.allCases)
}

/// util-linux `flock -F FILE sleep N`: a process that holds an `flock` on FILE itself (no
/// fork), as a synth runner in another process (or another UTS namespace) would.
private func lockHoldingProcess(_ path: String) throws -> Subprocess? {
    let tool = "/usr/bin/flock"
    guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
    return try Subprocess(tool, ["-F", path, "sleep", "60"])
}

/// Who runs a job is decided by the job's `flock`, never by pid or host name.
@Suite("Job ownership")
struct JobOwnershipTests {
    @Test func aJobLockedByAnotherProcessStaysRunningWhateverItsRecordedPidAndHost() throws {
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        let job = try makeJob(store)
        let tasks = try store.tasks(ofJob: job.id)
        try store.claim(job: job.id)
        try store.updateTask(tasks[0].id, status: .finished)
        try store.updateTask(tasks[1].id, status: .inProgress)
        // Hand the lock to another process; record a pid and host that say nothing about it
        // (another UTS namespace; a pid that is not its own).
        store.release(job: job.id)
        guard let holder = try lockHoldingProcess(store.lockPath(ofJob: job.id)) else { return }
        defer { holder.send(SIGKILL); _ = try? holder.wait() }
        let deadline = Date().addingTimeInterval(20)
        var held = false
        while !held, holder.isRunning, Date() < deadline {
            held = try store.isRunnerAlive(job: job.id)
            if !held { Thread.sleep(forTimeInterval: 0.02) }
        }
        guard held else { return }  // an flock(1) without -F: nothing to observe here
        try store.database.run("UPDATE jobs SET owner_pid = 999999, owner_host = 'another-namespace' WHERE id = ?", [.integer(Int64(job.id))])
        let observer = try JobStore(home: home)
        #expect(try observer.job(job.id).status == .inProgress)
        #expect(throws: JobStoreError.self) { try observer.deleteJob(job.id) }
        #expect(throws: JobStoreError.self) { try observer.claim(job: job.id) }
        // The holder dies: the next store to open marks the job failed, with a log line.
        holder.send(SIGKILL)
        _ = try holder.wait()
        let after = try JobStore(home: home)
        let failed = try after.job(job.id)
        #expect(failed.status == .failed)
        #expect(failed.error?.contains("ended") == true)
        #expect(try after.tasks(ofJob: job.id).map(\.status).prefix(3) == [.finished, .failed, .canceled])
        #expect(try after.logs(ofJob: job.id).contains { $0.level == "error" && $0.message.contains("is gone") })
        try after.deleteJob(job.id)
    }

    @Test func aJobIsAliveWhileTheStoreThatCreatedItLives() throws {
        let home = try Fixtures.temporaryDirectory()
        let owner = try JobStore(home: home)
        let job = try makeJob(owner)
        let other = try JobStore(home: home)
        #expect(try other.job(job.id).status == .queued)
        #expect(try other.isRunnerAlive(job: job.id))
        do {
            // A store that goes away (as its process would) takes its jobs' locks with it.
            let shortLived = try JobStore(home: home)
            _ = try makeJob(shortLived)
        }
        let later = try JobStore(home: home)
        #expect(try later.job(job.id + 1).status == .failed)
        #expect(try later.job(job.id).status == .queued)
    }

    @Test func queuedJobsOfAnEndedProcessAreFailedWithALogLine() throws {
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        let job = try makeJob(store)
        store.release(job: job.id)  // as if the process that queued it ended
        try store.recoverOrphanedJobs()
        let failed = try store.job(job.id)
        #expect(failed.status == .failed)
        let tasks = try store.tasks(ofJob: job.id)
        #expect(tasks.first?.status == .failed && tasks.dropFirst().allSatisfy { $0.status == .canceled })
        #expect(try store.logs(ofJob: job.id).contains { $0.message.contains("queued it") && $0.message.contains("before the job started") })
        // Marked once, whoever looks next.
        try JobStore(home: home).recoverOrphanedJobs()
        #expect(try store.logs(ofJob: job.id).filter { $0.level == "error" }.count == 1)
    }

    @Test func aRunnerHoldsTheLockUntilTheJobEndsAndThenLetsGo() throws {
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        let job = try makeJob(store)
        struct Probe: TaskExecutor {
            let home: URL
            func run(_ context: TaskContext) throws {
                // Another store (as another process would) sees the runner alive mid-job.
                if try !JobStore(home: home).isRunnerAlive(job: context.job.id) { throw JobStoreError.invalidState("lock not held") }
            }
        }
        let executors = Dictionary(uniqueKeysWithValues: TaskKind.allCases.map { ($0, Probe(home: home) as any TaskExecutor) })
        JobRunner(store: store, executors: executors).run(job.id)
        #expect(try store.job(job.id).status == .finished)
        #expect(try !store.isRunnerAlive(job: job.id))
    }
}
