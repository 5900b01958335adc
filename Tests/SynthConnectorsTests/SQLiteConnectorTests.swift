import Foundation
import SynthData
import Testing
@testable import SynthConnectors

@Suite struct SQLiteConnectorTests {
    static func connector(_ path: String) throws -> any Connector {
        try ConnectorKinds.open(try ConnectorConfiguration(name: "lite", kind: "sqlite", options: ["path": path]))
    }

    static func sampleTable() throws -> Table {
        try Table(columns: [
            Column(name: "id", values: .int64([1, 2, 3])),
            Column(name: "price", values: .double([1.5, -2, 1e-7]), validity: ValidityBitmap([true, false, true])),
            Column(name: "ok", values: .bool([true, false, true])),
            Column(name: "label", values: .string(StringArray(["a\tb", "new\nline", "back\\slash"]))),
            Column(name: "day", values: .date([0, 15_706, -1])),
            Column(name: "at", values: .timestamp([0, 1_357_016_400_000_001, -5], unit: .microseconds, timeZone: "UTC")),
            Column(name: "local", values: .timestamp([0, 60_000_000, 1], unit: .microseconds, timeZone: nil)),
        ])
    }

    @Test func writesAndReadsBackEveryTypeWithKeys() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-conn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.db").path
        let connector = try Self.connector(path)
        let parent = try Self.sampleTable()
        let child = try Table(columns: [Column(name: "ref", values: .int64([1, 1, 3])), Column(name: "n", values: .int64([7, 8, 9]))])
        try connector.write([DestinationTable(name: "parent", table: parent, primaryKey: ["id"]),
                             DestinationTable(name: "child", table: child,
                                              foreignKeys: [ForeignKeyInfo(columns: ["ref"], referencedTable: "parent", referencedColumns: ["id"])])],
                            place: nil, replace: false, isCanceled: { false })
        var batches: [Table] = []
        try connector.read(table: "parent", batchRows: 2) { batches.append($0) }
        #expect(batches.count == 2)
        #expect(try Table.concatenating(batches) == parent)
        let tables = try connector.tables()
        #expect(tables.map(\.name) == ["child", "parent"])
        #expect(tables[1].primaryKey == ["id"] && tables[1].rowCount == 3)
        #expect(tables[0].foreignKeys == [ForeignKeyInfo(columns: ["ref"], referencedTable: "parent", referencedColumns: ["id"])])
    }

    @Test func existingTableIsKeptWithoutReplaceAndAFailedWriteChangesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-conn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let connector = try Self.connector(folder.appendingPathComponent("out.db").path)
        let first = try Table(columns: [Column(name: "x", values: .int64([1, 2]))])
        try connector.write([DestinationTable(name: "t", table: first)], place: nil, replace: false, isCanceled: { false })
        #expect(throws: ConnectorError.destinationExists(["t"], place: folder.appendingPathComponent("out.db").path)) {
            try connector.write([DestinationTable(name: "t", table: first)], place: nil, replace: false, isCanceled: { false })
        }
        // A canceled replacing write leaves the old table.
        let second = try Table(columns: [Column(name: "y", values: .string(StringArray(["a"])))])
        #expect(throws: ConnectorError.canceled) {
            try connector.write([DestinationTable(name: "u", table: second), DestinationTable(name: "t", table: second)],
                                place: nil, replace: true, isCanceled: { true })
        }
        var read: [Table] = []
        try connector.read(table: "t", batchRows: 100) { read.append($0) }
        #expect(try Table.concatenating(read) == first)
        #expect(try connector.tables().map(\.name) == ["t"])
        #expect(throws: ConnectorError.noSuchTable("nope", available: ["t"])) {
            try connector.read(table: "nope", batchRows: 10) { _ in }
        }
    }

    @Test func plainTextPasswordIsRefusedWithoutEchoingIt() {
        let refused = PostgresConnectorTests.failure {
            _ = try ConnectorConfiguration(name: "pg", kind: "postgresql", options: ["database": "d", "password": "hunter2"])
        }
        #expect(refused?.description.contains("hunter2") == false)
        #expect(refused?.description.contains("env:") == true)
    }

    @Test func timestampTextParsesOffsetsAndFractions() {
        #expect(TemporalText.microseconds("1970-01-01 00:00:01.5+01") == -3_598_500_000)
        #expect(TemporalText.microseconds("2013-01-01T05:00:00Z") == 1_357_016_400_000_000)
        #expect(TemporalText.microseconds("2013-01-01 05:00") == 1_357_016_400_000_000)
        #expect(TemporalText.microseconds("2013-01-01 5:00:00+00") == 1_357_016_400_000_000)
        #expect(TemporalText.microseconds("2013-13-01 05:00") == nil)
        #expect(TemporalText.microseconds("2013-01-01 05:00:00 junk") == nil)
        #expect(TemporalText.days("1970-01-02") == 1)
    }
}
