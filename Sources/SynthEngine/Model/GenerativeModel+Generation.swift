import Dispatch

extension GenerativeModel {
    /// Rows generated per block; each block has its own random stream (`seed`, block index),
    /// so the rows do not depend on `chunkSize` or on thread scheduling.
    static let generationBlock = 512

    /// Draws per row when a fixed-order model is given fixed codes that do not lead its order
    /// (a seed on later columns, imputation, rebalancing): each row is drawn this many times
    /// and one draw is kept in proportion to the probability of its fixed codes given the
    /// columns drawn before them (sampling importance resampling), so those columns follow the
    /// fixed ones. Divides `generationBlock`.
    public static let seedCandidates = 32

    /// The code in a `fixed` array that leaves that row's sub-column to the model (a seed
    /// cell to fill in).
    public static let freeCode: Int32 = -1

    /// Generates `rows` rows and hands them to `body` in chunks of `chunkSize` rows (the last
    /// may be shorter), as `EncodedTable`s over the model's sub-columns. Memory stays bounded by
    /// the chunk size, whatever `rows` is (unless rows fix different sets of sub-columns, see
    /// `fixed`).
    ///
    /// - Parameters:
    ///   - seed: same seed, same model → same rows.
    ///   - temperature: ≥ 0; below 1 sharpens, above 1 flattens every sub-column's distribution;
    ///     0 takes the most likely code every time.
    ///   - topP: in (0, 1]; below 1 samples only from the smallest set of codes holding that
    ///     much probability (nucleus sampling).
    ///   - fixed: codes to place instead of sampling, by sub-column index: `rows` codes (one
    ///     per row) or a single code for all rows; `freeCode` leaves that row's value to the
    ///     model. With a flexible-order model each row's fixed columns are generated first, so
    ///     the rest is conditioned on them (rows fixing different sets of columns are generated
    ///     in groups, one order per group); with a fixed-order model they are placed in the
    ///     model's own order, and where a free sub-column comes before a fixed one each row is
    ///     drawn `seedCandidates` times and one draw kept by importance resampling, so the
    ///     earlier columns follow the fixed ones too (`conditionsExactly(on:)` says where this
    ///     is needed).
    ///   - excluded: codes never drawn, by sub-column index (e.g. `_RARE_`); a fixed code is
    ///     still placed. Excluding every code of a sub-column is an error.
    ///   - excludedWhenFree: codes never drawn for a `freeCode` cell of that sub-column (the
    ///     null code, so a filled seed cell holds a value).
    ///   - range: generate only these rows of the `rows`-row table (a shard); it must start on
    ///     a sampling block (`generationBlock`) and every row must fix the same sub-columns.
    ///     Each row is the same as when the whole table is generated.
    public func generate(rows: Int, seed: UInt64 = 0, temperature: Double = 1, topP: Double = 1,
                         fixed: [Int: [Int32]]? = nil, excluded: [Int: [Int32]] = [:],
                         excludedWhenFree: [Int: [Int32]] = [:], chunkSize: Int = 10_000, range: Range<Int>? = nil,
                         body: (EncodedTable) throws -> Void) throws {
        guard rows >= 0 else { throw ModelError.invalidGenerationRequest("row count \(rows) is negative") }
        try SamplingParameters.validate(temperature: temperature, topP: topP)
        guard chunkSize >= 1 else { throw ModelError.invalidGenerationRequest("chunk size must be at least 1 (got \(chunkSize))") }
        let arch = architecture
        let n = arch.subColumnCount
        var columns = [[Int32]?](repeating: nil, count: n)
        var hasFreeCells = false
        for (k, codes) in fixed ?? [:] {
            guard k >= 0 && k < n else {
                throw ModelError.invalidGenerationRequest("fixed sub-column index \(k) is outside 0..<\(n)")
            }
            guard codes.count == rows || codes.count == 1 else {
                throw ModelError.invalidGenerationRequest(
                    "sub-column '\(subColumns[k].name)' has \(codes.count) fixed codes; expected \(rows) or 1")
            }
            if let bad = codes.first(where: { $0 < Self.freeCode || Int($0) >= arch.cardinalities[k] }) {
                throw ModelError.invalidGenerationRequest(
                    "fixed code \(bad) of sub-column '\(subColumns[k].name)' is outside 0..<\(arch.cardinalities[k])")
            }
            if codes.contains(Self.freeCode) { hasFreeCells = true }
            columns[k] = codes
        }
        var excludedCodes = [[Int32]](repeating: [], count: n)
        for (k, codes) in excluded {
            guard k >= 0 && k < n else {
                throw ModelError.invalidGenerationRequest("excluded sub-column index \(k) is outside 0..<\(n)")
            }
            let unique = Set(codes.filter { $0 >= 0 && Int($0) < arch.cardinalities[k] })
            guard unique.count < arch.cardinalities[k] else {
                throw ModelError.invalidGenerationRequest("every code of sub-column '\(subColumns[k].name)' is excluded")
            }
            excludedCodes[k] = unique.sorted()
        }
        let range = range ?? 0..<rows
        guard range.lowerBound >= 0, range.upperBound <= rows else {
            throw ModelError.invalidGenerationRequest("rows \(range) are outside a \(rows)-row table")
        }
        if range.isEmpty { return }
        if n == 0 { return try generateNothing(range: range, chunkSize: chunkSize, body: body) }
        guard range.lowerBound % Self.generationBlock == 0 else {
            throw ModelError.invalidGenerationRequest("rows \(range) do not start on a sampling block of \(Self.generationBlock) rows")
        }
        guard hasFreeCells else {
            try sample(rows: range, seed: seed, temperature: temperature, topP: topP, columns: columns,
                       excluded: excludedCodes, chunkSize: chunkSize, body: body)
            return
        }
        guard range == 0..<rows else {
            throw ModelError.invalidGenerationRequest("rows that fix different columns cannot be generated in part")
        }
        // Rows fix different sets of sub-columns: one group (and one order) per set.
        var groups: [[Bool]: [Int]] = [:]
        var groupOrder: [[Bool]] = []
        let fixedIndices = (0..<n).filter { columns[$0] != nil }
        for row in 0..<rows {
            let key = fixedIndices.map { k in
                let c = columns[k]!
                return (c.count == 1 ? c[0] : c[row]) != Self.freeCode
            }
            if groups[key] == nil { groupOrder.append(key) }
            groups[key, default: []].append(row)
        }
        var all = [Int32](repeating: 0, count: rows * n)
        for (g, key) in groupOrder.enumerated() {
            let members = groups[key]!
            var groupColumns = [[Int32]?](repeating: nil, count: n)
            for (i, k) in fixedIndices.enumerated() where key[i] {
                let c = columns[k]!
                groupColumns[k] = c.count == 1 ? c : members.map { c[$0] }
            }
            var groupExcluded = excludedCodes
            for (i, k) in fixedIndices.enumerated() where !key[i] {
                let extra = Set(groupExcluded[k] + (excludedWhenFree[k] ?? []))
                    .filter { $0 >= 0 && Int($0) < arch.cardinalities[k] }
                if extra.count < arch.cardinalities[k] { groupExcluded[k] = extra.sorted() }
            }
            var local = 0
            try sample(rows: 0..<members.count, seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(g), temperature: temperature,
                       topP: topP, columns: groupColumns, excluded: groupExcluded, chunkSize: members.count) { chunk in
                for r in 0..<chunk.rowCount {
                    let target = members[local + r] * n
                    for k in 0..<n { all[target + k] = chunk.codes[r * n + k] }
                }
                local += chunk.rowCount
            }
        }
        var offset = 0
        while offset < rows {
            let take = min(chunkSize, rows - offset)
            try body(EncodedTable(subColumns: subColumns, rowCount: take, codes: Array(all[(offset * n)..<((offset + take) * n)])))
            offset += take
        }
    }

