/// Recognises text that is not UTF-8 from a file's first bytes: UTF-16 and UTF-32, by their
/// byte-order mark or, without one, by the share of NUL bytes (ASCII text in UTF-16 is half
/// NULs, in UTF-32 three quarters; UTF-8 text has none).
enum TextEncodingSniffer {
    /// The bytes looked at for NULs.
    static let sampleSize = 1024

    /// `"UTF-16"` or `"UTF-32"` when the bytes are in that encoding, `nil` otherwise.
    static func nonUTF8Encoding(_ p: UnsafePointer<UInt8>, count: Int) -> String? {
        if count >= 4, p[0] == 0xFF, p[1] == 0xFE, p[2] == 0, p[3] == 0 { return "UTF-32" }
        if count >= 4, p[0] == 0, p[1] == 0, p[2] == 0xFE, p[3] == 0xFF { return "UTF-32" }
        if count >= 2, (p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF) { return "UTF-16" }
        let sample = min(count, sampleSize)
        guard sample >= 2 else { return nil }
        var nuls = 0
        for i in 0..<sample where p[i] == 0 { nuls += 1 }
        if nuls * 8 >= sample * 5 { return "UTF-32" }
        if nuls * 4 >= sample { return "UTF-16" }
        return nil
    }
}
