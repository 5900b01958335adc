#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffers for the forward (and backward) pass of a `TextModel` over up to `capacity`
/// prediction rows, allocated once. One per thread.
final class TextNetworkWorkspace: @unchecked Sendable {
    let shape: TextModelShape
    let capacity: Int
    /// Layer-1 inputs, pre-activations and activations, logits / probabilities.
    let x, z1, z2, logits: UnsafeMutablePointer<Float>
    /// Gradients of the hidden layers and of the inputs (training only).
    let d1, d2, dx: UnsafeMutablePointer<Float>
    /// Gradient of every parameter (training only; `count` 0 otherwise).
    let gradient: UnsafeMutablePointer<Float>
    let gradientCount: Int

    init(shape: TextModelShape, capacity: Int, training: Bool) {
        self.shape = shape
        self.capacity = max(1, capacity)
        let n = self.capacity, d = shape.inputWidth, h = shape.hidden, v = TextVocabulary.outputCount
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
            p.initialize(repeating: 0, count: max(1, count))
            return p
        }
        x = buffer(n * d); z1 = buffer(n * h); z2 = buffer(n * h); logits = buffer(n * v)
        d1 = buffer(training ? n * h : 0); d2 = buffer(training ? n * h : 0); dx = buffer(training ? n * d : 0)
        gradientCount = training ? shape.parameterCount : 0
        gradient = buffer(gradientCount)
    }

    deinit {
        for p in [x, z1, z2, logits, d1, d2, dx, gradient] { p.deallocate() }
    }

    /// Writes row `r`'s layer-1 input: the embeddings of `context` tokens (oldest first), of
    /// the position bucket, and the condition vector.
    @inline(__always)
    func setInput(row r: Int, params: UnsafePointer<Float>, context tokens: UnsafePointer<Int32>, position: Int,
                  condition: UnsafePointer<Float>) {
        let e = shape.embedding, d = shape.inputWidth
        let out = x + r * d
        for k in 0..<shape.context {
            (out + k * e).update(from: params + shape.tokenEmbeddingOffset + Int(tokens[k]) * e, count: e)
        }
        let p = TextModelShape.positionBucket(position)
        (out + shape.context * e).update(from: params + shape.positionEmbeddingOffset + p * shape.positionWidth,
                                         count: shape.positionWidth)
        (out + shape.context * e + shape.positionWidth).update(from: condition, count: shape.conditionWidth)
    }

    /// The forward pass of the first `rows` input rows: `logits` holds the output logits.
    func forward(rows: Int, params: UnsafePointer<Float>) {
        let d = shape.inputWidth, h = shape.hidden, v = TextVocabulary.outputCount
        layer(rows: rows, input: x, inputWidth: d, weights: params + shape.w1Offset, bias: params + shape.b1Offset,
              output: z1, outputWidth: h)
        relu(z1, rows * h)
        layer(rows: rows, input: z1, inputWidth: h, weights: params + shape.w2Offset, bias: params + shape.b2Offset,
              output: z2, outputWidth: h)
        relu(z2, rows * h)
        layer(rows: rows, input: z2, inputWidth: h, weights: params + shape.w3Offset, bias: params + shape.b3Offset,
              output: logits, outputWidth: v)
    }

    private func layer(rows: Int, input: UnsafePointer<Float>, inputWidth: Int, weights: UnsafePointer<Float>,
                       bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, outputWidth: Int) {
        for r in 0..<rows { (output + r * outputWidth).update(from: bias, count: outputWidth) }
        BLAS.gemm(m: rows, n: outputWidth, k: inputWidth, a: input, lda: inputWidth, b: weights, ldb: outputWidth,
                  beta: 1, c: output, ldc: outputWidth)
    }

    private func relu(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
        for i in 0..<count where p[i] < 0 { p[i] = 0 }
    }

    /// Softmax cross-entropy of the first `rows` logits against `targets`, turned in place
    /// into the loss gradient (scaled by `scale`); returns the summed loss in nats.
    func softmaxCrossEntropy(rows: Int, targets: UnsafePointer<Int32>, scale: Float) -> Double {
        let v = TextVocabulary.outputCount
        var loss = 0.0
        for r in 0..<rows {
            let row = logits + r * v
            var maximum = row[0]
            for j in 1..<v where row[j] > maximum { maximum = row[j] }
            var sum: Float = 0
            for j in 0..<v { let e = expf(row[j] - maximum); row[j] = e; sum += e }
            let t = Int(targets[r])
            loss -= Double(logf(max(row[t] / sum, 1e-30)))
            let inv = scale / sum
            for j in 0..<v { row[j] *= inv }
            row[t] -= scale
        }
        return loss
    }

    /// Accumulates into `gradient` the parameter gradients of the first `rows` rows, given
    /// the output gradient in `logits`; `conditionRows` gives, per row, the embedding rows
    /// of its condition (`conditionCount` each).
    func backward(rows: Int, params: UnsafePointer<Float>, contexts: UnsafePointer<Int32>, positions: UnsafePointer<Int32>,
                  conditionRows: UnsafePointer<Int32>, conditionCount: Int) {
        let d = shape.inputWidth, h = shape.hidden, v = TextVocabulary.outputCount
        let g = gradient
        // Output layer.
        BLAS.gemm(transA: true, m: h, n: v, k: rows, a: z2, lda: h, b: logits, ldb: v, beta: 1, c: g + shape.w3Offset, ldc: v)
        addColumnSums(logits, rows: rows, width: v, into: g + shape.b3Offset)
        BLAS.gemm(transB: true, m: rows, n: h, k: v, a: logits, lda: v, b: params + shape.w3Offset, ldb: v, beta: 0, c: d2, ldc: h)
        for i in 0..<(rows * h) where z2[i] <= 0 { d2[i] = 0 }
        // Second hidden layer.
        BLAS.gemm(transA: true, m: h, n: h, k: rows, a: z1, lda: h, b: d2, ldb: h, beta: 1, c: g + shape.w2Offset, ldc: h)
        addColumnSums(d2, rows: rows, width: h, into: g + shape.b2Offset)
        BLAS.gemm(transB: true, m: rows, n: h, k: h, a: d2, lda: h, b: params + shape.w2Offset, ldb: h, beta: 0, c: d1, ldc: h)
        for i in 0..<(rows * h) where z1[i] <= 0 { d1[i] = 0 }
        // First hidden layer and the inputs.
        BLAS.gemm(transA: true, m: d, n: h, k: rows, a: x, lda: d, b: d1, ldb: h, beta: 1, c: g + shape.w1Offset, ldc: h)
        addColumnSums(d1, rows: rows, width: h, into: g + shape.b1Offset)
        BLAS.gemm(transB: true, m: rows, n: d, k: h, a: d1, lda: h, b: params + shape.w1Offset, ldb: h, beta: 0, c: dx, ldc: d)
        let e = shape.embedding, k = shape.context, pw = shape.positionWidth, cw = shape.conditionWidth
        for r in 0..<rows {
            let dr = dx + r * d
            for j in 0..<k {
                add(dr + j * e, into: g + shape.tokenEmbeddingOffset + Int(contexts[r * k + j]) * e, count: e)
            }
            let p = TextModelShape.positionBucket(Int(positions[r]))
            add(dr + k * e, into: g + shape.positionEmbeddingOffset + p * pw, count: pw)
            for c in 0..<conditionCount {
                add(dr + k * e + pw, into: g + shape.conditionEmbeddingOffset + Int(conditionRows[r * conditionCount + c]) * cw,
                    count: cw)
            }
        }
    }

    @inline(__always)
    private func add(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { target[i] += source[i] }
    }

    private func addColumnSums(_ m: UnsafePointer<Float>, rows: Int, width: Int, into target: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { add(m + r * width, into: target, count: width) }
    }
}
