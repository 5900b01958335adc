import Foundation
import SynthData

/// A subject table and a linked table with known laws, made in memory (no files read):
/// subjects of kind A have exactly 2 events, subjects of kind B 4, 5 or 6; an event's label
/// is its subject's kind in lower case (a few in 20 are the other label), its amount about 10
/// for A and 100 for B; events of a subject are one day apart from a start in 2013.
public enum LinkedFixtures {
    /// Seconds since the epoch of 2013-01-01T00:00:00Z.
    public static let start2013: Int64 = 1_356_998_400
    /// Seconds since the epoch of 2014-01-01T00:00:00Z.
    public static let start2014: Int64 = 1_388_534_400

    /// `subjects` (id, kind, size) and `events` (event_id, subject_id, day, label, amount).
    public static func subjectsAndEvents(subjects count: Int, seed: UInt64 = 1) throws -> (subjects: Table, events: Table) {
        var rng = SplitMix(seed)
        var ids: [Int64] = [], kinds: [String] = [], sizes: [Double] = []
        var eventIDs: [Int64] = [], subjectIDs: [Int64] = [], days: [Int64] = [], labels: [String] = [], amounts: [Double] = []
        for id in 1...Int64(count) {
            let isA = rng.next() % 2 == 0
            ids.append(id)
            kinds.append(isA ? "A" : "B")
            sizes.append((isA ? 1 : 3) + Double(rng.next() % 100) / 100)
            let length = isA ? 2 : 4 + Int(rng.next() % 3)
            let first = start2013 + Int64(rng.next() % 300) * 86_400
            for i in 0..<length {
                eventIDs.append(Int64(eventIDs.count + 1))
                subjectIDs.append(id)
                days.append(first + Int64(i) * 86_400)
                let noisy = rng.next() % 20 == 0
                labels.append((isA != noisy) ? "a" : "b")
                amounts.append((isA ? 10 : 100) + Double(rng.next() % 10))
            }
        }
        let subjects = try Table(columns: [Column(name: "id", values: .int64(ids)),
                                           Column(name: "kind", values: .string(StringArray(kinds))),
                                           Column(name: "size", values: .double(sizes))])
        // Events are listed out of order (reversed), so the order column matters.
        let reversed = Array((0..<eventIDs.count).reversed())
        let events = try Table(columns: [
            Column(name: "event_id", values: .int64(eventIDs)), Column(name: "subject_id", values: .int64(subjectIDs)),
            Column(name: "day", values: .timestamp(days, unit: .seconds, timeZone: "UTC")),
            Column(name: "label", values: .string(StringArray(labels))), Column(name: "amount", values: .double(amounts)),
        ]).gatheringRows(reversed)
        return (subjects, events)
    }

    /// A small deterministic generator (SplitMix64), for test data that is the same every run.
    public struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        public init(_ seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
