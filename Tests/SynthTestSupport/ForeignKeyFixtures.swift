import Foundation
import SynthData

/// `LinkedFixtures`' subjects and events with two non-context foreign keys on the events:
/// `shop` → `shops.shop` (events at 8 of 24 shops, skewed: S1 takes about a third of the events, S8 about
/// 4%) and `channel` → `channels.channel` (4 channels, about 1 event in 10 has none).
public enum ForeignKeyFixtures {
    /// The shops' share weights, S1 first.
    public static let shopWeights = [40, 20, 12, 8, 6, 5, 5, 4]
    /// Shops in the shops table.
    public static let shopCount = 24

    public static func tables(subjects count: Int, seed: UInt64 = 3)
        throws -> (subjects: Table, events: Table, shops: Table, channels: Table) {
        let (subjects, plain) = try LinkedFixtures.subjectsAndEvents(subjects: count, seed: seed)
        var rng = LinkedFixtures.SplitMix(seed &+ 11)
        let total = shopWeights.reduce(0, +)
        var shops: [String] = [], channels: [String] = [], channelValid: [Bool] = []
        for _ in 0..<plain.rowCount {
            var draw = Int(rng.next() % UInt64(total)), index = 0
            while draw >= shopWeights[index] { draw -= shopWeights[index]; index += 1 }
            shops.append("S\(index + 1)")
            let channel = Int(rng.next() % 10)
            channels.append(["web", "web", "web", "app", "app", "app", "phone", "mail", "mail", ""][channel])
            channelValid.append(channel != 9)
        }
        let events = try Table(columns: plain.columns + [
            Column(name: "shop", values: .string(StringArray(shops))),
            Column(name: "channel", values: .string(StringArray(channels)), validity: ValidityBitmap(channelValid)),
        ])
        // 24 shops (S9…S24 have no events), so value protection keeps the regions to model.
        let shopTable = try Table(columns: [
            Column(name: "shop", values: .string(StringArray((1...shopCount).map { "S\($0)" }))),
            Column(name: "region", values: .string(StringArray((1...shopCount).map { $0 % 2 == 1 ? "north" : "south" }))),
            Column(name: "floor_m2", values: .double((1...shopCount).map { 80 + 15 * Double($0 % 5) })),
        ])
        let channelTable = try Table(columns: [
            Column(name: "channel", values: .string(StringArray(["web", "app", "phone", "mail", "fax"]))),
            Column(name: "paid", values: .bool([true, true, false, false, false])),
        ])
        return (subjects, events, shopTable, channelTable)
    }
}
