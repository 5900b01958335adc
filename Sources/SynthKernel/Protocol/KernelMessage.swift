import Foundation

/// One Jupyter message (protocol 5.3): the routing identities, header, parent header,
/// metadata and content. `decode` checks the signature; `frames` signs.
public struct KernelMessage: Sendable {
    /// The protocol version synth speaks.
    public static let protocolVersion = "5.3"
    /// The frame between routing identities and the signature.
    static let delimiter = Array("<IDS|MSG>".utf8)

    public var identities: [[UInt8]]
    public var header: JSONValue
    public var parentHeader: JSONValue
    public var metadata: JSONValue
    public var content: JSONValue
    public var buffers: [[UInt8]] = []

    public var type: String { header["msg_type"]?.stringValue ?? "" }
    public var id: String { header["msg_id"]?.stringValue ?? "" }

    /// A new message of `type` in `session`, in reply to (or caused by) `parent`.
    public init(type: String, content: JSONValue, parent: KernelMessage?, session: String,
                identities: [[UInt8]]? = nil, metadata: JSONValue = [:]) {
        header = [
            "msg_id": .string(UUID().uuidString.lowercased()),
            "session": .string(session),
            "username": "synth",
            "date": .string(KernelMessage.timestamp()),
            "msg_type": .string(type),
            "version": .string(KernelMessage.protocolVersion),
        ]
        parentHeader = parent?.header ?? [:]
        self.metadata = metadata
        self.content = content
        self.identities = identities ?? parent?.identities ?? []
    }

    init(identities: [[UInt8]], header: JSONValue, parentHeader: JSONValue, metadata: JSONValue, content: JSONValue,
         buffers: [[UInt8]]) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// Why a received message was rejected.
    public enum Rejection: Error, CustomStringConvertible, Equatable, Sendable {
        case malformed(String)
        case unsigned
        case badSignature

        public var description: String {
            switch self {
            case .malformed(let why): "a malformed message (\(why))"
            case .unsigned: "an unsigned message"
            case .badSignature: "a message with a wrong signature"
            }
        }
    }

    /// Parses the frames of a received message and checks its signature.
    public static func decode(_ frames: [[UInt8]], signer: MessageSigner) throws(Rejection) -> KernelMessage {
        guard let split = frames.firstIndex(of: delimiter) else { throw .malformed("no <IDS|MSG> delimiter") }
        let rest = Array(frames[(split + 1)...])
        guard rest.count >= 5 else { throw .malformed("\(rest.count) frames after the delimiter, 5 expected") }
        let parts = Array(rest[1...4])
        if signer.isSigning {
            guard !rest[0].isEmpty else { throw .unsigned }
            guard signer.verify(rest[0], parts) else { throw .badSignature }
        }
        do {
            let header = try JSONValue.decode(parts[0])
            guard header["msg_type"]?.stringValue != nil else { throw Rejection.malformed("no msg_type in the header") }
            return KernelMessage(identities: Array(frames[..<split]), header: header,
                                 parentHeader: try JSONValue.decode(parts[1]), metadata: try JSONValue.decode(parts[2]),
                                 content: try JSONValue.decode(parts[3]), buffers: Array(rest.dropFirst(5)))
        } catch let rejection as Rejection {
            throw rejection
        } catch {
            throw .malformed("a frame is not JSON")
        }
    }

    /// The frames to send, signed.
    public func frames(signer: MessageSigner) -> [[UInt8]] {
        let parts = [header.encoded(), parentHeader.encoded(), metadata.encoded(), content.encoded()]
        return identities + [KernelMessage.delimiter, Array(signer.signature(parts).utf8)] + parts + buffers
    }

    /// ISO 8601 with microseconds and a zone, as Jupyter writes dates.
    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
