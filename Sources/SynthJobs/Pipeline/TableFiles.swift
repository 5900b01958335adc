import Foundation
import SynthData

/// Reading and writing whole tables as files by extension (CSV or Parquet), for the pipeline.
public enum TableFiles {
    /// Reads a CSV (`.csv`, `.tsv`, `.txt`) or Parquet file.
    public static func read(_ path: String) throws -> Table {
        if path.lowercased().hasSuffix(".parquet") { return try ParquetReader(path: path).readTable() }
        return try CSVReader.read(path: path).table
    }

    /// Writes a table as CSV or Parquet (by extension), atomically, replacing the file: the
    /// pipeline writes only the job's own files.
    public static func write(_ table: Table, to path: String) throws {
        if path.lowercased().hasSuffix(".parquet") {
            try ParquetWriter.write(table, to: path, replace: true)
        } else {
            try CSVWriter.write(table, to: path, replace: true)
        }
    }

    /// The first rows of a file, at least `rows` of them when it has that many (whole
    /// batches or row groups: a few more may come), reading no further.
    public static func readPrefix(_ path: String, rows: Int) throws -> Table {
        var batches: [Table] = []
        var count = 0
        if path.lowercased().hasSuffix(".parquet") {
            let reader = try ParquetReader(streamingFrom: path)
            guard reader.rowGroupCount > 0 else { return try reader.readTable() }
            for group in 0..<reader.rowGroupCount where count < rows || batches.isEmpty {
                let batch = try reader.readRowGroup(group)
                batches.append(batch)
                count += batch.rowCount
            }
        } else {
            struct Enough: Error {}
            do {
                try CSVReader.scan(path: path) { batch in
                    batches.append(batch)
                    count += batch.rowCount
                    if count >= rows { throw Enough() }
                }
            } catch is Enough {}
            if batches.isEmpty { return try read(path) }
        }
        return batches.count == 1 ? batches[0] : try Table.concatenating(batches)
    }

    /// Streams a source file in batches with bounded memory (CSV chunks; Parquet one row group
    /// at a time, read from the file as it is decoded).
    public static func scan(_ path: String, batch body: (Table) throws -> Void) throws {
        if path.lowercased().hasSuffix(".parquet") {
            let reader = try ParquetReader(streamingFrom: path)
            for group in 0..<reader.rowGroupCount { try body(reader.readRowGroup(group)) }
        } else {
            try CSVReader.scan(path: path, body: body)
        }
    }
}
