/// Collects the decoded pages of one leaf column (over one or more row groups) in row order,
/// with placeholders at null rows, and turns them into a synth `Column` at the end.
struct ColumnAccumulator {
    let leaf: LeafColumn
    private(set) var rowCount = 0
    private(set) var nullRows: [Int] = []
    private var bools: [Bool] = []
    private var int32s: [Int32] = []
    private var int64s: [Int64] = []
    private var floats: [Float] = []
    private var doubles: [Double] = []
    private var strings = StringArray()

    init(leaf: LeafColumn, expectedRows: Int) {
        self.leaf = leaf
        let reserve = min(max(expectedRows, 0), 1 << 24)
        switch leaf.physicalType {
        case .boolean: bools.reserveCapacity(reserve)
        case .int32: int32s.reserveCapacity(reserve)
        case .int64, .int96: int64s.reserveCapacity(reserve)
        case .float: floats.reserveCapacity(reserve)
        case .double: doubles.reserveCapacity(reserve)
        case .byteArray, .fixedLenByteArray: strings.reserveCapacity(elements: reserve, bytes: reserve * 8)
        }
    }

    /// Appends one page: `values` are the page's non-null values; `present` marks rows with a value
    /// (`nil`: every row has one).
    mutating func append(_ values: DenseValues, present: UnsafeBufferPointer<Bool>?) throws {
        let rows = present?.count ?? values.count
        switch values {
        case .bool(let v):
            guard leaf.physicalType == .boolean else { throw mismatch() }
            Self.scatter(v, into: &bools, present: present, placeholder: false)
        case .int32(let v):
            guard leaf.physicalType == .int32 else { throw mismatch() }
            Self.scatter(v, into: &int32s, present: present, placeholder: 0)
        case .int64(let v):
            guard leaf.physicalType == .int64 || leaf.physicalType == .int96 else { throw mismatch() }
            Self.scatter(v, into: &int64s, present: present, placeholder: 0)
        case .float(let v):
            guard leaf.physicalType == .float else { throw mismatch() }
            Self.scatter(v, into: &floats, present: present, placeholder: 0)
        case .double(let v):
            guard leaf.physicalType == .double else { throw mismatch() }
            Self.scatter(v, into: &doubles, present: present, placeholder: 0)
        case .bytes(let v):
            guard leaf.physicalType == .byteArray || leaf.physicalType == .fixedLenByteArray else { throw mismatch() }
            v.bytes.withUnsafeBufferPointer { bytes in
                var k = 0
                for row in 0..<rows {
                    if present?[row] ?? true {
                        strings.append(bytes: UnsafeBufferPointer(rebasing: bytes[v.offsets[k]..<v.offsets[k + 1]]))
                        k += 1
                    } else {
                        strings.appendEmpty()
                    }
                }
            }
        }
        recordNulls(present)
    }

    /// Appends one dictionary-encoded page; every index must be below `dictionary.count`.
    mutating func append(indices: [UInt32], dictionary: DenseValues, present: UnsafeBufferPointer<Bool>?) throws {
        let limit = UInt32(clamping: dictionary.count)
        var maxIndex: UInt32 = 0
        for index in indices { maxIndex = max(maxIndex, index) }
        guard indices.isEmpty || maxIndex < limit else {
            throw ParquetError.corrupt("column '\(leaf.name)': dictionary index \(maxIndex) out of range (dictionary has \(limit) values)")
        }
        switch dictionary {
        case .bool(let d): try append(.bool(indices.map { d[Int($0)] }), present: present)
        case .int32(let d): try append(.int32(Self.gather(d, indices)), present: present)
        case .int64(let d): try append(.int64(Self.gather(d, indices)), present: present)
        case .float(let d): try append(.float(Self.gather(d, indices)), present: present)
        case .double(let d): try append(.double(Self.gather(d, indices)), present: present)
        case .bytes(let d):
            guard leaf.physicalType == .byteArray || leaf.physicalType == .fixedLenByteArray else { throw mismatch() }
            let rows = present?.count ?? indices.count
            d.bytes.withUnsafeBufferPointer { bytes in
                d.offsets.withUnsafeBufferPointer { offsets in
                    var k = 0
                    for row in 0..<rows {
                        if present?[row] ?? true {
                            let index = Int(indices[k])
                            strings.append(bytes: UnsafeBufferPointer(rebasing: bytes[offsets[index]..<offsets[index + 1]]))
                            k += 1
                        } else {
                            strings.appendEmpty()
                        }
                    }
                }
            }
            recordNulls(present)
        }
    }

    private func mismatch() -> ParquetError {
        .corrupt("column '\(leaf.name)': page values do not match the column type \(leaf.physicalType)")
    }

    private mutating func recordNulls(_ present: UnsafeBufferPointer<Bool>?) {
        if let present {
            for row in 0..<present.count where !present[row] { nullRows.append(rowCount + row) }
            rowCount += present.count
        } else {
            rowCount = currentStorageCount
        }
    }

    private var currentStorageCount: Int {
        switch leaf.physicalType {
        case .boolean: bools.count
        case .int32: int32s.count
        case .int64, .int96: int64s.count
        case .float: floats.count
        case .double: doubles.count
        case .byteArray, .fixedLenByteArray: strings.count
        }
    }

