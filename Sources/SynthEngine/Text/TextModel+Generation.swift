import Dispatch
import Foundation
import SynthData

extension TextModel {
    /// Rows sampled together per thread and step.
    static let generationBlock = 256

    /// Generates one text per row in `rows` (indices into `conditions`), conditioned on that
    /// row's codes. Each row draws from its own stream of `seed` (derived from `streamBase`
    /// plus its row index), so a row's text does not depend on which other rows are generated
    /// with it or on thread timing. `temperature` 0 takes the most likely token; `topP` < 1
    /// samples from the smallest set of tokens holding that much probability (other values are
    /// an error, `SamplingParameters`). Shape tokens
    /// become characters drawn from the pool. A text that `isExcluded` accepts (a rare
    /// training text, `RareTrainingTexts`) is redrawn from the row's next stream, up to
    /// `maximumRedraws` times; a row still drawing only such texts gets `nil` (a null cell).
    /// `progress` gets the number of rows finished.
    public func generate(conditions: EncodedTable, rows: [Int], seed: UInt64, streamBase: UInt64 = 0,
                         temperature: Double = 1, topP: Double = 1, isExcluded: (String) -> Bool = { _ in false },
                         isCancelled: () -> Bool = { false }, progress: (Int) -> Void = { _ in }) throws -> [String?] {
        guard conditions.subColumns.map(\.cardinality) == shape.conditionCardinalities else {
            throw ModelError.subColumnsMismatch("the text model of '\(column)' was trained on other sub-columns")
        }
        try SamplingParameters.validate(temperature: temperature, topP: topP)
        BLAS.prepare()
        let offsets = shape.conditionRowOffsets
        var results = [String?](repeating: "", count: rows.count)
        let workspaces = [TextNetworkWorkspace(shape: shape, capacity: Self.generationBlock, training: false),
                          TextNetworkWorkspace(shape: shape, capacity: Self.generationBlock, training: false)]
        try sample(rows, into: &results, conditions: conditions, offsets: offsets, seed: seed, streamBase: streamBase,
                   temperature: temperature, topP: topP, workspaces: workspaces, isCancelled: isCancelled, progress: progress)
        // Redraw rare training texts; a redraw depends only on the row and the attempt.
        var pending = results.indices.filter { results[$0].map(isExcluded) ?? false }
        var attempt: UInt64 = 1
        while !pending.isEmpty {
            guard attempt <= UInt64(Self.maximumRedraws) else {
                for i in pending { results[i] = nil }
                break
            }
            var redrawn = [String?](repeating: nil, count: pending.count)
            try sample(pending.map { rows[$0] }, into: &redrawn, conditions: conditions, offsets: offsets,
                       seed: seed ^ (attempt &* 0x9E37_79B9_7F4A_7C15), streamBase: streamBase, temperature: temperature,
                       topP: topP, workspaces: workspaces, isCancelled: isCancelled, progress: { _ in })
            for (k, i) in pending.enumerated() { results[i] = redrawn[k] }
            pending = pending.filter { results[$0].map(isExcluded) ?? false }
            attempt += 1
        }
        return results
    }

    /// Redraws per row before a rare training text becomes a null.
    static let maximumRedraws = 16

    /// Samples the texts of `rows` into `results`, two blocks at a time (one per core).
    private func sample(_ rows: [Int], into results: inout [String?], conditions: EncodedTable, offsets: [Int], seed: UInt64,
                        streamBase: UInt64, temperature: Double, topP: Double, workspaces: [TextNetworkWorkspace],
                        isCancelled: () -> Bool, progress: (Int) -> Void) throws {
        var start = 0
        while start < rows.count {
            if isCancelled() { throw ModelError.canceled }
            // Two blocks at a time, one per core; the split depends only on the row order.
            let end = min(rows.count, start + 2 * Self.generationBlock)
            let middle = min(end, start + Self.generationBlock)
            let ranges = [start..<middle, middle..<end]
            var blockTexts: [[String]] = [[], []]
            blockTexts.withUnsafeMutableBufferPointer { slots in
                let out = SendablePointer(slots.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: 2) { t in
                    let range = ranges[t]
                    guard !range.isEmpty else { return }
                    out.pointer[t] = sampleBlock(rows: range.map { rows[$0] }, indices: range, conditions: conditions,
                                                 offsets: offsets, seed: seed, streamBase: streamBase,
                                                 temperature: temperature, topP: topP, workspace: workspaces[t])
                }
            }
            for (t, range) in ranges.enumerated() {
                for (i, index) in range.enumerated() { results[index] = blockTexts[t][i] }
            }
            start = end
            progress(start)
        }
    }