    /// Whether fixing the columns that hold `subColumns` conditions the rest exactly: always
    /// with a flexible-order model, otherwise only when they lead the model's column order
    /// (else generation resamples, `seedCandidates`).
    public func conditionsExactly(on fixedSubColumns: Set<Int>) -> Bool {
        if settings.flexibleOrder || fixedSubColumns.isEmpty { return true }
        let groups = architecture.columnGroups
        let touched = groups.enumerated().filter { $0.element.contains(where: fixedSubColumns.contains) }.map(\.offset)
        return touched == Array(0..<touched.count)
    }

    /// The sampling loop over blocks of rows, for one set of fixed sub-columns: the rows
    /// `rows` (starting on a block) of the whole table, block `b` drawing from stream `b`.
    private func sample(rows range: Range<Int>, seed: UInt64, temperature: Double, topP: Double, columns: [[Int32]?],
                        excluded: [[Int32]], chunkSize: Int, body: (EncodedTable) throws -> Void) throws {
        let arch = architecture
        let n = arch.subColumnCount
        BLAS.prepare()
        let fixedCodes = FixedCodes(columns: columns)
        let order = settings.flexibleOrder
            ? ColumnOrder.fixedFirst(arch, first: Set((0..<n).filter { columns[$0] != nil }))
            : ColumnOrder.natural(arch)
        // Fixed sub-columns the order reaches after a free one: importance resampling over
        // `seedCandidates` draws per row conditions what comes before them.
        var weighted = [Bool](repeating: false, count: n)
        if let firstFree = order.sequence.firstIndex(where: { columns[$0] == nil }) {
            for k in order.sequence[firstFree...] where columns[k] != nil { weighted[k] = true }
        }
        let candidates = weighted.contains(true) ? Self.seedCandidates : 1
        let blockSize = Self.generationBlock / candidates  // rows of the table per block
        let threadCount = ModelTrainer.threads
        let workspaces = (0..<threadCount).map { _ in SamplingWorkspace(arch: arch, capacity: Self.generationBlock) }
        let rows = range.upperBound
        let firstBlock = range.lowerBound / blockSize
        let blockCount = (rows + blockSize - 1) / blockSize
        var chunk = [Int32]()
        chunk.reserveCapacity(min(chunkSize, range.count) * n)
        let temperatureF = Float(temperature), topPF = Float(topP)
        try parameters.withUnsafeBufferPointer { pBuf in
            // Never empty: a model has parameters.
            guard let base = pBuf.baseAddress else { return }
            let params = SendablePointer(UnsafeMutablePointer(mutating: base))
            let plan = SamplingPlan(arch: arch, order: order, params: base, excluded: excluded, weighted: weighted)
            var block = firstBlock
            while block < blockCount {
                let round = min(threadCount, blockCount - block)
                let first = block
                let work: @Sendable (Int) -> Void = { t in
                    let index = first + t
                    let lo = index * blockSize, count = min(blockSize, rows - lo)
                    var rng = ModelRNG(seed: seed, stream: UInt64(index))
                    workspaces[t].generate(rows: count * candidates, plan: plan, params: params.pointer, rng: &rng,
                                           temperature: temperatureF, topP: topPF, fixed: fixedCodes, firstRow: lo,
                                           candidates: candidates)
                }
                if round == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: round, execute: work) }
                for t in 0..<round {
                    let lo = (first + t) * blockSize, count = min(blockSize, rows - lo)
                    var offset = 0
                    while offset < count {
                        let take = min(count - offset, chunkSize - chunk.count / n)
                        chunk.append(contentsOf: UnsafeBufferPointer(start: workspaces[t].codes + offset * n, count: take * n))
                        offset += take
                        if chunk.count == chunkSize * n {
                            try body(EncodedTable(subColumns: subColumns, rowCount: chunkSize, codes: chunk))
                            chunk.removeAll(keepingCapacity: true)
                        }
                    }
                }
                block += round
            }
            if !chunk.isEmpty {
                try body(EncodedTable(subColumns: subColumns, rowCount: chunk.count / n, codes: chunk))
            }
        }
    }

    /// All `rows` generated rows in one table (convenience over the chunked `generate`).
    public func generateTable(rows: Int, seed: UInt64 = 0, temperature: Double = 1, topP: Double = 1,
                              fixed: [Int: [Int32]]? = nil, excluded: [Int: [Int32]] = [:],
                              excludedWhenFree: [Int: [Int32]] = [:]) throws -> EncodedTable {
        var codes = [Int32]()
        codes.reserveCapacity(rows * subColumns.count)
        try generate(rows: rows, seed: seed, temperature: temperature, topP: topP, fixed: fixed, excluded: excluded,
                     excludedWhenFree: excludedWhenFree, chunkSize: max(1, min(rows, 65_536))) { codes.append(contentsOf: $0.codes) }
        return EncodedTable(subColumns: subColumns, rowCount: rows, codes: codes)
    }
}
