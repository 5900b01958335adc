import SynthData

/// Why a fairness request cannot be met.
public enum FairnessError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownColumns([String], available: [String])
    case targetIsSensitive(String)
    case noSensitiveColumns
    case constantColumn(String)
    case combinedWithRebalancing

    public var description: String {
        switch self {
        case let .unknownColumns(names, available):
            "unknown column\(names.count == 1 ? "" : "s") " + names.map { "'\($0)'" }.joined(separator: ", ")
                + " (columns: \(available.joined(separator: ", ")))"
        case .targetIsSensitive(let name): "the fairness target '\(name)' cannot also be a sensitive column"
        case .noSensitiveColumns: "fairness needs at least one sensitive column"
        case .constantColumn(let name): "column '\(name)' has a single value: there is nothing to make fair"
        case .combinedWithRebalancing: "fairness and rebalancing cannot be combined"
        }
    }
}

extension Synthesizer {
    /// Fixed codes for fair generation: the sensitive columns' values from one model sample,
    /// the target's from another, independent one (so the target is independent of the
    /// sensitive columns: demographic parity up to sampling noise); the model then generates
    /// every other column conditionally on both. The marginals of the sensitive columns and
    /// of the target stay the model's.
    func fairCodes(rows: Int, seed: UInt64, fairness: GenerationOptions.Fairness,
                   options: GenerationOptions) throws -> [Int: [Int32]] {
        let (sensitive, target) = try fairCodesCheck(fairness)
        func sample(_ subColumns: [Int], seed: UInt64) throws -> [Int: [Int32]] {
            var codes = [Int: [Int32]](uniqueKeysWithValues: subColumns.map { ($0, [Int32]()) })
            try model.generate(rows: rows, seed: seed, temperature: options.temperature, topP: options.topP,
                               excluded: excludedCodes(options)) { chunk in
                let n = chunk.width
                for k in subColumns {
                    codes[k]!.append(contentsOf: (0..<chunk.rowCount).lazy.map { chunk.codes[$0 * n + k] })
                }
            }
            return codes
        }
        var fixed = try sample(sensitive, seed: seed &+ 0x2545_F491_4F6C_DD1D)
        fixed.merge(try sample(target, seed: seed &+ 0x6A09_E667_F3BC_C909)) { a, _ in a }
        return fixed
    }

    /// Checks a fairness request against the model's columns; returns the sensitive and the
    /// target sub-columns.
    public func fairCodesCheck(_ fairness: GenerationOptions.Fairness) throws -> (sensitive: [Int], target: [Int]) {
        let names = encoding.columns.map(\.name)
        let unknown = ([fairness.target] + fairness.sensitive).filter { !names.contains($0) }
        guard unknown.isEmpty else { throw FairnessError.unknownColumns(unknown, available: names) }
        guard !fairness.sensitive.isEmpty else { throw FairnessError.noSensitiveColumns }
        guard !fairness.sensitive.contains(fairness.target) else { throw FairnessError.targetIsSensitive(fairness.target) }
        for name in [fairness.target] + fairness.sensitive where encoding.subColumnIndices(ofColumns: [name]).isEmpty {
            throw FairnessError.constantColumn(name)
        }
        let sensitive = encoding.subColumnIndices(ofColumns: Set(fairness.sensitive)).sorted()
        let target = encoding.subColumnIndices(ofColumns: [fairness.target]).sorted()
        return (sensitive, target)
    }
}
