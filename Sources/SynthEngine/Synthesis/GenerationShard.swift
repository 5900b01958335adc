/// One shard of a generation split over several processes or machines: shard `index` of
/// `count` (0-based, as Kubernetes' `JOB_COMPLETION_INDEX` and Slurm's `SLURM_ARRAY_TASK_ID`).
///
/// Generation runs in fixed blocks of `blockRows` rows (a linked job: subjects) whose random
/// streams depend only on the seed and the block's index, whether one process generates
/// them all or a shard generates some. Shard `i` takes the blocks
/// `i·B/K ..< (i+1)·B/K` of the `B` blocks, so the shards are disjoint, balanced to one block,
/// and their union is exactly the rows one process writes with the same seed and row count
/// (shard by shard, in index order: the same rows in the same order).
///
/// ```swift
/// let shard = try GenerationShard(index: 2, count: 4)
/// shard.rowRange(ofRows: 10_000)   // 5120..<7168
/// ```
public struct GenerationShard: Sendable, Codable, Hashable, CustomStringConvertible {
    /// Rows (a linked job: subjects) per block: a multiple of the model's sampling block.
    public static let blockRows = 1_024

    public let index: Int
    public let count: Int

    /// A shard; `index` must lie in `0 ..< count` and `count` be at least 1.
    public init(index: Int, count: Int) throws(GenerationShardError) {
        guard count >= 1 else { throw .invalid("the number of shards must be at least 1 (got \(count))") }
        guard index >= 0 && index < count else {
            throw .invalid("shard \(index) is outside 0…\(count - 1): shards are numbered from 0 (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID)")
        }
        self.index = index
        self.count = count
    }

    private enum CodingKeys: String, CodingKey { case index, count }

    /// Read back checked, like `init(index:count:)` (a stored job's settings are input too).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(index: container.decode(Int.self, forKey: .index), count: container.decode(Int.self, forKey: .count))
    }

    /// How many blocks `rows` rows make.
    public static func blockCount(ofRows rows: Int) -> Int { (max(rows, 0) + blockRows - 1) / blockRows }

    /// The blocks this shard generates out of `blockCount`.
    public func blockRange(ofBlocks blockCount: Int) -> Range<Int> {
        (index * blockCount / count) ..< ((index + 1) * blockCount / count)
    }

    /// The rows this shard generates out of a table of `rows` rows: whole blocks, the last
    /// block of the last shard possibly shorter. Empty when there are fewer blocks than shards.
    public func rowRange(ofRows rows: Int) -> Range<Int> {
        let blocks = blockRange(ofBlocks: Self.blockCount(ofRows: rows))
        return min(blocks.lowerBound * Self.blockRows, rows) ..< min(blocks.upperBound * Self.blockRows, rows)
    }

    /// `3 of 16` style, 0-based.
    public var description: String { "shard \(index) of \(count)" }
}

/// A shard request that cannot be met.
public enum GenerationShardError: Error, CustomStringConvertible, Sendable, Equatable {
    case invalid(String)

    public var description: String {
        switch self { case .invalid(let message): message }
    }
}
