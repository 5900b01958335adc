import Crypto
import Foundation
import SynthData

/// HMAC-SHA256 signatures of Jupyter messages: the hex digest of header, parent header,
/// metadata and content, keyed with the connection file's key. An empty key means the
/// connection asked for no signing (the protocol's rule); any other key makes a signature
/// mandatory on every message.
public struct MessageSigner: Sendable {
    private let keyBytes: [UInt8]

    public init(key: String) {
        keyBytes = Array(key.utf8)
    }

    /// Whether messages are signed at all.
    public var isSigning: Bool { !keyBytes.isEmpty }

    private var key: SymmetricKey? { keyBytes.isEmpty ? nil : SymmetricKey(data: keyBytes) }

    /// The signature of the four JSON frames, as lowercase hex ("" when not signing).
    public func signature(_ parts: [[UInt8]]) -> String {
        guard let key else { return "" }
        var mac = HMAC<Crypto.SHA256>(key: key)
        for part in parts { mac.update(data: part) }
        return ContentDigest.hex(Array(mac.finalize()))
    }

    /// Whether `signature` (hex) signs the four frames; compared in constant time.
    public func verify(_ signature: [UInt8], _ parts: [[UInt8]]) -> Bool {
        guard let key else { return true }
        guard let digest = Self.bytes(fromHex: signature) else { return false }
        var joined: [UInt8] = []
        for part in parts { joined += part }
        return HMAC<Crypto.SHA256>.isValidAuthenticationCode(digest, authenticating: joined, using: key)
    }

    private static func bytes(fromHex hex: [UInt8]) -> [UInt8]? {
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < hex.count {
            guard let high = nibble(hex[index]), let low = nibble(hex[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
