import SynthJobs

/// How a command finds the job it names: the one place that turns a job reference (an id,
/// or a name as `jobs` lists it) into a stored job. Names are looked up in the store, so a
/// job started by another synth process (or an earlier session) is found by name too; a
/// name that several jobs carry is an error that lists their ids, never a silent pick.
public enum JobReference {
    /// Why a reference names no single job.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// No job has this id or name; `suggestion` is a close job name, if any.
        case unknown(reference: String, suggestion: String?)
        /// Several jobs carry this name.
        case ambiguous(name: String, ids: [Int])

        public var description: String {
            switch self {
            case .unknown(let reference, _):
                "unknown job '\(reference)' (see `jobs`)"
            case .ambiguous(let name, let ids):
                "\(ids.count) jobs are named '\(name)' (ids \(ids.map(String.init).joined(separator: ", ")))"
            }
        }

        /// What to type instead.
        public var hint: String? {
            switch self {
            case .unknown(_, let suggestion):
                suggestion.map { "did you mean `\($0)`?" } ?? "`jobs` lists the jobs with their ids and names"
            case .ambiguous(_, let ids):
                "use the id, e.g. `job \(ids.max() ?? 0)` for the newest"
            }
        }
    }

    /// The job `reference` names in `store`: digits are an id; otherwise a job with that
    /// exact name (only one may have it), else an id written `job-3` or `J3`.
    public static func resolve(_ reference: String, in store: JobStore) throws -> JobRecord {
        let all = try store.jobs()
        if let id = Int(reference), let job = all.first(where: { $0.id == id }) { return job }
        let named = all.filter { $0.name == reference }
        if named.count == 1 { return named[0] }
        if named.count > 1 {
            throw Failure.ambiguous(name: reference, ids: named.map(\.id).sorted())
        }
        if let id = id(in: reference), let job = all.first(where: { $0.id == id }) { return job }
        let names = Array(Set(all.map(\.name))).sorted()
        throw Failure.unknown(reference: reference, suggestion: Suggestions.closest(to: reference, in: names))
    }

    /// The id a reference spells, if it is one (`3`, `job-3`, `J3`, `j3`).
    static func id(in reference: String) -> Int? {
        var digits = Substring(reference)
        for prefix in ["job-", "J", "j"] where digits.hasPrefix(prefix) {
            digits = digits.dropFirst(prefix.count)
            break
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let id = Int(digits), id > 0 else { return nil }
        return id
    }
}
