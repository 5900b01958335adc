/// 64-bit FNV-1a: a fast, non-cryptographic hash. It is the checksum at the end of the model
/// files (`model.bin`, `text.bin`) and the fingerprint of a session's input files; neither
/// guards against a crafted file (signatures and `ContentDigest` do that), only against damage
/// and changed inputs.
public enum FNV1a {
    /// The starting value (FNV's 64-bit offset basis).
    public static let basis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of `bytes`, continuing from `start` (so a file can be hashed in pieces).
    public static func hash(_ bytes: UnsafeRawBufferPointer, continuing start: UInt64 = basis) -> UInt64 {
        var hash = start
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }

    /// The hash of `bytes`.
    public static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { hash($0) }
    }
}
