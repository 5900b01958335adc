import SynthData
import Foundation

/// Quantile bins for numbers and datetimes, the way mostlyai-qa cuts them: at most `n`
/// distinct values get one bin each; otherwise `n + 1` boundaries are read off the sorted
/// original values at evenly spaced positions (more positions are tried until enough distinct
/// boundaries turn up). Bins are half-open `[lower, next)`; a last bin for missing values.
enum QANumericBinner {
    /// Boundaries for a numeric column; `values` uses NaN for missing. When there are at most
    /// `binCount` distinct values, only those `nameable` keeps (ascending in, ascending out)
    /// start a bin; the others fall into the bin below (or, below the first, into the first).
    static func numericBreaks(_ values: [Double], binCount: Int,
                              nameable: ([Double]) -> [Double] = { $0 }) -> [Double] {
        let sorted = values.filter { !$0.isNaN }.sorted()
        let uniques = distinctSorted(sorted)
        var breaks: [Double]
        if uniques.count <= binCount {
            breaks = nameable(uniques)
            if let last = breaks.last { breaks.append(last + 1) }
        } else {
            breaks = searchBoundaries(sorted, binCount: binCount)
        }
        breaks = distinctSorted(breaks)
        if breaks.isEmpty { breaks = [-1e10, 1e10] }
        // Round all but the last boundary down to the fewest decimals that keep them distinct.
        var scale = 1.0
        for _ in 0..<20 {
            defer { scale *= 10 }
            let floored = breaks.map { ($0 * scale).rounded(.down) / scale }
            if Set(floored).count == breaks.count {
                breaks = Array(floored.dropLast()) + [breaks[breaks.count - 1]]
                break
            }
        }
        return breaks
    }

    /// Boundaries for a datetime column (microseconds since the epoch, NaN for missing).
    static func datetimeBreaks(_ values: [Double], binCount: Int) -> [Double] {
        let sorted = values.filter { !$0.isNaN }.sorted()
        let uniques = distinctSorted(sorted)
        var breaks: [Double]
        if uniques.count == 1 {
            breaks = [uniques[0], uniques[0] + qaMicrosecondsPerDay]
        } else {
            breaks = searchBoundaries(sorted, binCount: binCount)
        }
        breaks = distinctSorted(breaks)
        if breaks.isEmpty {
            breaks = [Double(CivilDate.days(year: 1700, month: 1, day: 1)) * qaMicrosecondsPerDay,
                      Double(CivilDate.days(year: 2200, month: 1, day: 1)) * qaMicrosecondsPerDay]
        }
        return breaks
    }

    /// Evenly spaced order statistics (first and last included) until `binCount + 1` distinct
    /// values are found, trying 1000 positions at most.
    static func searchBoundaries(_ sorted: [Double], binCount: Int) -> [Double] {
        guard !sorted.isEmpty else { return [] }
        let count = sorted.count
        var breaks: [Double] = []
        let end = max(binCount + 1, min(1000, count + 1))
        for positions in binCount..<end {
            breaks.removeAll(keepingCapacity: true)
            let step = positions > 1 ? Double(count - 1) / Double(positions - 1) : 0
            for k in 0..<positions {
                let index = k == positions - 1 ? count - 1 : Int(Double(k) * step)
                let value = sorted[index]
                if breaks.last != value { breaks.append(value) }
            }
            if breaks.count >= binCount + 1 { break }
        }
        return breaks
    }

