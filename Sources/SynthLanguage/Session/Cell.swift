/// One evaluated input of a session: its number, text and kept result.
public struct Cell: Sendable {
    public var number: Int
    public var input: String
    public var output: LangValue?
    /// The normal form of the command that produced `output` (for recording references).
    public var normalForm: String?
    /// Cells whose outputs the command referred to.
    public var dependencies: [Int]
}
