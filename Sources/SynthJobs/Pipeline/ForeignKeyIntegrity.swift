import Foundation
import SynthData
import SynthEngine

/// The referential integrity of the generating table's non-context foreign keys: one
/// `ForeignKeyMapping` per key, applied to every generated chunk before it is written.
///
/// Into a table of the job, generated values become keys that table generated in this job
/// (its `synthetic.parquet`, written first: the schema orders tables after those they refer
/// to); into a table outside the job, keys the training rows used (the encoding's kept
/// categories). Memory: the referenced table's keys and rows, never the child's rows.
struct ForeignKeyIntegrity {
    let mappings: [ForeignKeyMapping]

    init(_ context: TaskContext) throws {
        let keys = context.schema.table(named: context.table.name)?.foreignKeys ?? []
        var mappings: [ForeignKeyMapping] = []
        for (index, key) in keys.enumerated() {
            let seed = context.settings.seed &+ 0x5851_F42D_4C95_7F2D &* UInt64(index + 1)
            let name = "\(context.table.name).\(key.column)"
            do {
                if let parent = context.schema.table(named: key.parentTable), let parentKey = parent.primaryKey {
                    mappings.append(try Self.inJob(context, key: key, parentKey: parentKey, seed: seed))
                } else {
                    let kept = try Self.keptKeys(context, column: key.column)
                    mappings.append(try .outsideJob(column: key.column, values: kept.values, frequencies: kept.frequencies, seed: seed))
                }
            } catch let error as ForeignKeyError {
                throw JobStoreError.invalidState("foreign key \(name) → \(key.parentTable): \(error.message)")
            }
            context.log("foreign key \(name) → \(key.parentTable): every generated value is "
                + (context.schema.table(named: key.parentTable) != nil ? "a key \(key.parentTable) generated in this job"
                   : "a key the training rows used"))
        }
        self.mappings = mappings
    }

    /// A foreign key into `key.parentTable`, which this job generated before this table.
    private static func inJob(_ context: TaskContext, key: ForeignKey, parentKey: String, seed: UInt64) throws -> ForeignKeyMapping {
        let generatedFile = try context.file(.syntheticParquet, of: key.parentTable)
        guard FileManager.default.fileExists(atPath: generatedFile.path) else {
            throw ForeignKeyError("the generated rows of '\(key.parentTable)' are missing; generate that table first")
        }
        let generated = try LinkedTables.readVisible(generatedFile)
        let trainingFile = try context.input(.training, of: key.parentTable)
        guard FileManager.default.fileExists(atPath: trainingFile.path), FileManager.default.fileExists(atPath: context.input(.training).path) else {
            // A model imported from a bundle comes without training rows: the original keys are
            // the ones the child's model can generate, spread round-robin over the generated keys.
            let kept = try keptKeys(context, column: key.column)
            let originals = try Table(columns: [Column(name: parentKey, values: kept.values.values, validity: kept.values.validity)])
            return try .inJob(column: key.column, childValues: kept.values, originals: originals, generated: generated,
                              parentKey: parentKey, dataType: kept.values.dataType, seed: seed)
        }
        var originals = try LinkedTables.readVisible(trainingFile)
        let holdoutFile = try context.input(.holdout, of: key.parentTable)
        if FileManager.default.fileExists(atPath: holdoutFile.path) {
            let holdout = try LinkedTables.readVisible(holdoutFile)
            if holdout.rowCount > 0 { originals = try Table.concatenating([originals, holdout]) }
        }
        let child = try ParquetReader(path: context.input(.training).path).readTable(columns: [key.column])
        guard let childValues = child.columns.first else { throw ForeignKeyError("the training rows have no column '\(key.column)'") }
        return try .inJob(column: key.column, childValues: childValues, originals: originals, generated: generated,
                          parentKey: parentKey, dataType: childValues.dataType, seed: seed)
    }

    /// The keys the table's model can generate in `column` (its kept categories), from the
    /// fitted encoding (the job's, or the model's own for an imported model).
    private static func keptKeys(_ context: TaskContext, column: String) throws -> (values: Column, frequencies: [Int]) {
        var file = context.input(.encoding)
        if !FileManager.default.fileExists(atPath: file.path) {
            file = context.input(.model).appendingPathComponent(Synthesizer.StoredFile.encoding.rawValue)
        }
        let encoding = try EngineExecutors.readJSON(TableEncoding.self, from: file)
        guard let kept = encoding.column(named: column)?.keptCategories else {
            throw ForeignKeyError("it is not encoded as categorical, so the keys it can generate are unknown; "
                + "leave its encoding to synth (or `encode \(column) as categorical`)")
        }
        return kept
    }

    /// `table` with every foreign key column mapped onto existing keys; `firstRow` counts the
    /// rows generated before this chunk.
    func apply(_ table: Table, firstRow: Int) throws -> Table {
        var table = table
        for mapping in mappings {
            guard let index = table.columnIndex(named: mapping.column) else { continue }
            do { try table.replaceColumn(at: index, with: mapping.apply(table.columns[index], firstRow: firstRow)) } catch let error as ForeignKeyError {
                throw JobStoreError.invalidState("\(table.columns[index].name): \(error.message)")
            }
        }
        return table
    }
}
