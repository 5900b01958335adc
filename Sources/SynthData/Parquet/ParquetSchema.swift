/// One top-level column of a Parquet file, as synth sees it.
public struct ParquetColumnInfo: Sendable, Hashable {
    /// The column name (top-level field name).
    public let name: String
    /// Parquet physical type (`INT64`, `BYTE_ARRAY`, …), or `group` for nested fields.
    public let physicalType: String
    /// The logical / converted type annotation, if any (e.g. `TIMESTAMP(us, UTC)`).
    public let annotation: String?
    /// Whether the column may hold nulls (OPTIONAL).
    public let isNullable: Bool
    /// The synth type the column reads as; `nil` when it cannot be read (see `unsupportedReason`).
    public let dataType: DataType?
    /// Why the column cannot be read (nested, repeated, unknown type), or `nil`.
    public let unsupportedReason: String?
}

/// The schema of a Parquet file: its top-level columns in file order.
public struct ParquetSchema: Sendable, Hashable {
    public let columns: [ParquetColumnInfo]

    public var columnNames: [String] { columns.map(\.name) }
}

/// How the stored values of a leaf column turn into synth values.
enum ValueConversion: Equatable {
    case boolean
    case int32(unsigned: Bool)
    case date32
    case int64
    case uint64
    case decimalInt(scale: Int32)
    case decimalBytes(scale: Int32)
    case timestamp(unit: TimeUnit, timeZone: String?)
    case float, double
    /// UTF-8 text: annotated strings must be valid UTF-8.
    case string
    /// Un-annotated binary: kept as text when valid UTF-8, else the column becomes hex.
    case binary

    var dataType: DataType {
        switch self {
        case .boolean: .bool
        case .int32, .int64, .uint64: .int64
        case .date32: .date
        case .decimalInt, .decimalBytes, .float, .double: .double
        case let .timestamp(unit, zone): .timestamp(unit: unit, timeZone: zone)
        case .string, .binary: .string
        }
    }
}

/// A flat leaf column resolved for reading.
struct LeafColumn {
    let name: String
    /// Position among the file's leaf columns (= index of its chunk in each row group).
    let leafIndex: Int
    let physicalType: ParquetPhysicalType
    let typeLength: Int
    let maxDefinitionLevel: Int
    let conversion: ValueConversion
}

/// A top-level field: either a readable flat column or an unsupported one with a reason.
struct TopLevelField {
    let info: ParquetColumnInfo
    let leaf: LeafColumn?
}

extension SchemaElement {
    /// A short text for the logical / converted type annotation.
    var annotationText: String? {
        if let logicalType {
            switch logicalType {
            case .string: return "STRING"
            case .map: return "MAP"
            case .list: return "LIST"
            case .enumeration: return "ENUM"
            case .json: return "JSON"
            case .bson: return "BSON"
            case .uuid: return "UUID"
            case .float16: return "FLOAT16"
            case .unknown: return "UNKNOWN"
            case let .decimal(scale, precision): return "DECIMAL(\(precision),\(scale))"
            case .date: return "DATE"
            case let .time(utc, unit): return "TIME(\(unit.synthUnit.rawValue)\(utc ? ", UTC" : ""))"
            case let .timestamp(utc, unit): return "TIMESTAMP(\(unit.synthUnit.rawValue)\(utc ? ", UTC" : ""))"
            case let .integer(bits, signed): return "\(signed ? "INT" : "UINT")(\(bits))"
            case let .other(id): return "LOGICAL(\(id))"
            }
        }
        return convertedType.map { "\($0)".uppercased() }
    }
}

