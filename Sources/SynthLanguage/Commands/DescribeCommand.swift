import Dispatch
import Foundation
import SynthData

extension BuiltinCommands {
    static let describe = CommandSpec(
        name: "describe", group: "Data",
        summary: "Summarise a table: per column its type, nulls, distinct values, range or top values.",
        discussion: """
        Numeric and temporal columns show min, max and mean; text and boolean columns show their \
        most frequent values with counts. A lazy table is read once in batches (bounded memory); \
        its distinct counts are exact up to 100,000 values and estimated above.
        """,
        arguments: [ArgumentSpec("table", .table, positional: true, required: true, help: "The table to describe.")],
        changesState: false,
        examples: ["describe d"]
    ) { context in
        let name = context.arguments.tableName("table") ?? "table"
        if let lazy = context.arguments.lazyTable("table") {
            // One pass in batches, memory bounded whatever the row count.
            var summaries = StreamingColumnSummaries()
            var rows = 0
            try lazy.scan(context, at: "table") { batch in
                try summaries.consume(batch: batch)
                rows += batch.rowCount
                context.output.progress("describe", fraction: Double(rows) / Double(max(lazy.rowCount, 1)))
            }
            context.output.emit(.message("\(name): \(rows) rows × \(lazy.columnCount) columns (read in batches from \(lazy.shownSource))"))
            let summary = describeTable(summaries.finish())
            context.output.emit(.table(summary, title: nil, totalRows: nil))
            return .table(summary, name: nil)
        }
        let table = try context.arguments.table("table")
        context.output.emit(.message("\(name): \(table.rowCount) rows × \(table.columnCount) columns"))
        let summary = describeTable(try summarize(table, context: context))
        context.output.emit(.table(summary, title: nil, totalRows: nil))
        return .table(summary, name: nil)
    }

    /// Column summaries, computed in parallel batches of one column per core; progress and
    /// Ctrl-C are handled between batches.
    static func summarize(_ table: Table, context: CommandContext) throws -> [ColumnSummary] {
        let columns = table.columns
        let batchSize = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let showProgress = table.rowCount * table.columnCount >= 2_000_000
        var summaries: [ColumnSummary] = []
        summaries.reserveCapacity(columns.count)
        var start = 0
        while start < columns.count {
            try context.checkCancellation()
            if showProgress {
                context.output.progress("describe", fraction: Double(start) / Double(columns.count))
            }
            let batch = Array(columns[start..<min(start + batchSize, columns.count)])
            let results = ConcurrentSlots<ColumnSummary>(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: batch.count) { index in
                results.set(index, ColumnSummary(batch[index]))
            }
            summaries += results.values.compactMap { $0 }
            start += batch.count
        }
        return summaries
    }

    /// One row per column: column, type, nulls, unique, min, max, mean, top values.
    static func describeTable(_ summaries: [ColumnSummary]) -> Table {
        func text(_ value: Value?) -> ResultCell {
            guard let value else { return .text("") }
            return .text(ValueText.format(value))
        }
        return resultTable([
            ("column", summaries.map { .text($0.name) }),
            ("type", summaries.map { .text($0.dataType.description) }),
            ("nulls", summaries.map { .integer($0.nullCount) }),
            ("unique", summaries.map { .integer($0.uniqueCount) }),
            ("min", summaries.map { $0.dataType == .string || $0.dataType == .bool ? .text("") : text($0.minimum) }),
            ("max", summaries.map { $0.dataType == .string || $0.dataType == .bool ? .text("") : text($0.maximum) }),
            ("mean", summaries.map { $0.mean.map { .text(ValueText.format(.double($0), digits: 4)) } ?? .text("") }),
            ("top", summaries.map { summary in
                guard summary.dataType == .string || summary.dataType == .bool else { return .text("") }
                return .text(summary.topValues.map { "\(ValueText.format($0.value, maxLength: 16)) (\($0.count))" }.joined(separator: ", "))
            }),
        ])
    }
}

