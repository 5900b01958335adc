import SynthData

/// The commands the language itself provides. Each lives in its own file as a
/// `CommandSpec`; later modules (train, jobs, qa…) register theirs the same way.
public enum BuiltinCommands {
    public static var all: [CommandSpec] {
        [load, show, describe, count, select, drop, filter, sample, export,
         help, tutorial, letCommand, tables, forget, history, session, run, time, timer, quit]
    }

    /// Builds a table of text and integer columns for a command's tabular output.
    static func resultTable(_ columns: [(String, [ResultCell])]) -> Table {
        var built: [Column] = []
        for (name, cells) in columns {
            let isInteger = cells.allSatisfy { if case .text = $0 { false } else { true } }
            if isInteger {
                let values: [Int64] = cells.map { cell -> Int64 in if case .integer(let v) = cell { return Int64(v) } else { return 0 } }
                let validity = ValidityBitmap(cells.map { cell -> Bool in if case .missing = cell { return false } else { return true } })
                built.append(Column(name: name, values: .int64(values), validity: validity))
            } else {
                let strings = StringArray(cells.map { cell -> String in
                    switch cell {
                    case .text(let t): return t
                    case .integer(let v): return String(v)
                    case .missing: return ""
                    }
                })
                let validity = ValidityBitmap(cells.map { cell -> Bool in if case .missing = cell { return false } else { return true } })
                built.append(Column(name: name, values: .string(strings), validity: validity))
            }
        }
        return (try? Table(columns: built)) ?? Table()
    }

    enum ResultCell {
        case text(String)
        case integer(Int)
        case missing
    }
}

/// The version `session save` writes into its header.
public enum SynthVersion {
    public static let current = "0.1.0"
}