enum SchemaResolver {
    /// Builds the top-level fields from the flattened schema.
    /// `zones`: time zones from `ARROW:schema`, by field name.
    static func resolve(_ elements: [SchemaElement], zones: [String: String?]) throws -> [TopLevelField] {
        guard let root = elements.first else { throw ParquetError.corrupt("empty schema") }
        var fields: [TopLevelField] = []
        var index = 1
        var leafIndex = 0
        for _ in 0..<max(Int(root.numChildren), 0) {
            guard index < elements.count else { throw ParquetError.corrupt("schema has fewer elements than its tree needs") }
            let element = elements[index]
            let leaves = try subtreeLeafCount(elements, at: &index)
            if element.numChildren > 0 || element.repetition == .repeated {
                let kind = element.numChildren > 0 ? "nested group column (\(element.annotationText ?? "struct"))"
                    : "repeated column"
                let reason = "\(kind); only flat columns can be read"
                fields.append(TopLevelField(info: ParquetColumnInfo(
                    name: element.name, physicalType: element.numChildren > 0 ? "group" : "\(element.type.map { "\($0)" } ?? "?")",
                    annotation: element.annotationText, isNullable: element.repetition != .required,
                    dataType: nil, unsupportedReason: reason), leaf: nil))
            } else {
                let result = conversion(for: element, zone: zones[element.name])
                let physical = element.type ?? .boolean
                var leaf: LeafColumn?
                var reason: String?
                switch result {
                case .success(let conversion):
                    leaf = LeafColumn(name: element.name, leafIndex: leafIndex, physicalType: physical,
                                      typeLength: Int(element.typeLength ?? 0),
                                      maxDefinitionLevel: element.repetition == .required ? 0 : 1,
                                      conversion: conversion)
                case .failure(let error): reason = error.reason
                }
                fields.append(TopLevelField(info: ParquetColumnInfo(
                    name: element.name, physicalType: element.type.map { "\($0)" } ?? "?",
                    annotation: element.annotationText, isNullable: element.repetition != .required,
                    dataType: leaf?.conversion.dataType, unsupportedReason: reason), leaf: leaf))
            }
            leafIndex += leaves
        }
        return fields
    }

    /// Advances `index` past the subtree at `index`; returns its number of leaves.
    private static func subtreeLeafCount(_ elements: [SchemaElement], at index: inout Int, depth: Int = 0) throws -> Int {
        guard depth < 100 else { throw ParquetError.corrupt("schema nested too deeply") }
        guard index < elements.count else { throw ParquetError.corrupt("schema tree runs past its elements") }
        let children = Int(elements[index].numChildren)
        index += 1
        if children <= 0 { return 1 }
        guard children <= elements.count - index else { throw ParquetError.corrupt("schema element claims \(children) children") }
        var leaves = 0
        for _ in 0..<children { leaves += try subtreeLeafCount(elements, at: &index, depth: depth + 1) }
        return leaves
    }

    struct Unsupported: Error { let reason: String }

    static func conversion(for element: SchemaElement, zone: String??) -> Result<ValueConversion, Unsupported> {
        guard let type = element.type else { return .failure(Unsupported(reason: "leaf without a physical type")) }
        let logical = element.logicalType
        let converted = element.convertedType
        func decimalScale() -> Int32? {
            if case let .decimal(scale, _) = logical { return scale }
            if converted == .decimal { return element.scale ?? 0 }
            return nil
        }
        switch type {
        case .boolean: return .success(.boolean)
        case .int32:
            if let scale = decimalScale() { return .success(.decimalInt(scale: scale)) }
            if logical == .date || converted == .date { return .success(.date32) }
            if case let .integer(_, signed) = logical { return .success(.int32(unsigned: !signed)) }
            if let converted, [.uint8, .uint16, .uint32].contains(converted) { return .success(.int32(unsigned: true)) }
            return .success(.int32(unsigned: false))  // includes TIME(ms): ticks of its unit
        case .int64:
            if let scale = decimalScale() { return .success(.decimalInt(scale: scale)) }
            var unit: ParquetTimeUnit?
            var utc = false
            if case let .timestamp(adjusted, u) = logical {
                unit = u; utc = adjusted
            } else if converted == .timestampMillis {
                unit = .millis; utc = true
            } else if converted == .timestampMicros {
                unit = .micros; utc = true
            }
            if let unit {
                let timeZone: String? = zone.map { $0 } ?? (utc ? "UTC" : nil)
                return .success(.timestamp(unit: unit.synthUnit, timeZone: timeZone))
            }
            if case .integer(64, false) = logical { return .success(.uint64) }
            if converted == .uint64 { return .success(.uint64) }
            return .success(.int64)  // includes TIME(us/ns): ticks of its unit
        case .int96:
            let timeZone: String? = zone.map { $0 } ?? nil
            return .success(.timestamp(unit: .nanoseconds, timeZone: timeZone))
        case .float: return .success(.float)
        case .double: return .success(.double)
        case .byteArray:
            if let scale = decimalScale() { return .success(.decimalBytes(scale: scale)) }
            switch logical {
            case .string?, .enumeration?, .json?: return .success(.string)
            default: break
            }
            if let converted, [.utf8, .enumeration, .json].contains(converted) { return .success(.string) }
            return .success(.binary)
        case .fixedLenByteArray:
            guard (element.typeLength ?? 0) > 0 else {
                return .failure(Unsupported(reason: "FIXED_LEN_BYTE_ARRAY without a positive type_length"))
            }
            if let scale = decimalScale() { return .success(.decimalBytes(scale: scale)) }
            return .success(.binary)
        }
    }
}
