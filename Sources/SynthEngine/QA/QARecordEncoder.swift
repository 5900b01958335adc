import SynthData

/// Records as points for the distance metrics: numbers and datetimes quantile-scaled to
/// [-0.5, 0.5] (missing → 0, plus a ±0.5 missing flag when a column has missing values),
/// categories embedded (`QACategoryEmbedder`), then each record scaled to unit length.
/// Scalers and embeddings are fitted on training plus holdout.
struct QARecordEncoder {
    /// Row-major `rows × dimensions` matrices.
    struct Encoded {
        var synthetic: [Double]
        var training: [Double]
        var holdout: [Double]?
        var dimensions: Int
        /// The source column of each dimension.
        var dimensionNames: [String]
    }

    static func encode(synthetic: Table, training: Table, holdout: Table?, columns: [String]) throws -> Encoded {
        var synDims: [[Double]] = [], trnDims: [[Double]] = [], holDims: [[Double]] = []
        var names: [String] = []
        let kinds = try columns.map { QAColumnKind(try training.column(named: $0).dataType) }
        let numericFirst = columns.indices.filter { kinds[$0] != .categorical } + columns.indices.filter { kinds[$0] == .categorical }
        for index in numericFirst {
            let name = columns[index], kind = kinds[index]
            let trn = try training.column(named: name), syn = try synthetic.column(named: name)
            let hol = try holdout?.column(named: name)
            if kind == .categorical {
                // Distinct labels of training and holdout; synthetic labels not among them are "unseen".
                var dictionary = QAStringDictionary(expectedCount: 256)
                let t = ids(trn, &dictionary, adding: true), h = hol.map { ids($0, &dictionary, adding: true) } ?? []
                let seen = dictionary.count
                let s = ids(syn, &dictionary, adding: false)
                let embedder = QACategoryEmbedder(labels: (0..<seen).map { dictionary.values[$0] })
                func place(_ rows: [Int32], _ k: Int) -> [Double] {
                    rows.map { embedder.coordinates[$0 >= 0 && Int($0) < seen ? Int($0) : seen][k] }
                }
                for k in 0..<embedder.dimensions {
                    synDims.append(place(s, k))
                    trnDims.append(place(t, k))
                    if holdout != nil { holDims.append(place(h, k)) }
                    names.append(name)
                }
            } else {
                let t = trn.qaNumbers(as: kind), s = syn.qaNumbers(as: kind), h = hol?.qaNumbers(as: kind) ?? []
                let scaler = QAQuantileScaler(fitting: t + h, rowCount: t.count + h.count)
                synDims.append(s.map(scaler.scale))
                trnDims.append(t.map(scaler.scale))
                if holdout != nil { holDims.append(h.map(scaler.scale)) }
                names.append(name)
                if (s + t + h).contains(where: \.isNaN) {
                    synDims.append(s.map { $0.isNaN ? 0.5 : -0.5 })
                    trnDims.append(t.map { $0.isNaN ? 0.5 : -0.5 })
                    if holdout != nil { holDims.append(h.map { $0.isNaN ? 0.5 : -0.5 }) }
                    names.append(name)
                }
            }
        }
        return Encoded(synthetic: normalizedRows(synDims), training: normalizedRows(trnDims),
                       holdout: holdout == nil ? nil : normalizedRows(holDims),
                       dimensions: names.count, dimensionNames: names)
    }

    /// Dictionary id of each cell's label (null → `(n/a)`, empty → `(empty)`); with `adding`
    /// false, labels not in the dictionary get -1.
    private static func ids(_ column: Column, _ dictionary: inout QAStringDictionary, adding: Bool) -> [Int32] {
        func id(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
            adding ? dictionary.intern(bytes) : (dictionary.lookup(bytes) ?? -1)
        }
        func id(_ text: String) -> Int32 { adding ? dictionary.intern(text) : (dictionary.lookup(text) ?? -1) }
        var out = [Int32](repeating: -1, count: column.count)
        for row in 0..<column.count {
            if column.isNull(row) { out[row] = id(QASpecialBin.missing); continue }
            if case .string(let strings) = column.values {
                out[row] = strings.byteCount(at: row) == 0 ? id(QASpecialBin.empty) : strings.withBytes(at: row) { id($0) }
            } else {
                let text = column.formattedCell(row) ?? ""
                out[row] = id(text.isEmpty ? QASpecialBin.empty : text)
            }
        }
        return out
    }

    /// Column-wise dimensions → row-major matrix with unit-length rows.
    private static func normalizedRows(_ dims: [[Double]]) -> [Double] {
        guard let rows = dims.first?.count else { return [] }
        let d = dims.count
        var out = [Double](repeating: 0, count: rows * d)
        for k in 0..<d { for r in 0..<rows { out[r * d + k] = dims[k][r] } }
        for r in 0..<rows {
            var norm = 0.0
            for k in 0..<d { norm += out[r * d + k] * out[r * d + k] }
            norm = norm.squareRoot()
            if norm > 0 { for k in 0..<d { out[r * d + k] /= norm } }
        }
        return out
    }
}
