import Testing
import SynthEngine

@Suite("Job schema")
struct JobSchemaTests {
    let planes = TableSchema(name: "planes", primaryKey: "tailnum")
    let flights = TableSchema(name: "flights", context: ForeignKey(column: "tailnum", parentTable: "planes"), orderColumn: "time_hour")
    let legs = TableSchema(name: "legs", context: ForeignKey(column: "flight_id", parentTable: "flights"))

    @Test func subjectsComeBeforeTheirLinkedTables() throws {
        var withKey = flights
        withKey.primaryKey = "id"
        let schema = try JobSchema(tables: [legs, withKey, planes])
        #expect(schema.dependencyOrder.map(\.name) == ["planes", "flights", "legs"])
        #expect(schema.contextParent(of: "legs")?.name == "flights")
        #expect(schema.contextParent(of: "planes") == nil)
        #expect(schema.linkedTables(of: "planes").map(\.name) == ["flights"])
        #expect(try JobSchema(tables: [planes]) == JobSchema.single("planes").withKey("tailnum"))
    }

    @Test func invalidSchemasAreErrorsThatSayWhy() {
        let cases: [([TableSchema], String)] = [
            ([], "at least one table"),
            ([planes, planes], "listed twice"),
            ([flights], "'planes' is not one of the job's tables (flights)"),
            ([TableSchema(name: "planes"), flights], "has no primary key"),
            ([TableSchema(name: "p", primaryKey: "id", context: ForeignKey(column: "id", parentTable: "q")),
              TableSchema(name: "q", primaryKey: "k")], "both its primary key and its context foreign key"),
            ([TableSchema(name: "p", primaryKey: "id", context: ForeignKey(column: "p_id", parentTable: "p"))], "refer to itself"),
            ([TableSchema(name: "a", primaryKey: "id", context: ForeignKey(column: "c_id", parentTable: "c")),
              TableSchema(name: "b", primaryKey: "id", context: ForeignKey(column: "a_id", parentTable: "a")),
              TableSchema(name: "c", primaryKey: "id", context: ForeignKey(column: "b_id", parentTable: "b"))], "cycle"),
            ([TableSchema(name: "planes", orderColumn: "year")], "needs a context foreign key"),
            ([TableSchema(name: "planes", primaryKey: "")], "empty"),
        ]
        for (tables, message) in cases {
            #expect {
                try JobSchema(tables: tables)
            } throws: { error in
                (error as? SchemaError)?.message.contains(message) == true
            }
        }
    }

    @Test func keyColumnsMustBeColumnsOfTheTable() throws {
        let schema = try JobSchema(tables: [planes, flights])
        try schema.checkColumns(of: "flights", ["tailnum", "time_hour", "dep_delay"])
        #expect(throws: SchemaError("table 'flights' has no column 'time_hour' (columns: tailnum, dep_delay)")) {
            try schema.checkColumns(of: "flights", ["tailnum", "dep_delay"])
        }
        #expect(throws: SchemaError("the job has no table 'trains'")) { try schema.checkColumns(of: "trains", []) }
    }
}

private extension JobSchema {
    func withKey(_ key: String) throws -> JobSchema {
        try JobSchema(tables: tables.map { TableSchema(name: $0.name, primaryKey: key) })
    }
}
