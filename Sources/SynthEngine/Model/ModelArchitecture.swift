/// The shapes of the network and where each parameter tensor lives in the flat parameter
/// vector.
///
/// The network (TabularARGN-style, per sub-column):
/// - sub-column `j` has an embedding table `E_j` (`cardinality_j × d_j`);
/// - the input row `x` is the concatenation of all sub-columns' embeddings (width `D = Σ d_j`);
/// - the head of sub-column `k` computes `h_k = relu(x · (W1_k ⊙ M_k) + b1_k)` and
///   `logits_k = h_k · W2_k + b2_k`, where the mask `M_k` keeps only the embedding rows of
///   sub-columns that come before `k` in the current column order (autoregressive);
/// - all heads' first layers form one `D × H` matrix `W1` (`H = Σ h_k`), so the first layer of
///   every head is a single GEMM; the loss is the sum of the heads' cross-entropies.
struct ModelArchitecture: Codable, Sendable, Hashable {
    var cardinalities: [Int]
    /// Source column of each sub-column; sub-columns of one column move together when the
    /// column order is permuted.
    var columnOfSubColumn: [Int]
    var embeddingDims: [Int]
    var hiddenDims: [Int]

    var subColumnCount: Int { cardinalities.count }

    // Derived layout (not encoded).
    private(set) var embeddingOffsets: [Int] = []   // column offset of E_j's block in x
    private(set) var hiddenOffsets: [Int] = []      // column offset of head k in the hidden layer
    private(set) var logitOffsets: [Int] = []       // column offset of head k in the logits
    private(set) var inputWidth = 0                 // D
    private(set) var hiddenWidth = 0                // H
    private(set) var logitWidth = 0                 // C
    /// Offsets into the flat parameter vector.
    private(set) var embeddingParamOffsets: [Int] = []
    private(set) var w1Offset = 0
    private(set) var b1Offset = 0
    private(set) var w2Offsets: [Int] = []
    private(set) var b2Offset = 0
    private(set) var parameterCount = 0
    /// The sub-column each input (x) position belongs to.
    private(set) var subColumnOfInput: [Int] = []

    private enum CodingKeys: String, CodingKey { case cardinalities, columnOfSubColumn, embeddingDims, hiddenDims }

