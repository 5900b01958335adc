import Foundation
import Testing
import SynthTestSupport
@testable import SynthJobs

/// A scripted task: sleeps in small steps (checking for cancel) and may fail.
private struct ScriptedExecutor: TaskExecutor {
    var steps = 1
    var fails = false

    func run(_ context: TaskContext) throws {
        for step in 0..<steps {
            try context.checkCanceled()
            context.report(TaskProgress(fraction: Double(step + 1) / Double(steps)), force: true)
            Thread.sleep(forTimeInterval: 0.01)
        }
        try Data("done".utf8).write(to: context.folder.appendingPathComponent("\(context.table.name).\(context.task.kind.rawValue)"))
        if fails { throw JobStoreError.invalidState("scripted failure in \(context.task.kind.rawValue)") }
    }
}

private func makeStore() throws -> JobStore {
    try JobStore(home: Fixtures.temporaryDirectory())
}

private func makeJob(_ store: JobStore, name: String? = nil) throws -> JobRecord {
    try store.createJob(name: name, type: .adHoc, settings: JobSettings(maxEpochs: 3),
                        tables: [JobTableRecord(jobID: 0, name: "penguins", sourcePath: "/tmp/p.csv", sourceBytes: 10, sourceSHA256: nil)],
                        tasks: TaskKind.allCases)
}

@Suite("Job store")
struct JobStoreTests {
    @Test func createdJobIsQueuedWithAllTasks() throws {
        let store = try makeStore()
        let job = try makeJob(store)
        #expect(job.status == .queued && job.taskCount == 8 && job.tasksCompleted == 0)
        #expect(job.name == "job-\(job.id)")
        #expect(try store.tasks(ofJob: job.id).map(\.kind) == TaskKind.allCases)
    }

    @Test func runsEveryTaskInOrder() throws {
        let store = try makeStore()
        let executors = Dictionary(uniqueKeysWithValues: TaskKind.allCases.map { ($0, ScriptedExecutor(steps: 2) as any TaskExecutor) })
        let runner = JobRunner(store: store, executors: executors)
        let job = try makeJob(store)
        runner.run(job.id)
        let done = try store.job(job.id)
        #expect(done.status == .finished && done.tasksCompleted == 8)
        let tasks = try store.tasks(ofJob: job.id)
        #expect(tasks.allSatisfy { $0.status == .finished && $0.startedAt != nil && $0.finishedAt != nil })
        #expect(zip(tasks, tasks.dropFirst()).allSatisfy { ($0.finishedAt ?? .distantFuture) <= ($1.startedAt ?? .distantPast) })
        #expect(try store.logs(ofJob: job.id).contains { $0.message.contains("AI training finished") })
    }

    @Test func failingTaskFailsTheJobAndSkipsTheRest() throws {
        let store = try makeStore()
        var executors = Dictionary(uniqueKeysWithValues: TaskKind.allCases.map { ($0, ScriptedExecutor() as any TaskExecutor) })
        executors[.training] = ScriptedExecutor(fails: true)
        let runner = JobRunner(store: store, executors: executors)
        let job = try makeJob(store)
        runner.run(job.id)
        let statuses = try store.tasks(ofJob: job.id).map(\.status)
        #expect(statuses == [.finished, .finished, .finished, .failed, .canceled, .canceled, .canceled, .canceled])
        let failed = try store.job(job.id)
        #expect(failed.status == .failed && failed.error?.contains("scripted failure") == true)
        #expect(try store.logs(ofJob: job.id).contains { $0.level == "error" && $0.message.contains("AI training failed") })
        // Other jobs go on.
        let other = try makeJob(store)
        var healthy = executors
        healthy[.training] = ScriptedExecutor()
        JobRunner(store: store, executors: healthy).run(other.id)
        #expect(try store.job(other.id).status == .finished)
    }