    @inline(__always)
    private static func gather<T>(_ dictionary: [T], _ indices: [UInt32]) -> [T] {
        dictionary.withUnsafeBufferPointer { d in
            [T](unsafeUninitializedCapacity: indices.count) { out, initialized in
                for (i, index) in indices.enumerated() { (out.baseAddress! + i).initialize(to: d[Int(index)]) }
                initialized = indices.count
            }
        }
    }

    @inline(__always)
    private static func scatter<T>(_ dense: [T], into out: inout [T], present: UnsafeBufferPointer<Bool>?, placeholder: T) {
        guard let present else {
            out.append(contentsOf: dense)
            return
        }
        dense.withUnsafeBufferPointer { dense in
            var k = 0
            for row in 0..<present.count {
                if present[row] {
                    out.append(dense[k])
                    k += 1
                } else {
                    out.append(placeholder)
                }
            }
        }
    }

    // MARK: Finishing

    /// The synth column for everything appended.
    func makeColumn() throws -> Column {
        var validity: ValidityBitmap?
        if !nullRows.isEmpty {
            var bitmap = ValidityBitmap(count: rowCount, allValid: true)
            for row in nullRows { bitmap.set(row, valid: false) }
            validity = bitmap
        }
        let values: ColumnValues
        switch leaf.conversion {
        case .boolean: values = .bool(bools)
        case .int32(let unsigned):
            values = .int64(unsigned ? int32s.map { Int64(UInt32(bitPattern: $0)) } : int32s.map { Int64($0) })
        case .date32: values = .date(int32s)
        case .int64: values = .int64(int64s)
        case .uint64:
            // Above Int64.max the column becomes double (documented on ParquetReader).
            if int64s.contains(where: { $0 < 0 }) {
                values = .double(int64s.map { Double(UInt64(bitPattern: $0)) })
            } else {
                values = .int64(int64s)
            }
        case .decimalInt(let scale):
            let divisor = Self.power10(scale)
            values = leaf.physicalType == .int32 ? .double(int32s.map { Double($0) / divisor })
                : .double(int64s.map { Double($0) / divisor })
        case .decimalBytes(let scale):
            values = .double(try decimalBytesToDoubles(scale: scale))
        case let .timestamp(unit, zone): values = .timestamp(int64s, unit: unit, timeZone: zone)
        case .float: values = .double(floats.map { Double($0) })
        case .double: values = .double(doubles)
        case .string:
            try validateUTF8()
            values = .string(strings)
        case .binary:
            values = .string(allValidUTF8() ? strings : hexStrings())
        }
        return Column(name: leaf.name, values: values, validity: validity)
    }

    private static func power10(_ scale: Int32) -> Double {
        var result = 1.0
        if scale >= 0 { for _ in 0..<min(scale, 400) { result *= 10 } } else { for _ in 0..<min(-scale, 400) { result /= 10 } }
        return result
    }

    /// Big-endian two's-complement unscaled values → doubles.
    private func decimalBytesToDoubles(scale: Int32) throws -> [Double] {
        let divisor = Self.power10(scale)
        var result = [Double](repeating: 0, count: strings.count)
        strings.bytes.withUnsafeBufferPointer { bytes in
            for i in 0..<strings.count {
                let range = strings.byteRange(at: i)
                if range.isEmpty { continue }
                if range.count <= 8 {
                    var value = Int64(Int8(bitPattern: bytes[range.lowerBound]))
                    for k in (range.lowerBound + 1)..<range.upperBound { value = value << 8 | Int64(bytes[k]) }
                    result[i] = Double(value) / divisor
                } else {
                    let negative = bytes[range.lowerBound] & 0x80 != 0
                    var magnitude = 0.0
                    for k in range {
                        magnitude = magnitude * 256 + Double(negative ? ~bytes[k] : bytes[k])
                    }
                    result[i] = (negative ? -(magnitude + 1) : magnitude) / divisor
                }
            }
        }
        return result
    }

    private func validateUTF8() throws {
        for i in 0..<strings.count {
            let valid = strings.withBytes(at: i) { Self.isValidUTF8($0) }
            guard valid else {
                throw ParquetError.corrupt("column '\(leaf.name)': row \(i) is not valid UTF-8 text")
            }
        }
    }

    private func allValidUTF8() -> Bool {
        (0..<strings.count).allSatisfy { i in strings.withBytes(at: i) { Self.isValidUTF8($0) } }
    }

    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var ascii = true
        for byte in bytes where byte >= 0x80 { ascii = false; break }
        if ascii { return true }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    private func hexStrings() -> StringArray {
        let digits = Array("0123456789abcdef".utf8)
        var result = StringArray()
        var buffer: [UInt8] = []
        for i in 0..<strings.count {
            buffer.removeAll(keepingCapacity: true)
            strings.withBytes(at: i) { bytes in
                for byte in bytes {
                    buffer.append(digits[Int(byte >> 4)])
                    buffer.append(digits[Int(byte & 15)])
                }
            }
            buffer.withUnsafeBufferPointer { result.append(bytes: $0) }
        }
        return result
    }
}
