import SynthData

/// Which memory a table's columns live in, to tell whether two tables share data (a
/// `select` result shares its columns with its source until either is changed).
enum TableStorage {
    /// The addresses of the value buffers of `table`'s columns (empty columns have none).
    static func buffers(of table: Table) -> Set<UInt> {
        var addresses = Set<UInt>()
        for column in table.columns {
            let address: UInt?
            switch column.values {
            case .int64(let v): address = base(v)
            case .double(let v): address = base(v)
            case .bool(let v): address = base(v)
            case .string(let v): address = base(v.bytes) ?? base(v.offsets)
            case .date(let v): address = base(v)
            case .timestamp(let v, _, _): address = base(v)
            }
            if let address { addresses.insert(address) }
        }
        return addresses
    }

    /// Whether `value` is a table whose data overlaps `buffers`.
    static func value(_ value: LangValue?, sharesAnyOf buffers: Set<UInt>) -> Bool {
        guard let table = value?.table, !buffers.isEmpty else { return false }
        return !TableStorage.buffers(of: table).isDisjoint(with: buffers)
    }

    private static func base<T>(_ array: [T]) -> UInt? {
        array.isEmpty ? nil : array.withUnsafeBufferPointer { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }
}
