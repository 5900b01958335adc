import Foundation
import SynthData
import SynthTestSupport
import Testing
@testable import SynthLanguage

@Suite struct TutorialCatalogTests {
    @Test func theBundledPenguinsAreTheRepositorysFile() throws {
        let file = try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("examples/data/penguins.csv"))
        #expect(Data(BundledData.penguinsCSV.utf8) == file)
    }

    @Test func everyTutorialHasNamedStepsWithCodeThatParses() {
        #expect(TutorialCatalog.all.map(\.name) == ["basics", "training", "qa", "generating"])
        let files = TutorialFiles(folder: "/tmp/t")
        for tutorial in TutorialCatalog.all {
            #expect(!tutorial.steps.isEmpty)
            for step in tutorial.steps {
                let parsed = Parser.parse(SourceFile(name: step.title, text: step.code(files: files)))
                #expect(!parsed.hasErrors, "\(tutorial.name): \(step.title)")
                #expect(!step.text.isEmpty && !step.expectation.isEmpty)
            }
        }
    }

    /// Checks are real: they say what is off when the result is not what the step expects.
    @Test func checksReportWhatIsOff() throws {
        let session = Session(baseDirectory: "/nonexistent", seed: 1)
        let small = try Table(columns: [Column(name: "species", values: .string(StringArray(["Adelie"])))])
        session.bind("penguins", to: .table(small, name: "penguins"))
        let files = TutorialFiles(folder: "/nonexistent")
        func context(_ result: LangValue?) -> TutorialCheckContext {
            TutorialCheckContext(session: session, result: result, files: files, jobStatus: { _ in "failed" })
        }
        let load = TutorialCatalog.loadStep.check(context(nil))
        #expect(load == "`penguins` has 1 rows × 1 columns, not 344 × 8")
        let count = TutorialCatalog.firstSteps.steps[3].check(context(.integer(3)))
        #expect(count == "counted 3, not 124")
        #expect(TutorialCatalog.firstSteps.steps[3].check(context(.integer(124))) == nil)
        session.bind("model", to: .string("7"))
        #expect(TutorialCatalog.watchStep.check(context(nil)) == "job 7 is failed, not finished")
        #expect(TutorialCatalog.qa.steps[2].check(context(.number(0.2)))?.contains("low") == true)
    }
}
