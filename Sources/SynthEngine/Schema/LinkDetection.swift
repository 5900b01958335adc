import SynthData

/// Proposes primary keys and links between loaded tables, each with the reason it was
/// proposed, for the user to confirm or override (`links`, `link`).
///
/// - A **primary key** is a column of integers or short text without spaces that is unique
///   and never null. Among several, a column that another table also has wins, then one named
///   like a key (`id`, `…_id`, `key`), then the first.
/// - A **link** `child.column → parent.key` is proposed where at least 80% of the column's
///   non-null values are keys of the parent (`nycflights13`'s flights name planes that the
///   planes table does not list). Integer columns must also be named like the parent or its
///   key, since small integers (days, counts) fall inside any id range by chance. One link
///   per pair of tables: the closest name, then the highest share.
/// - The **context** link of a table is its only proposed link; a table with several
///   proposed links gets none (the user marks it). Its **order column** is the first date or
///   timestamp column, else a number named like time (`day`, `year`, `seq`…).
public enum LinkDetection {
    /// A proposed primary key.
    public struct ProposedKey: Sendable, Hashable {
        public var table: String
        public var column: String
        public var reason: String
    }

    /// A proposed link `table.column → parentTable.parentKey`.
    public struct ProposedLink: Sendable, Hashable {
        public var table: String
        public var column: String
        public var parentTable: String
        public var parentKey: String
        /// Whether this is proposed as the table's context foreign key.
        public var isContext: Bool
        /// For a context link: the proposed order column.
        public var orderColumn: String?
        /// The share of the column's non-null rows whose value is a parent key.
        public var coverage: Double
        public var reason: String
    }

    /// The least share of a column's non-null values that must be parent keys.
    public static let minimumCoverage = 0.8

    /// Keys for the tables of `tables` that `declaredKeys` (table → column) does not give,
    /// and the links between all of them.
    public static func propose(tables: [(name: String, table: Table)], declaredKeys: [String: String])
        -> (keys: [ProposedKey], links: [ProposedLink]) {
        var keys: [String: (column: String, values: KeyColumnValues)] = [:]
        var proposedKeys: [ProposedKey] = []
        for (name, table) in tables {
            if let declared = declaredKeys[name], let column = table.columns.first(where: { $0.name == declared }) {
                keys[name] = (declared, KeyColumnValues(column))
                continue
            }
            if let (column, values, reason) = bestKey(of: name, table, among: tables) {
                keys[name] = (column, values)
                proposedKeys.append(ProposedKey(table: name, column: column, reason: reason))
            }
        }
        var links: [ProposedLink] = []
        for (child, table) in tables {
            for (parent, _) in tables where parent != child {
                guard let key = keys[parent] else { continue }
                var best: (score: Int, coverage: Double, link: ProposedLink)?
                for column in table.columns where column.name != keys[child]?.column {
                    guard let (score, coverage, reason) = match(column, of: child, key: key, parent: parent) else { continue }
                    if best == nil || (score, coverage) > (best!.score, best!.coverage) {
                        best = (score, coverage, ProposedLink(table: child, column: column.name, parentTable: parent,
                                                              parentKey: key.column, isContext: false, orderColumn: nil,
                                                              coverage: coverage, reason: reason))
                    }
                }
                if let best { links.append(best.link) }
            }
        }
        for child in Set(links.map(\.table)) {
            let own = links.indices.filter { links[$0].table == child }
            guard own.count == 1, let table = tables.first(where: { $0.name == child })?.table else { continue }
            links[own[0]].isContext = true
            links[own[0]].orderColumn = orderColumn(of: table, excluding: [links[own[0]].column, keys[child]?.column].compactMap { $0 })
        }
        return (proposedKeys, links)
    }

