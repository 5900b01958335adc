import Foundation
import Testing
import SynthTestSupport
import SynthData

/// Non-context foreign keys through the real binary: `key`, `link … context=false`, `train`
/// over three tables, `generate`, `download`; every downloaded foreign key value exists in the
/// downloaded referenced table (or, for a table outside the job, among its keys).
@Suite("Foreign keys end to end (real binary)", .serialized)
struct ForeignKeyEndToEndTests {
    private func texts(_ path: String, _ column: String) throws -> [String?] {
        let values = try CSVReader.read(path: path).table.column(named: column)
        return (0..<values.count).map { values.formattedCell($0) }
    }

    @Test func generatedForeignKeysExistInTheDownloadedTables() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let data = try Fixtures.temporaryDirectory()
        let (subjects, events, shops, channels) = try ForeignKeyFixtures.tables(subjects: 200)
        for (name, table) in [("subjects", subjects), ("events", events), ("shops", shops), ("channels", channels)] {
            try CSVWriter.write(table, to: data.appendingPathComponent("\(name).csv").path, replace: true)
        }
        let out = data.path
        let script = """
            load "\(out)/subjects.csv" as subjects
            load "\(out)/events.csv" as events
            load "\(out)/shops.csv" as shops
            load "\(out)/channels.csv" as channels
            key subjects.id
            key shops.shop
            link events.subject_id to=subjects.id order=day
            link events.shop to=shops.shop context=false
            link events.channel to=channels.channel context=false
            train subjects events shops epochs=8 seed=1 as j
            job j
            columns j table="events"
            columns j table="subjects"
            generate j rows=50 seed=2 as g
            download g to="\(out)/g-events.csv" table="events"
            download g to="\(out)/g-shops.csv" table="shops"
            download j to="\(out)/j-events.csv" table="events"
            download j to="\(out)/j-shops.csv" table="shops"
            """
        let result = try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("shop → shops (foreign key") || result.stdout.contains("shop → shops.shop (foreign key)"), "\(result.stdout)")
        #expect(result.stdout.contains("channel → channels.channel (foreign key)"), "job and columns show the foreign keys\n\(result.stdout)")
        #expect(result.stdout.contains("hidden: events rows per subject"), "columns marks hidden columns\n\(result.stdout)")
        let lookup: Set<String?> = ["web", "app", "phone", "mail", "fax"]
        for prefix in ["g", "j"] {
            let shopKeys = Set(try texts("\(out)/\(prefix)-shops.csv", "shop"))
            let shopValues = try texts("\(out)/\(prefix)-events.csv", "shop")
            #expect(!shopValues.isEmpty)
            let dangling = shopValues.filter { $0 == nil || !shopKeys.contains($0) }
            #expect(dangling.isEmpty, "\(prefix): \(dangling.count) of \(shopValues.count) events name no downloaded shop")
            let channelValues = try texts("\(out)/\(prefix)-events.csv", "channel")
            #expect(channelValues.allSatisfy { $0 == nil || lookup.contains($0) }, "\(prefix): a channel outside the lookup")
            #expect(!channelValues.contains("fax"), "never a key the training rows did not use")
        }
    }
}
