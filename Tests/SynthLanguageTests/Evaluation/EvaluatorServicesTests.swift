import Foundation
import SynthData
import SynthTestSupport
import Testing
@testable import SynthLanguage

/// The job environment and the confirm hook are lent to each evaluator (no process-wide
/// instance), so job commands and questions run in-process, without the binary.
@Suite struct EvaluatorServicesTests {
    @Test func theInjectedConfirmHookIsAskedAndItsAnswerKept() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var questions: [String] = []
        var answer = false
        let services = EvaluatorServices(jobs: JobEnvironment(home: directory.appendingPathComponent("home")),
                                         confirm: { question in questions.append(question); return answer })
        let output = CollectingOutput()
        let evaluator = Evaluator(session: Session(baseDirectory: directory.path, seed: 1), output: output, services: services)
        #expect(evaluator.run(SourceFile(name: "a", text: "session save \"work.synth\""), cells: .single) == .success)
        #expect(questions.isEmpty)
        #expect(evaluator.run(SourceFile(name: "b", text: "session save \"work.synth\""), cells: .single) == .runtimeError)
        #expect(questions == ["'work.synth' exists; replace it?"])
        answer = true
        #expect(evaluator.run(SourceFile(name: "c", text: "session save \"work.synth\""), cells: .single) == .success)
        #expect(questions.count == 2)
    }

    @Test func jobCommandsUseTheEvaluatorsOwnStore() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = directory.appendingPathComponent("home")
        let output = CollectingOutput()
        let evaluator = Evaluator(session: Session(baseDirectory: directory.path, seed: 1), output: output,
                                  services: EvaluatorServices(jobs: JobEnvironment(home: home)))
        #expect(evaluator.run(SourceFile(name: "a", text: "jobs"), cells: .single) == .success)
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("synth.db").path),
                "the store opened is the injected one")
        #expect(evaluator.startedJobCount == 0)
    }
}
