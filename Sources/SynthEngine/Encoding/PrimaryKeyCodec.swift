import SynthData

/// `primary_key`: a unique key. The model never sees it (no sub-columns); decoding makes
/// fresh unique keys shaped like the source's: integers counting up from the source's
/// smallest key (the protected one, the k-th smallest, under value protection, so the stored
/// encoding names no single record's key), or text made of the keys' common non-digit prefix
/// and a zero-padded row number as wide as the source keys (e.g. `N00001`).
struct PrimaryKeyCodec: ColumnCodec {
    var dataType: DataType
    var start: Int64
    var prefix: String
    var width: Int

    var subColumns: [SubColumnSpec] { [] }

    static func fit(_ column: Column, policy: ProtectionPolicy) throws -> PrimaryKeyCodec {
        /// The smallest of the non-null `values` that `isIncluded` accepts, protected per `policy`.
        func smallest<T: Comparable & Sendable & Hashable>(_ values: [T], isIncluded: (T) -> Bool = { _ in true }) -> T? {
            var extremes = ExtremeValues<T>(k: 10)
            var count = 0
            for (row, value) in values.enumerated() where !column.isNull(row) && isIncluded(value) {
                extremes.add(value)
                count += 1
            }
            return policy.range(smallest: extremes.smallest, largest: extremes.largest, count: count)?.lower
        }
        switch column.values {
        case .int64(let v):
            return PrimaryKeyCodec(dataType: column.dataType, start: smallest(v) ?? 1, prefix: "", width: 0)
        case .date(let v):
            return PrimaryKeyCodec(dataType: column.dataType, start: Int64(smallest(v) ?? 0), prefix: "", width: 0)
        case .timestamp(let v, _, _):
            return PrimaryKeyCodec(dataType: column.dataType, start: smallest(v) ?? 0, prefix: "", width: 0)
        case .double(let v):
            let lowest = smallest(v, isIncluded: \.isFinite) ?? 1
            return PrimaryKeyCodec(dataType: column.dataType, start: Int64(exactly: lowest.rounded(.down)) ?? 1, prefix: "", width: 0)
        case .string(let strings):
            var common: [UInt8]? = nil
            var longest = 0
            for row in 0..<strings.count where !column.isNull(row) {
                strings.withBytes(at: row) { bytes in
                    longest = max(longest, bytes.count)
                    guard let current = common else { common = Array(bytes); return }
                    var n = 0
                    while n < current.count, n < bytes.count, current[n] == bytes[n] { n += 1 }
                    if n < current.count { common = Array(current[0..<n]) }
                }
            }
            var prefix = common ?? []
            while let last = prefix.last, last >= 48 && last <= 57 || last >= 0x80 { prefix.removeLast() }
            let digits = String(max(column.count, 1)).count
            return PrimaryKeyCodec(dataType: column.dataType, start: 1, prefix: String(decoding: prefix, as: UTF8.self),
                                   width: max(longest - prefix.count, digits))
        case .bool:
            throw EncodingError.incompatible(column: column.name, encoding: .primaryKey, dataType: column.dataType,
                                             reason: "a bool column cannot hold unique keys")
        }
    }

    func encode(_ column: Column, into writer: CodeWriter) throws {}

    func decode(_ reader: CodeReader, rowCount: Int, rng: inout SeededGenerator) -> ColumnAssembler {
        keys(firstRow: 0, count: rowCount)
    }

    /// The keys of generated rows `firstRow ..< firstRow + count`: a key depends only on its
    /// row's position in the whole generated table, so keys stay unique across chunks.
    func keys(firstRow: Int, count rowCount: Int) -> ColumnAssembler {
        var out = ColumnAssembler(dataType: dataType, capacity: rowCount)
        for row in firstRow..<(firstRow + rowCount) {
            if dataType == .string {
                let number = String(row + 1)
                out.append(string: prefix + String(repeating: "0", count: max(width - number.count, 0)) + number)
            } else {
                out.append(integer: start &+ Int64(row))
            }
        }
        return out
    }
}