    /// Bin codes of `values` for `breaks` (clipped into the outer boundaries); missing values
    /// get code `breaks.count - 1`, the bin after the last value bin. `lastWidth` is added to
    /// the last boundary to close the last bin (1 for numbers, one day for datetimes).
    static func codes(_ values: [Double], breaks: [Double], lastWidth: Double) -> [Int32] {
        var edges = breaks
        let lowest = breaks[0], highest = breaks[breaks.count - 1]
        edges[edges.count - 1] = max(highest + lastWidth, highest)
        let missingCode = Int32(breaks.count - 1)
        var out = [Int32](repeating: missingCode, count: values.count)
        edges.withUnsafeBufferPointer { e in
            for i in 0..<values.count {
                let raw = values[i]
                if raw.isNaN { continue }
                let x = min(max(raw, lowest), highest)
                // number of edges <= x, minus one
                var lo = 0, hi = e.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if e[mid] <= x { lo = mid + 1 } else { hi = mid }
                }
                let bin = lo - 1
                if bin >= 0, bin < e.count - 1 { out[i] = Int32(bin) }
            }
        }
        return out
    }

    /// Labels `⪰ lower` for numeric bins, integers without a fraction when all are whole.
    static func numericLabels(_ breaks: [Double]) -> [String] {
        let lowers = breaks.dropLast()
        let whole = lowers.allSatisfy { $0.rounded() == $0 && abs($0) < 1e18 }
        return lowers.map { "⪰ " + (whole ? String(Int64($0)) : $0.description) }
    }

    /// Labels `⪰ lower` for datetime bins, in the coarsest format that shows every lower
    /// boundary exactly (a boundary inside a day is labelled with its time, one inside a month
    /// with its day) and keeps all boundaries apart.
    static func datetimeLabels(_ breaks: [Double]) -> [String] {
        let formats: [(Double) -> String] = [
            { formatDateTime($0, .year) }, { formatDateTime($0, .month) }, { formatDateTime($0, .day) },
            { formatDateTime($0, .minute) }, { formatDateTime($0, .second) }, { formatDateTime($0, .microsecond) },
        ]
        let needed = breaks.dropLast().map(precisionNeeded).max() ?? 0
        for format in formats.dropFirst(needed) {
            let texts = breaks.map(format)
            if Set(texts).count == texts.count { return texts.dropLast().map { "⪰ " + $0 } }
        }
        return breaks.dropLast().map { "⪰ " + formatDateTime($0, .microsecond) }
    }

    enum DateTimePrecision { case year, month, day, minute, second, microsecond }

    /// The index (in `DateTimePrecision` order) of the coarsest format that writes the
    /// instant `micros` exactly: 0 for the start of a year, 1 of a month, 2 a midnight, 3 a
    /// whole minute, 4 a whole second, else 5.
    static func precisionNeeded(_ micros: Double) -> Int {
        let total = Int64(micros.rounded(.down))
        let perDay = Int64(qaMicrosecondsPerDay)
        var days = total / perDay
        var rest = total % perDay
        if rest < 0 { rest += perDay; days -= 1 }
        if micros.rounded(.down) != micros { return 5 }
        if rest % 1_000_000 != 0 { return 5 }
        if rest % 60_000_000 != 0 { return 4 }
        if rest != 0 { return 3 }
        let (_, m, d) = CivilDate.civil(days: Int(days))
        if d != 1 { return 2 }
        return m != 1 ? 1 : 0
    }

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats microseconds since the epoch like strftime's `%Y`, `%Y-%b`, `%Y-%b-%d`,
    /// `%Y-%m-%d %H:%M`, `... :%S`, `... :%S.%f`.
    static func formatDateTime(_ micros: Double, _ precision: DateTimePrecision) -> String {
        let total = Int64(micros.rounded(.down))
        let perDay = Int64(qaMicrosecondsPerDay)
        var days = total / perDay
        var rest = total % perDay
        if rest < 0 { rest += perDay; days -= 1 }
        let (y, m, d) = CivilDate.civil(days: Int(days))
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let hour = rest / 3_600_000_000, minute = rest / 60_000_000 % 60, second = rest / 1_000_000 % 60
        let fraction = rest % 1_000_000
        let year = String(y)
        switch precision {
        case .year: return year
        case .month: return "\(year)-\(monthNames[m - 1])"
        case .day: return "\(year)-\(monthNames[m - 1])-\(two(Int64(d)))"
        case .minute: return "\(year)-\(two(Int64(m)))-\(two(Int64(d))) \(two(hour)):\(two(minute))"
        case .second: return "\(year)-\(two(Int64(m)))-\(two(Int64(d))) \(two(hour)):\(two(minute)):\(two(second))"
        case .microsecond:
            var f = String(fraction)
            while f.count < 6 { f = "0" + f }
            return "\(year)-\(two(Int64(m)))-\(two(Int64(d))) \(two(hour)):\(two(minute)):\(two(second)).\(f)"
        }
    }

    /// Distinct values of an ascending array.
    static func distinctSorted(_ sorted: [Double]) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(min(sorted.count, 1024))
        for v in sorted where out.last != v { out.append(v) }
        return out
    }
}
