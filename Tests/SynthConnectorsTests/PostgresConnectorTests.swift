import Foundation
import SynthData
import SynthTestSupport
import Testing
@testable import SynthConnectors

/// The PostgreSQL connector against a real throwaway server (`PostgresServer`).
@Suite(.serialized) struct PostgresConnectorTests {
    /// The connector error `body` throws, if any.
    static func failure(_ body: () throws -> Void) -> ConnectorError? {
        do { try body() } catch { return error as? ConnectorError }
        return nil
    }

    static func configuration(_ server: PostgresServer, tcp: Bool = false, passwordVariable: String? = nil,
                              schema: String? = nil) throws -> ConnectorConfiguration {
        var options = ["host": tcp ? "127.0.0.1" : server.socket, "port": String(server.port), "database": "postgres", "user": server.user]
        if let passwordVariable { options["password"] = "env:" + passwordVariable }
        if let schema { options["schema"] = schema }
        return try ConnectorConfiguration(name: "pg", kind: "postgresql", options: options)
    }

    @Test func readsTypesKeysAndBatchesAndWritesThemBack() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        try server.psql("""
            CREATE TABLE planes (tailnum TEXT PRIMARY KEY, year INTEGER, seats SMALLINT, speed NUMERIC(6,2), jet BOOLEAN,
                                 built DATE, seen TIMESTAMPTZ, noted TIMESTAMP, note VARCHAR(20));
            CREATE TABLE flights (id BIGINT PRIMARY KEY, tailnum TEXT REFERENCES planes(tailnum), dep_delay DOUBLE PRECISION);
            INSERT INTO planes VALUES ('N1', 2004, 55, 432.25, true, '2004-03-01', '2013-01-01 05:00:00+01', '2013-01-01 05:00:00.25', 'tab\tand "quote"'),
                                      ('N2', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                                      ('N3', 1999, 8, -1.5, false, '1969-12-31', '1970-01-01 00:00:00+00', '1970-01-01 00:00:00', '');
            INSERT INTO flights SELECT g, CASE WHEN g % 2 = 0 THEN 'N1' ELSE 'N3' END, g * 0.5 FROM generate_series(1, 2500) g;
            """)
        let connector = try ConnectorKinds.open(try Self.configuration(server))
        let tables = try connector.tables()
        #expect(tables.map(\.name) == ["flights", "planes"])
        #expect(tables[0].rowCount == 2500 && tables[0].primaryKey == ["id"])
        #expect(tables[0].foreignKeys == [ForeignKeyInfo(columns: ["tailnum"], referencedTable: "planes", referencedColumns: ["tailnum"])])
        #expect(tables[1].primaryKey == ["tailnum"])

