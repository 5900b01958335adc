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
                let trnText = labels(trn), synText = labels(syn), holText = hol.map(labels) ?? []
                var dictionary = QAStringDictionary(expectedCount: 256)
                var order: [String] = []
                for text in trnText + holText where dictionary.lookup(text) == nil {
                    _ = dictionary.intern(text)
                    order.append(text)
                }
                let embedder = QACategoryEmbedder(labels: order)
                let rare = embedder.coordinates[order.count]
                func place(_ texts: [String]) -> [[Double]] {
                    texts.map { text in dictionary.lookup(text).map { embedder.coordinates[Int($0)] } ?? rare }
                }
                let s = place(synText), t = place(trnText), h = place(holText)
                for k in 0..<embedder.dimensions {
                    synDims.append(s.map { $0[k] })
                    trnDims.append(t.map { $0[k] })
                    if holdout != nil { holDims.append(h.map { $0[k] }) }
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

    /// Text of each cell for embedding: null → `(n/a)`, empty → `(empty)`.
    private static func labels(_ column: Column) -> [String] {
        (0..<column.count).map { row in
            guard let text = column.formattedCell(row) else { return QASpecialBin.missing }
            return text.isEmpty ? QASpecialBin.empty : text
        }
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
