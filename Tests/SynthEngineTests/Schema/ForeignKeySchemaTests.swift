import Foundation
import Testing
import SynthEngine

/// Non-context foreign keys in a `JobSchema`: checked on creation, with errors that name the
/// table and column; tables are ordered after those they refer to.
@Suite("Foreign keys in a job schema")
struct ForeignKeySchemaTests {
    let airlines = TableSchema(name: "airlines", primaryKey: "carrier")
    let planes = TableSchema(name: "planes", primaryKey: "tailnum")
    var flights: TableSchema {
        TableSchema(name: "flights", context: ForeignKey(column: "tailnum", parentTable: "planes"), orderColumn: "time_hour",
                    foreignKeys: [ForeignKey(column: "carrier", parentTable: "airlines", parentKey: "carrier"),
                                  ForeignKey(column: "origin", parentTable: "airports", parentKey: "faa")])
    }

    @Test func referencedTablesComeFirstAndOutsideTablesAreAllowed() throws {
        let schema = try JobSchema(tables: [flights, planes, airlines])
        let order = schema.dependencyOrder.map(\.name)
        #expect(order.firstIndex(of: "airlines")! < order.firstIndex(of: "flights")!)
        #expect(order.firstIndex(of: "planes")! < order.firstIndex(of: "flights")!)
        #expect(schema.foreignKeysInJob(of: "flights").map(\.column) == ["carrier"])
        #expect(schema.isReferenced("airlines") && !schema.isReferenced("planes"))
        #expect(schema.table(named: "flights")?.keyColumns.contains("origin") == true)
    }

    @Test func invalidForeignKeysAreErrorsThatNameTableAndColumn() {
        func table(_ name: String, key: String? = "id", _ keys: [ForeignKey], context: ForeignKey? = nil) -> TableSchema {
            TableSchema(name: name, primaryKey: key, context: context, foreignKeys: keys)
        }
        let cases: [([TableSchema], String)] = [
            ([table("flights", [ForeignKey(column: "carrier", parentTable: "airlines", parentKey: "code")]), airlines],
             "foreign key flights.carrier refers to airlines.code, but the primary key of 'airlines' is 'carrier'"),
            ([table("flights", [ForeignKey(column: "carrier", parentTable: "airlines")]), TableSchema(name: "airlines")],
             "foreign key flights.carrier: the referenced table 'airlines' has no primary key"),
            ([table("flights", [ForeignKey(column: "origin", parentTable: "airports")])],
             "foreign key flights.origin: the referenced table 'airports' is not in the job, so the key column it refers to must be named"),
            ([table("employees", [ForeignKey(column: "manager", parentTable: "employees", parentKey: "id")])],
             "foreign key employees.manager: a table cannot refer to itself"),
            ([table("flights", [ForeignKey(column: "id", parentTable: "airlines", parentKey: "carrier")]), airlines],
             "table 'flights': the column 'id' cannot be both its primary key and a foreign key"),
            ([table("flights", [ForeignKey(column: "tailnum", parentTable: "airlines", parentKey: "carrier")],
                    context: ForeignKey(column: "tailnum", parentTable: "planes")), planes, airlines],
             "table 'flights': the column 'tailnum' is already its context foreign key"),
            ([table("flights", [ForeignKey(column: "c", parentTable: "airlines", parentKey: "carrier"),
                                ForeignKey(column: "c", parentTable: "airports", parentKey: "faa")]), airlines],
             "table 'flights': the column 'c' has two foreign keys"),
            ([table("a", [ForeignKey(column: "b_id", parentTable: "b", parentKey: "id")]),
              table("b", [ForeignKey(column: "a_id", parentTable: "a", parentKey: "id")])], "form a cycle"),
        ]
        for (tables, message) in cases {
            do {
                _ = try JobSchema(tables: tables)
                Issue.record("accepted \(tables.map(\.name)), expected: \(message)")
            } catch let error as SchemaError {
                #expect(error.message.contains(message), "\(error.message)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func schemasWrittenBeforeForeignKeysStillDecode() throws {
        let old = #"{"name":"flights","primaryKey":"id","context":{"column":"tailnum","parentTable":"planes"}}"#
        let table = try JSONDecoder().decode(TableSchema.self, from: Data(old.utf8))
        #expect(table.foreignKeys.isEmpty && table.context?.parentKey == nil && table.primaryKey == "id")
        let round = try JSONDecoder().decode(TableSchema.self, from: JSONEncoder().encode(flights))
        #expect(round == flights)
    }
}