        var batches: [Table] = []
        try connector.read(table: "flights", batchRows: 1000) { batches.append($0) }
        #expect(batches.map(\.rowCount) == [1000, 1000, 500])
        var planeBatches: [Table] = []
        try connector.read(table: "planes", batchRows: 1000) { planeBatches.append($0) }
        let planes = try Table.concatenating(planeBatches)
        #expect(planes.columns.map(\.dataType) == [.string, .int64, .int64, .double, .bool, .date,
                                                    .timestamp(unit: .microseconds, timeZone: "UTC"),
                                                    .timestamp(unit: .microseconds, timeZone: nil), .string])
        #expect(try planes.column(named: "seen").value(at: 0) == .timestamp(1_357_012_800_000_000, unit: .microseconds, timeZone: "UTC"))
        #expect(try planes.column(named: "noted").value(at: 0) == .timestamp(1_357_016_400_250_000, unit: .microseconds, timeZone: nil))
        #expect(try planes.column(named: "speed").value(at: 0) == .double(432.25))
        #expect(try planes.column(named: "note").value(at: 0) == .string("tab\tand \"quote\""))
        #expect(try planes.column(named: "year").isNull(1))
        #expect(try planes.column(named: "built").value(at: 2) == .date(-1))

        // Written to a second schema with the keys declared, and read back identical.
        let flights = try Table.concatenating(batches)
        try connector.write([DestinationTable(name: "planes", table: planes, primaryKey: ["tailnum"]),
                             DestinationTable(name: "flights", table: flights, primaryKey: ["id"],
                                              foreignKeys: [ForeignKeyInfo(columns: ["tailnum"], referencedTable: "planes", referencedColumns: ["tailnum"])])],
                            place: "synthetic", replace: false, isCanceled: { false })
        let copy = try ConnectorKinds.open(try Self.configuration(server, schema: "synthetic"))
        var back: [Table] = []
        try copy.read(table: "planes", batchRows: 10) { back.append($0) }
        #expect(try Table.concatenating(back) == planes)
        let copied = try copy.tables()
        #expect(copied.first { $0.name == "flights" }?.foreignKeys.first?.referencedTable == "planes")

        // Without replace the existing tables stay; a canceled replace leaves them as they were.
        #expect(throws: ConnectorError.destinationExists(["planes"], place: "schema synthetic")) {
            try connector.write([DestinationTable(name: "planes", table: planes)], place: "synthetic", replace: false, isCanceled: { false })
        }
        let other = try Table(columns: [Column(name: "x", values: .int64([1]))])
        #expect(throws: ConnectorError.canceled) {
            try connector.write([DestinationTable(name: "planes", table: other), DestinationTable(name: "flights", table: other)],
                                place: "synthetic", replace: true, isCanceled: { true })
        }
        // Replacing a table that another one's key depends on is refused (never a CASCADE).
        let dependent = Self.failure {
            try connector.write([DestinationTable(name: "planes", table: other)], place: "synthetic", replace: true, isCanceled: { false })
        }
        #expect(dependent?.description.contains("other objects depend on it") == true, "\(String(describing: dependent))")
        back = []
        try copy.read(table: "planes", batchRows: 10) { back.append($0) }
        #expect(try Table.concatenating(back) == planes)
        #expect(throws: ConnectorError.noSuchTable("nope", available: ["flights", "planes"])) {
            try connector.read(table: "nope", batchRows: 10) { _ in }
        }
    }

    @Test func connectionErrorsSayWhatFailedWithoutThePassword() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        setenv("SYNTH_TEST_PG_WRONG", "not-the-password-\(server.port)", 1)
        setenv("SYNTH_TEST_PG_RIGHT", server.password, 1)
        let wrong = Self.failure { _ = try ConnectorKinds.open(try Self.configuration(server, tcp: true, passwordVariable: "SYNTH_TEST_PG_WRONG")).check() }
        #expect(wrong?.description.hasPrefix("authentication failed for user \(server.user)") == true, "\(String(describing: wrong))")
        #expect(wrong?.description.contains("not-the-password") == false)
        let check = try ConnectorKinds.open(try Self.configuration(server, tcp: true, passwordVariable: "SYNTH_TEST_PG_RIGHT")).check()
        #expect(check.canWrite)
        // A schema that does not exist yet: nothing to read, but writable (it is created on write).
        let empty = try ConnectorKinds.open(try Self.configuration(server, schema: "not_yet")).check()
        #expect(empty.readableTables == 0 && empty.canWrite)
        var unreachable = try Self.configuration(server, tcp: true, passwordVariable: "SYNTH_TEST_PG_RIGHT")
        unreachable.options["port"] = "1"
        let refused = Self.failure { _ = try ConnectorKinds.open(unreachable).check() }
        #expect(refused?.description.hasPrefix("cannot reach PostgreSQL at 127.0.0.1:1") == true, "\(String(describing: refused))")
        #expect(refused?.description.contains(server.password) == false)
        var missingVariable = try Self.configuration(server, tcp: true, passwordVariable: "SYNTH_TEST_PG_UNSET_VARIABLE")
        missingVariable.options["port"] = String(server.port)
        #expect(throws: ConnectorError.credentialUnavailable("connector 'pg': environment variable SYNTH_TEST_PG_UNSET_VARIABLE is not set")) {
            try ConnectorKinds.open(missingVariable).check()
        }
    }
}