    @Test func cancelFromAnotherConnectionStopsWithinAStep() throws {
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        var executors = Dictionary(uniqueKeysWithValues: TaskKind.allCases.map { ($0, ScriptedExecutor() as any TaskExecutor) })
        executors[.training] = ScriptedExecutor(steps: 100_000)
        let runner = JobRunner(store: store, executors: executors)
        let job = try makeJob(store)
        runner.start(job.id)
        // Wait for training to start, then cancel through a second store (as another process would).
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, try store.tasks(ofJob: job.id).first(where: { $0.kind == .training })?.status != .inProgress {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let other = try JobStore(home: home)
        try other.requestCancel(job: job.id)
        runner.waitUntilIdle()
        let statuses = try other.tasks(ofJob: job.id).map(\.status)
        #expect(statuses == [.finished, .finished, .finished, .canceled, .canceled, .canceled, .canceled, .canceled])
        #expect(try other.job(job.id).status == .canceled)
    }

    @Test func jobsOfADeadProcessAreMarkedFailedOnOpen() throws {
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        let job = try makeJob(store)
        try store.claim(job: job.id)
        let tasks = try store.tasks(ofJob: job.id)
        try store.updateTask(tasks[0].id, status: .finished)
        try store.updateTask(tasks[1].id, status: .inProgress)
        store.release(job: job.id)  // as the kernel does when the running process dies
        let reopened = try JobStore(home: home)
        let recovered = try reopened.job(job.id)
        #expect(recovered.status == .failed)
        #expect(try reopened.tasks(ofJob: job.id).map(\.status).prefix(3) == [.finished, .failed, .canceled])
        #expect(try reopened.logs(ofJob: job.id).contains { $0.message.contains("is gone") })
    }

    @Test func deleteRemovesRowsAndFiles() throws {
        let store = try makeStore()
        let job = try makeJob(store)
        let folder = store.folder(ofJob: job.id)
        #expect(FileManager.default.fileExists(atPath: folder.path))
        try store.deleteJob(job.id)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        #expect(throws: JobStoreError.self) { try store.job(job.id) }
    }

    @Test func migrationsAreRecordedAndRefuseNewerStores() throws {
        let home = try Fixtures.temporaryDirectory()
        let store = try JobStore(home: home)
        #expect(try store.database.query("PRAGMA user_version").first?["user_version"].int == Int64(JobStoreSchema.migrations.count))
        #expect(try store.database.query("PRAGMA journal_mode").first?["journal_mode"].string == "wal")
        try store.database.execute("PRAGMA user_version = 99")
        #expect(throws: SQLiteError.self) { try JobStore(home: home) }
    }

    @Test func jobStatusIsDerivedFromTasks() {
        #expect(JobStore.jobStatus([.finished, .queued]) == .inProgress)
        #expect(JobStore.jobStatus([.finished, .failed, .canceled]) == .failed)
        #expect(JobStore.jobStatus([.queued, .queued]) == .queued)
        #expect(JobStore.jobStatus([.finished, .finished]) == .finished)
        #expect(JobStore.jobStatus([.finished, .canceled]) == .canceled)
    }
}

@Suite("Deleting jobs with children")
struct JobDeletionTests {
    private func makeChild(of parent: JobRecord, in store: JobStore) throws -> JobRecord {
        try store.createJob(name: nil, type: .generateWithSubjectCount, settings: parent.settings,
                            tables: try store.tables(ofJob: parent.id), tasks: [.generating], parentJobID: parent.id)
    }

    @Test func aParentIsDeletedOnlyWithItsChildren() throws {
        let store = try makeStore()
        let parent = try makeJob(store)
        let child = try makeChild(of: parent, in: store)
        let grandchild = try makeChild(of: child, in: store)
        let unrelated = try makeJob(store)
        #expect(try store.descendants(ofJob: parent.id) == [child.id, grandchild.id])
        #expect(throws: JobStoreError.hasChildren(job: parent.id, children: [child.id, grandchild.id])) { try store.deleteJob(parent.id) }
        #expect(try store.job(parent.id).id == parent.id, "nothing was deleted")
        #expect(try store.deleteJob(parent.id, withChildren: true) == [child.id, grandchild.id])
        for id in [parent.id, child.id, grandchild.id] {
            #expect(throws: JobStoreError.unknownJob(String(id))) { try store.job(id) }
            #expect(!FileManager.default.fileExists(atPath: store.folder(ofJob: id).path))
        }
        #expect(try store.job(unrelated.id).id == unrelated.id)
    }

    @Test func aRunningChildKeepsItsParent() throws {
        let store = try makeStore()
        let parent = try makeJob(store)
        let child = try makeChild(of: parent, in: store)
        try store.claim(job: child.id)
        try store.updateTask(try store.tasks(ofJob: child.id)[0].id, status: .inProgress)
        #expect(throws: JobStoreError.self) { try store.deleteJob(parent.id, withChildren: true) }
        #expect(try store.job(parent.id).id == parent.id && store.job(child.id).id == child.id)
    }
}
