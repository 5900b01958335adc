import Dispatch

extension GenerativeModel {
    /// Rows generated per block; each block has its own random stream (`seed`, block index),
    /// so the rows do not depend on `chunkSize` or on thread scheduling.
    static let generationBlock = 512

    /// Generates `rows` rows and hands them to `body` in chunks of `chunkSize` rows (the last
    /// may be shorter), as `EncodedTable`s over the model's sub-columns. Memory stays bounded by
    /// the chunk size, whatever `rows` is.
    ///
    /// - Parameters:
    ///   - seed: same seed, same model → same rows.
    ///   - temperature: > 0; below 1 sharpens, above 1 flattens every sub-column's distribution.
    ///   - topP: in (0, 1]; below 1 samples only from the smallest set of codes holding that
    ///     much probability (nucleus sampling).
    ///   - fixed: codes to place instead of sampling, by sub-column index: `rows` codes (one
    ///     per row) or a single code for all rows. With a flexible-order model the columns
    ///     holding fixed sub-columns are generated first, so the rest is conditioned on them;
    ///     with a fixed-order model they are placed in the model's own order.
    public func generate(rows: Int, seed: UInt64 = 0, temperature: Double = 1, topP: Double = 1,
                         fixed: [Int: [Int32]]? = nil, chunkSize: Int = 10_000,
                         body: (EncodedTable) throws -> Void) throws {
        guard rows >= 0 else { throw ModelError.invalidGenerationRequest("row count \(rows) is negative") }
        guard temperature > 0 && temperature.isFinite else {
            throw ModelError.invalidGenerationRequest("temperature must be positive (got \(temperature))")
        }
        guard topP > 0 && topP <= 1 else { throw ModelError.invalidGenerationRequest("top-p must be in (0, 1] (got \(topP))") }
        guard chunkSize >= 1 else { throw ModelError.invalidGenerationRequest("chunk size must be at least 1 (got \(chunkSize))") }
        let arch = architecture
        let n = arch.subColumnCount
        var columns = [[Int32]?](repeating: nil, count: n)
        for (k, codes) in fixed ?? [:] {
            guard k >= 0 && k < n else {
                throw ModelError.invalidGenerationRequest("fixed sub-column index \(k) is outside 0..<\(n)")
            }
            guard codes.count == rows || codes.count == 1 else {
                throw ModelError.invalidGenerationRequest(
                    "sub-column '\(subColumns[k].name)' has \(codes.count) fixed codes; expected \(rows) or 1")
            }
            if let bad = codes.first(where: { $0 < 0 || Int($0) >= arch.cardinalities[k] }) {
                throw ModelError.invalidGenerationRequest(
                    "fixed code \(bad) of sub-column '\(subColumns[k].name)' is outside 0..<\(arch.cardinalities[k])")
            }
            columns[k] = codes
        }
        if rows == 0 { return }
        BLAS.prepare()
        let fixedCodes = FixedCodes(columns: columns)
        let order = settings.flexibleOrder
            ? ColumnOrder.fixedFirst(arch, first: Set((fixed ?? [:]).keys))
            : ColumnOrder.natural(arch)
        let blockSize = Self.generationBlock
        let threadCount = ModelTrainer.threads
        let workspaces = (0..<threadCount).map { _ in SamplingWorkspace(arch: arch, capacity: blockSize) }
        let blockCount = (rows + blockSize - 1) / blockSize
        var chunk = [Int32]()
        chunk.reserveCapacity(min(chunkSize, rows) * n)
        let temperatureF = Float(temperature), topPF = Float(topP)
        try parameters.withUnsafeBufferPointer { pBuf in
            // Never empty: a model has parameters.
            guard let base = pBuf.baseAddress else { return }
            let params = SendablePointer(UnsafeMutablePointer(mutating: base))
            let plan = SamplingPlan(arch: arch, order: order, params: base)
            var block = 0
            while block < blockCount {
                let round = min(threadCount, blockCount - block)
                let first = block
                let work: @Sendable (Int) -> Void = { t in
                    let index = first + t
                    let lo = index * blockSize, count = min(blockSize, rows - lo)
                    var rng = ModelRNG(seed: seed, stream: UInt64(index))
                    workspaces[t].generate(rows: count, plan: plan, params: params.pointer, rng: &rng,
                                           temperature: temperatureF, topP: topPF, fixed: fixedCodes, firstRow: lo)
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
                              fixed: [Int: [Int32]]? = nil) throws -> EncodedTable {
        var codes = [Int32]()
        codes.reserveCapacity(rows * subColumns.count)
        try generate(rows: rows, seed: seed, temperature: temperature, topP: topP, fixed: fixed,
                     chunkSize: max(1, min(rows, 65_536))) { codes.append(contentsOf: $0.codes) }
        return EncodedTable(subColumns: subColumns, rowCount: rows, codes: codes)
    }
}