    /// The column that best orders a subject's rows in `table`: the first date or timestamp,
    /// else the first number named like a time or a position.
    public static func orderColumn(of table: Table, excluding: [String]) -> String? {
        let candidates = table.columns.filter { !excluding.contains($0.name) }
        if let time = candidates.first(where: { if case .date = $0.values { true } else if case .timestamp = $0.values { true } else { false } }) {
            return time.name
        }
        let words = ["time", "date", "day", "year", "month", "week", "seq", "sequence", "step", "order", "visit", "period", "t"]
        return candidates.first { column in
            guard column.dataType == .int64 || column.dataType == .double else { return false }
            let parts = column.name.lowercased().split(whereSeparator: { !$0.isLetter })
            return parts.contains { words.contains(String($0)) }
        }?.name
    }

    /// The best primary-key column of `table` and why, if it has one.
    static func bestKey(of name: String, _ table: Table, among tables: [(name: String, table: Table)])
        -> (String, KeyColumnValues, String)? {
        var best: (score: Int, column: String, values: KeyColumnValues, reason: String)?
        for column in table.columns {
            let values = KeyColumnValues(column)
            guard values.isUnique, table.rowCount >= 2 else { continue }
            let others = tables.filter { $0.name != name && $0.table.columnIndex(named: column.name) != nil }.map(\.name)
            let keyLike = isKeyLikeName(column.name)
            if case .string(let texts) = column.values {
                var plain = true
                for row in 0..<texts.count where texts.byteCount(at: row) > 64 || texts[row].contains(where: \.isWhitespace) {
                    plain = false
                    break
                }
                guard plain else { continue }
            } else if case .int64(let integers) = column.values {
                let consecutive = (integers.max() ?? 0) - (integers.min() ?? 0) + 1 == Int64(integers.count)
                guard keyLike || consecutive || !others.isEmpty else { continue }
            }
            let score = (others.isEmpty ? 0 : 2) + (keyLike ? 1 : 0)
            var reason = "unique and never null in \(table.rowCount) rows"
            if !others.isEmpty { reason += "; \(others.joined(separator: ", ")) also \(others.count == 1 ? "has" : "have") a column '\(column.name)'" }
            if best == nil || score > best!.score { best = (score, column.name, values, reason) }
        }
        return best.map { ($0.column, $0.values, $0.reason) }
    }

    /// Whether `column` of `child` refers to `parent`'s key: its name score, its coverage and
    /// the reason, or nil.
    static func match(_ column: Column, of child: String, key: (column: String, values: KeyColumnValues), parent: String)
        -> (Int, Double, String)? {
        let sameType: Bool
        switch column.values {
        case .int64: sameType = !key.values.integers.isEmpty
        case .string: sameType = !key.values.texts.isEmpty
        default: sameType = false
        }
        guard sameType else { return nil }
        let (matched, nonNull) = key.values.coverage(of: column)
        guard nonNull > 0 else { return nil }
        let coverage = Double(matched) / Double(nonNull)
        guard coverage >= minimumCoverage else { return nil }
        let score = nameScore(column.name, parent: parent, key: key.column)
        if column.dataType == .int64, score == 0 { return nil }
        var reason = matched == nonNull
            ? "all \(nonNull) non-null values are \(parent).\(key.column) keys"
            : "\(Int((coverage * 100).rounded(.down)))% of non-null values (\(matched) of \(nonNull) rows) are \(parent).\(key.column) keys"
        switch score {
        case 3: reason += "; same column name"
        case 2: reason += "; the name refers to \(parent)"
        default: break
        }
        return (score, coverage, reason)
    }

    /// 3: the key's own name; 2: names the parent table or its key; 0: unrelated.
    static func nameScore(_ column: String, parent: String, key: String) -> Int {
        let name = column.lowercased(), keyName = key.lowercased()
        if name == keyName { return 3 }
        var table = parent.lowercased()
        if table.hasSuffix("s"), table.count > 1 { table.removeLast() }
        if name.contains(table) || (keyName.count >= 3 && name.contains(keyName)) { return 2 }
        return 0
    }

    static func isKeyLikeName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["id", "key", "pk", "rowid", "row_id"].contains(lower) || lower.hasSuffix("_id") || lower.hasSuffix("_key")
            || name.hasSuffix("Id") || name.hasSuffix("ID")
    }
}
