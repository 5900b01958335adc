import Foundation
import Testing
import SynthData
import SynthTestSupport
@testable import SynthEngine

@Suite struct OrganizingTests {
    typealias S = EncodingTestSupport

    @Test func reservoirKeepsAUniformSeededSampleInSourceOrder() throws {
        let n = 10_000
        let table = try S.table(S.ints("i", (0..<n).map(Int64.init)), S.strings("s", (0..<n).map { "r\($0)" }))
        var reservoir = RowReservoir(capacity: 1_000, seed: 3)
        for start in stride(from: 0, to: n, by: 999) { try reservoir.consume(batch: table.gatheringRows(Array(start..<min(start + 999, n)))) }
        let sample = try reservoir.table()
        guard case .int64(let kept) = sample.columns[0].values else { Issue.record("type"); return }
        #expect(kept.count == 1_000 && kept == kept.sorted() && Set(kept).count == 1_000)
        #expect(sample.columns[1].formattedCell(0) == "r\(kept[0])")
        // Uniform: about a tenth of the sample from each tenth of the source.
        for decile in 0..<10 {
            let inDecile = kept.filter { $0 / 1_000 == decile }.count
            #expect(inDecile > 60 && inDecile < 140)
        }
        var again = RowReservoir(capacity: 1_000, seed: 3)
        try again.consume(batch: table)
        #expect(try again.table() == sample)
    }

    @Test func splitByRowIsSeededAndDisjoint() {
        let a = TrainValidationSplit.byRow(rowCount: 1_000, validationShare: 0.2, seed: 1)
        let b = TrainValidationSplit.byRow(rowCount: 1_000, validationShare: 0.2, seed: 1)
        #expect(a == b && a.validation.count == 200 && a.training.count == 800)
        #expect(Set(a.training).isDisjoint(with: a.validation))
        #expect(TrainValidationSplit.byRow(rowCount: 1_000, validationShare: 0.2, seed: 2) != a)
    }

    @Test func splitByKeyKeepsSubjectsTogether() {
        let keys = EncodingTestSupport.strings("customer", (0..<3_000).map { "c\($0 % 300)" })
        let split = TrainValidationSplit.byKey(keys, validationShare: 0.25, seed: 9)
        let validationKeys = Set(split.validation.map { $0 % 300 })
        let trainingKeys = Set(split.training.map { $0 % 300 })
        #expect(validationKeys.isDisjoint(with: trainingKeys))
        #expect(validationKeys.count > 40 && validationKeys.count < 110)
    }

    @Test func organizerAnalyzesEveryRowButKeepsOnlyTheSample() throws {
        let n = 5_000
        let table = try S.table(S.ints("i", (0..<n).map(Int64.init)))
        var organizer = DataOrganizer(options: OrganizingOptions(maxTrainingRows: 500, validationShare: 0.1, seed: 4))
        for start in stride(from: 0, to: n, by: 1_024) { try organizer.consume(batch: table.gatheringRows(Array(start..<min(start + 1_024, n)))) }
        let organized = try organizer.finish()
        #expect(organized.sourceRowCount == n && organized.defaultGeneratedRows == n)
        #expect(organized.analysis.columns[0].max == Double(n - 1))
        #expect(organized.training.rowCount == 450 && organized.validation.rowCount == 50)
    }

    @Test func organizesACSVFileInOneStreamingPass() throws {
        var text = "id,price,cut\n"
        for i in 0..<3_000 { text += "\(i),\(326 + i % 977),\(["Ideal", "Good", "Fair"][i % 3])\n" }
        let path = try Fixtures.writeTemporary(text)
        let organized = try DataOrganizer.organize(csvPath: path, csvOptions: CSVReadOptions(chunkSize: 4_096),
                                                   options: OrganizingOptions(maxTrainingRows: 1_000, seed: 1))
        #expect(organized.sourceRowCount == 3_000)
        #expect(organized.training.rowCount + organized.validation.rowCount == 1_000)
        #expect(organized.analysis.column(named: "id")?.isUniqueIdentifier == true)
        #expect(organized.analysis.column(named: "cut")?.uniqueCount == 3)
    }
}