    /// Samples the texts of one block of rows; `indices` are their positions in the request
    /// (for their random streams).
    private func sampleBlock(rows: [Int], indices: Range<Int>, conditions: EncodedTable, offsets: [Int], seed: UInt64,
                             streamBase: UInt64, temperature: Double, topP: Double,
                             workspace: TextNetworkWorkspace) -> [String] {
        let n = rows.count, k = shape.context, cw = shape.conditionWidth, v = TextVocabulary.outputCount
        var rngs = rows.map { SeededGenerator(seed: seed).derived(stream: streamBase &+ UInt64($0)) }
        var conditionVectors = [Float](repeating: 0, count: n * cw)
        var tokens = [[Int32]](repeating: [], count: n)
        var done = [Bool](repeating: false, count: n)
        var contexts = [Int32](repeating: TextVocabulary.start, count: n * k)
        var active: [Int] = Array(0..<n)
        var order = [Int](repeating: 0, count: v)
        var probabilities = [Double](repeating: 0, count: v)
        parameters.withUnsafeBufferPointer { pbuf in
            let params = pbuf.baseAddress!
            var conditionRows: [Int32] = []
            for (i, row) in rows.enumerated() {
                conditionRows.removeAll(keepingCapacity: true)
                conditionRow(conditions, row: row, offsets: offsets, into: &conditionRows)
                conditionRows.withUnsafeBufferPointer { r in
                    conditionVectors.withUnsafeMutableBufferPointer { out in
                        TextModel.conditionVector(params: params, shape: shape, rows: r.baseAddress!, count: r.count,
                                                  into: out.baseAddress! + i * cw)
                    }
                }
            }
            var position = 0
            while !active.isEmpty {
                for (r, i) in active.enumerated() {
                    contexts.withUnsafeBufferPointer { ctx in
                        conditionVectors.withUnsafeBufferPointer { cond in
                            workspace.setInput(row: r, params: params, context: ctx.baseAddress! + i * k, position: position,
                                               condition: cond.baseAddress! + i * cw)
                        }
                    }
                }
                workspace.forward(rows: active.count, params: params)
                for (r, i) in active.enumerated() {
                    let token = Self.sample(workspace.logits + r * v, temperature: temperature, topP: topP, rng: &rngs[i],
                                            order: &order, probabilities: &probabilities)
                    if token == TextVocabulary.end || tokens[i].count + 1 >= maxTokens {
                        if token != TextVocabulary.end { tokens[i].append(token) }
                        done[i] = true
                    } else {
                        tokens[i].append(token)
                        let base = i * k
                        for j in 0..<(k - 1) { contexts[base + j] = contexts[base + j + 1] }
                        contexts[base + k - 1] = token
                    }
                }
                active.removeAll { done[$0] }
                position += 1
            }
        }
        return (0..<n).map { i in text(of: tokens[i], rng: &rngs[i]) }
    }

    /// The embedding rows of a generated row's condition.
    private func conditionRow(_ codes: EncodedTable, row: Int, offsets: [Int], into out: inout [Int32]) {
        conditionRows(codes, row: row, offsets: offsets, into: &out)
    }

    /// Tokens as text: shapes become pooled characters; bytes that do not form UTF-8 are dropped.
    func text(of tokens: [Int32], rng: inout SeededGenerator) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tokens.count)
        for token in tokens {
            if TextVocabulary.isShape(token) {
                bytes.append(contentsOf: pool.draw(token, rng: &rng))
            } else if token >= 0 && token < 256 {
                bytes.append(UInt8(token))
            }
        }
        var scalars = String.UnicodeScalarView()
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break decoding
            case .error: continue
            }
        }
        return String(scalars)
    }

    /// Draws the next token from `logits` with `temperature` and top-p.
    static func sample(_ logits: UnsafeMutablePointer<Float>, temperature: Double, topP: Double, rng: inout SeededGenerator,
                       order: inout [Int], probabilities: inout [Double]) -> Int32 {
        let v = TextVocabulary.outputCount
        var best = 0
        for j in 1..<v where logits[j] > logits[best] { best = j }
        guard temperature > 0 else { return Int32(best) }
        let maximum = Double(logits[best])
        var sum = 0.0
        for j in 0..<v {
            let p = exp((Double(logits[j]) - maximum) / temperature)
            probabilities[j] = p
            sum += p
        }
        var limit = v
        if topP < 1 {
            for j in 0..<v { order[j] = j }
            order.sort { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) }
            var cumulative = 0.0
            limit = 0
            while limit < v {
                cumulative += probabilities[order[limit]]
                limit += 1
                if cumulative >= topP * sum { break }
            }
            sum = cumulative
        } else {
            for j in 0..<v { order[j] = j }
        }
        var r = rng.nextUnitDouble() * sum
        for i in 0..<limit {
            r -= probabilities[order[i]]
            if r <= 0 { return Int32(order[i]) }
        }
        return Int32(order[limit - 1])
    }
}