    init(cardinalities: [Int], columnOfSubColumn: [Int], embeddingDims: [Int], hiddenDims: [Int]) {
        self.cardinalities = cardinalities
        self.columnOfSubColumn = columnOfSubColumn
        self.embeddingDims = embeddingDims
        self.hiddenDims = hiddenDims
        computeLayout()
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cardinalities = try c.decode([Int].self, forKey: .cardinalities)
        columnOfSubColumn = try c.decode([Int].self, forKey: .columnOfSubColumn)
        embeddingDims = try c.decode([Int].self, forKey: .embeddingDims)
        hiddenDims = try c.decode([Int].self, forKey: .hiddenDims)
        let n = cardinalities.count
        // n == 0: the model of a table with nothing to learn (`GenerativeModel.nothingToModel`).
        guard columnOfSubColumn.count == n, embeddingDims.count == n, hiddenDims.count == n,
              cardinalities.allSatisfy({ $0 >= 1 && $0 <= 1 << 24 }),
              embeddingDims.allSatisfy({ $0 >= 1 && $0 <= 4096 }), hiddenDims.allSatisfy({ $0 >= 1 && $0 <= 65536 })
        else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "inconsistent architecture"))
        }
        // Check the size the dimensions imply before laying them out (the layout allocates
        // per input position): a reader passes the most parameters its file can hold.
        let limit = decoder.userInfo[Self.parameterLimitKey] as? Int ?? Int.max
        guard let count = Self.parameterCount(cardinalities: cardinalities, embeddingDims: embeddingDims, hiddenDims: hiddenDims),
              count <= limit
        else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription:
                "the architecture declares more parameters than the file holds"))
        }
        computeLayout()
    }

    /// `userInfo` key of a decoder: the most parameters a decoded architecture may declare.
    static let parameterLimitKey = CodingUserInfoKey(rawValue: "synth.model.parameterLimit")!

    /// The parameter count of these dimensions (as `computeLayout` lays them out), computed
    /// without allocating; `nil` when it overflows `Int`.
    static func parameterCount(cardinalities: [Int], embeddingDims: [Int], hiddenDims: [Int]) -> Int? {
        guard cardinalities.count == embeddingDims.count, cardinalities.count == hiddenDims.count else { return nil }
        var d = 0, h = 0, c = 0, p = 0
        func add(_ total: inout Int, _ value: Int) -> Bool {
            let (sum, overflow) = total.addingReportingOverflow(value)
            total = sum
            return !overflow && value >= 0
        }
        func product(_ a: Int, _ b: Int) -> Int? {
            let (value, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? nil : value
        }
        for j in cardinalities.indices {
            guard add(&d, embeddingDims[j]), add(&h, hiddenDims[j]), add(&c, cardinalities[j]),
                  let embedding = product(cardinalities[j], embeddingDims[j]), add(&p, embedding),
                  let w2 = product(hiddenDims[j], cardinalities[j]), add(&p, w2)
            else { return nil }
        }
        guard let w1 = product(d, h), add(&p, w1), add(&p, h), add(&p, c) else { return nil }
        return p
    }

    /// The most parameters a model of these sub-columns has at any model size (the largest
    /// size's architecture); `nil` when it overflows `Int`. Bounds the size of a model file
    /// that belongs to an encoding before the file is read.
    static func maximumParameterCount(cardinalities: [Int]) -> Int? {
        var most = 0
        for size in ModelSettings.Size.allCases {
            guard cardinalities.allSatisfy({ $0 >= 1 }),
                  let count = parameterCount(cardinalities: cardinalities,
                                             embeddingDims: cardinalities.map { embeddingDim(cardinality: $0, size: size) },
                                             hiddenDims: cardinalities.map { hiddenDim(cardinality: $0, size: size) })
            else { return nil }
            most = max(most, count)
        }
        return most
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cardinalities, forKey: .cardinalities)
        try c.encode(columnOfSubColumn, forKey: .columnOfSubColumn)
        try c.encode(embeddingDims, forKey: .embeddingDims)
        try c.encode(hiddenDims, forKey: .hiddenDims)
    }

    /// The architecture for sub-columns of a table at a model size.
    /// The architecture for `subColumns`. The first `contextSubColumns` are context inputs
    /// (a sequential model's subject and history codes, always fixed when generating): their
    /// heads get one hidden unit, since what they predict is never sampled.
    static func make(subColumns: [SubColumnInfo], size: ModelSettings.Size, contextSubColumns: Int = 0) -> ModelArchitecture {
        let cards = subColumns.map(\.cardinality)
        let emb = cards.map { embeddingDim(cardinality: $0, size: size) }
        let hid = cards.enumerated().map { $0.offset < contextSubColumns ? 1 : hiddenDim(cardinality: $0.element, size: size) }
        return ModelArchitecture(cardinalities: cards, columnOfSubColumn: subColumns.map(\.columnIndex),
                                 embeddingDims: emb, hiddenDims: hid)
    }

    /// Embedding width: grows slowly with cardinality, never more than the cardinality.
    static func embeddingDim(cardinality c: Int, size: ModelSettings.Size) -> Int {
        let x = Double(max(c, 1))
        let d: Int
        switch size {
        case .small: d = max(6, Int(2 * pow(x, 0.15).rounded(.up)))
        case .medium: d = max(10, Int(3 * pow(x, 0.25).rounded(.up)))
        case .large: d = max(12, Int(4 * pow(x, 0.33).rounded(.up)))
        }
        return max(1, min(c, d))
    }

    /// Hidden width of a head: a unit per size times (1 + round(ln cardinality)).
    static func hiddenDim(cardinality c: Int, size: ModelSettings.Size) -> Int {
        let unit: Int
        switch size {
        case .small: unit = 8
        case .medium: unit = 16
        case .large: unit = 32
        }
        let coefficient = 1 + Int(log(max(Double(c), 2.718281828)).rounded())
        return unit * coefficient
    }

    private mutating func computeLayout() {
        let n = cardinalities.count
        embeddingOffsets = []; hiddenOffsets = []; logitOffsets = []; embeddingParamOffsets = []; w2Offsets = []
        subColumnOfInput = []
        var d = 0, h = 0, c = 0
        for j in 0..<n {
            embeddingOffsets.append(d); d += embeddingDims[j]
            hiddenOffsets.append(h); h += hiddenDims[j]
            logitOffsets.append(c); c += cardinalities[j]
            subColumnOfInput.append(contentsOf: repeatElement(j, count: embeddingDims[j]))
        }
        inputWidth = d; hiddenWidth = h; logitWidth = c
        var p = 0
        for j in 0..<n { embeddingParamOffsets.append(p); p += cardinalities[j] * embeddingDims[j] }
        w1Offset = p; p += d * h
        b1Offset = p; p += h
        for k in 0..<n { w2Offsets.append(p); p += hiddenDims[k] * cardinalities[k] }
        b2Offset = p; p += c
        parameterCount = p
    }

    /// The source columns in order of first appearance, each with its sub-columns in order.
    var columnGroups: [[Int]] {
        var groups: [[Int]] = []
        var index: [Int: Int] = [:]
        for j in 0..<subColumnCount {
            let col = columnOfSubColumn[j]
            if let g = index[col] { groups[g].append(j) } else { index[col] = groups.count; groups.append([j]) }
        }
        return groups
    }

    /// Initial parameters: embeddings N(0, 1), first layer Kaiming-uniform-like scaled by the
    /// input width, second layer small, output biases at the empirical log-frequencies.
    func initialParameters(rng: inout ModelRNG, logPriors: [[Float]]) -> [Float] {
        var p = [Float](repeating: 0, count: parameterCount)
        for j in 0..<subColumnCount {
            let off = embeddingParamOffsets[j]
            for i in 0..<(cardinalities[j] * embeddingDims[j]) { p[off + i] = rng.nextGaussian() }
        }
        let b1Bound = Float(1 / Double(max(inputWidth, 1)).squareRoot())
        let w1Bound = Float((6 / Double(max(inputWidth, 1))).squareRoot()) * 0.5
        for i in 0..<(inputWidth * hiddenWidth) { p[w1Offset + i] = (rng.nextFloat() * 2 - 1) * w1Bound }
        for i in 0..<hiddenWidth { p[b1Offset + i] = (rng.nextFloat() * 2 - 1) * b1Bound }
        for k in 0..<subColumnCount {
            let bound = Float((6 / Double(hiddenDims[k] + cardinalities[k])).squareRoot())
            for i in 0..<(hiddenDims[k] * cardinalities[k]) { p[w2Offsets[k] + i] = (rng.nextFloat() * 2 - 1) * bound }
            if k < logPriors.count, logPriors[k].count == cardinalities[k] {
                for t in 0..<cardinalities[k] { p[b2Offset + logitOffsets[k] + t] = logPriors[k][t] }
            }
        }
        return p
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
