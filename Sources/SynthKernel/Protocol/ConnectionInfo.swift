import Foundation

/// The connection file Jupyter hands a kernel (`-f FILE`): where to bind the five sockets
/// and the key that signs every message.
public struct ConnectionInfo: Sendable, Decodable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var heartbeatPort: Int
    public var key: String
    public var signatureScheme: String

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port", iopubPort = "iopub_port", stdinPort = "stdin_port"
        case controlPort = "control_port", heartbeatPort = "hb_port", signatureScheme = "signature_scheme"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        transport = try container.decodeIfPresent(String.self, forKey: .transport) ?? "tcp"
        ip = try container.decodeIfPresent(String.self, forKey: .ip) ?? "127.0.0.1"
        shellPort = try container.decode(Int.self, forKey: .shellPort)
        iopubPort = try container.decode(Int.self, forKey: .iopubPort)
        stdinPort = try container.decode(Int.self, forKey: .stdinPort)
        controlPort = try container.decode(Int.self, forKey: .controlPort)
        heartbeatPort = try container.decode(Int.self, forKey: .heartbeatPort)
        key = try container.decodeIfPresent(String.self, forKey: .key) ?? ""
        signatureScheme = try container.decodeIfPresent(String.self, forKey: .signatureScheme) ?? "hmac-sha256"
    }

    /// Reads and checks a connection file.
    public static func read(path: String) throws -> ConnectionInfo {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KernelError("cannot read the connection file '\(path)'")
        }
        let info: ConnectionInfo
        do {
            info = try JSONDecoder().decode(ConnectionInfo.self, from: data)
        } catch {
            throw KernelError("the connection file '\(path)' is not a Jupyter connection file: \(error)")
        }
        guard ["tcp", "ipc"].contains(info.transport) else {
            throw KernelError("the connection file asks for transport '\(info.transport)'; synth speaks tcp and ipc")
        }
        guard info.signatureScheme == "hmac-sha256" else {
            throw KernelError("the connection file asks for signature scheme '\(info.signatureScheme)'; synth signs with hmac-sha256")
        }
        return info
    }

    /// The ZeroMQ endpoint of a port.
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}

/// A kernel failure a user can act on (bad connection file, a port in use).
public struct KernelError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
