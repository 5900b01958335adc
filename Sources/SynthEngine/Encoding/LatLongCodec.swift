import SynthData

/// `lat_long`: a `"lat, long"` text column as quadtile-style codes.
///
/// Both coordinates are scaled to integers at the column's decimals and offset from their
/// (protected) minimum; their bits are interleaved from the most significant down, as a
/// quadtree over the bounding box. Each sub-column (`quad_0`, `quad_1`, …) holds two tree
/// levels (16 codes; the first one level when the bit count is odd), so the first
/// sub-columns say roughly where and the later ones refine. Decoding writes the shortest
/// decimal text of each coordinate with the column's separator.
struct LatLongCodec: ColumnCodec {
    var decimals: Int
    var spaces: Int
    var latLower: Int64
    var latUpper: Int64
    var lonLower: Int64
    var lonUpper: Int64
    /// Bits per coordinate.
    var bits: Int
    var hasNull: Bool

    private var levelsInFirst: Int { bits % 2 == 1 ? 1 : 2 }
    private var groupCount: Int { (bits + 1) / 2 }

    var subColumns: [SubColumnSpec] {
        var specs: [SubColumnSpec] = hasNull ? [SubColumnSpec("special", 2)] : []
        for g in 0..<groupCount { specs.append(SubColumnSpec("quad_\(g)", g == 0 && levelsInFirst == 1 ? 4 : 16)) }
        return specs
    }

    /// The coordinates of row `row` scaled to `decimals`, or `nil` when null.
    static func coordinates(_ strings: StringArray, row: Int, decimals: Int, column: String) throws -> (Int64, Int64) {
        guard let parsed = strings.withBytes(at: row, LatLongText.parse) else {
            throw EncodingError.invalidValue(column: column, row: row, reason: "'\(strings[row])' is not a \"lat, long\" pair")
        }
        let lat = parsed.latitude * LatLongText.pow10(max(decimals - parsed.latitudeDecimals, 0))
        let lon = parsed.longitude * LatLongText.pow10(max(decimals - parsed.longitudeDecimals, 0))
        return (lat, lon)
    }

    static func fit(_ column: Column, policy: ProtectionPolicy) throws -> (LatLongCodec, ProtectionReport) {
        guard case .string(let strings) = column.values else {
            throw EncodingError.incompatible(column: column.name, encoding: .latLong, dataType: column.dataType,
                                             reason: "needs a text column of \"lat, long\" pairs")
        }
        var decimals = 0, spaces = 1, first = true
        for row in 0..<strings.count where !column.isNull(row) {
            guard let parsed = strings.withBytes(at: row, LatLongText.parse) else {
                throw EncodingError.invalidValue(column: column.name, row: row, reason: "'\(strings[row])' is not a \"lat, long\" pair")
            }
            decimals = max(decimals, parsed.latitudeDecimals, parsed.longitudeDecimals)
            if first { spaces = parsed.spaces; first = false }
        }
        var lats = ExtremeValues<Int64>(k: 10), lons = ExtremeValues<Int64>(k: 10)
        var pairs: [(Int64, Int64)] = []
        for row in 0..<strings.count where !column.isNull(row) {
            let pair = try coordinates(strings, row: row, decimals: decimals, column: column.name)
            pairs.append(pair)
            lats.add(pair.0)
            lons.add(pair.1)
        }
        let latRange = policy.range(smallest: lats.smallest, largest: lats.largest, count: pairs.count) ?? (0, 0)
        let lonRange = policy.range(smallest: lons.smallest, largest: lons.largest, count: pairs.count) ?? (0, 0)
        var report = ProtectionReport.none(enabled: policy.enabled)
        if policy.enabled, !pairs.isEmpty {
            report.clipRank = policy.clipRank
            for (lat, lon) in pairs {
                if lat < latRange.lower || lon < lonRange.lower { report.clippedLow += 1 }
                if lat > latRange.upper || lon > lonRange.upper { report.clippedHigh += 1 }
            }
            let sep = "," + String(repeating: " ", count: spaces)
            report.lowerBound = LatLongText.formatCoordinate(latRange.lower, decimals: decimals) + sep + LatLongText.formatCoordinate(lonRange.lower, decimals: decimals)
            report.upperBound = LatLongText.formatCoordinate(latRange.upper, decimals: decimals) + sep + LatLongText.formatCoordinate(lonRange.upper, decimals: decimals)
        }
        let span = max(latRange.upper - latRange.lower, lonRange.upper - lonRange.lower)
        var bits = 1
        while bits < 62, span >> Int64(bits) > 0 { bits += 1 }
        let codec = LatLongCodec(decimals: decimals, spaces: spaces, latLower: latRange.lower, latUpper: latRange.upper,
                                 lonLower: lonRange.lower, lonUpper: lonRange.upper, bits: bits, hasNull: column.nullCount > 0)
        return (codec, report)
    }

    func encode(_ column: Column, into writer: CodeWriter) throws {
        guard case .string(let strings) = column.values else {
            throw EncodingError.typeMismatch(column: column.name, expected: .string, found: column.dataType)
        }
        let j0 = hasNull ? 1 : 0
        for row in 0..<strings.count {
            var (lat, lon) = (latLower, lonLower)
            if column.isNull(row) {
                if hasNull { writer.set(row: row, 0, 1); for g in 0..<groupCount { writer.set(row: row, j0 + g, 0) }; continue }
            } else {
                (lat, lon) = try Self.coordinates(strings, row: row, decimals: decimals, column: column.name)
            }
            if hasNull { writer.set(row: row, 0, 0) }
            let u = UInt64(min(max(lat, latLower), latUpper) - latLower)
            let w = UInt64(min(max(lon, lonLower), lonUpper) - lonLower)
            var level = bits - 1
            for g in 0..<groupCount {
                let levels = g == 0 ? levelsInFirst : 2
                var code = 0
                for _ in 0..<levels {
                    code = code << 2 | Int((u >> UInt64(level)) & 1) << 1 | Int((w >> UInt64(level)) & 1)
                    level -= 1
                }
                writer.set(row: row, j0 + g, code)
            }
        }
    }

    func decode(_ reader: CodeReader, rowCount: Int, rng: inout SeededGenerator) -> ColumnAssembler {
        var out = ColumnAssembler(dataType: .string, capacity: rowCount)
        let j0 = hasNull ? 1 : 0
        let separator = "," + String(repeating: " ", count: spaces)
        for row in 0..<rowCount {
            if hasNull, reader.code(row: row, 0, cardinality: 2) == 1 { out.appendNull(); continue }
            var u: UInt64 = 0, w: UInt64 = 0
            for g in 0..<groupCount {
                let levels = g == 0 ? levelsInFirst : 2
                let code = reader.code(row: row, j0 + g, cardinality: levels == 1 ? 4 : 16)
                for l in stride(from: levels - 1, through: 0, by: -1) {
                    u = u << 1 | UInt64((code >> (2 * l + 1)) & 1)
                    w = w << 1 | UInt64((code >> (2 * l)) & 1)
                }
            }
            let lat = latLower + Int64(min(u, UInt64(latUpper - latLower)))
            let lon = lonLower + Int64(min(w, UInt64(lonUpper - lonLower)))
            out.append(string: LatLongText.formatCoordinate(lat, decimals: decimals) + separator
                + LatLongText.formatCoordinate(lon, decimals: decimals))
        }
        return out
    }
}
