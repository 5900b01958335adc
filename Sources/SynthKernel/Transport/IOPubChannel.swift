import Foundation

/// The IOPub socket: every status, input echo and output goes out here, signed. Shared by
/// the shell and control threads, so each send holds a lock (libzmq sockets are not
/// thread-safe).
final class IOPubChannel: @unchecked Sendable {
    private let socket: ZMQSocket
    private let signer: MessageSigner
    let session: String
    private let lock = NSLock()

    init(socket: ZMQSocket, signer: MessageSigner, session: String) {
        self.socket = socket
        self.signer = signer
        self.session = session
    }

    /// Publishes a message of `type` caused by `parent`.
    func publish(_ type: String, _ content: JSONValue, parent: KernelMessage?, metadata: JSONValue = [:]) {
        // IOPub messages carry the message type as their topic.
        var message = KernelMessage(type: type, content: content, parent: parent, session: session, identities: [],
                                    metadata: metadata)
        message.identities = [Array(type.utf8)]
        let frames = message.frames(signer: signer)
        lock.withLock { try? socket.send(frames) }
    }

    /// Publishes the kernel's execution state (`busy`, `idle`, `starting`).
    func status(_ state: String, parent: KernelMessage?) {
        publish("status", ["execution_state": .string(state)], parent: parent)
    }
}

/// A ROUTER socket's replies, signed; used by the one thread that owns the socket.
struct ReplyChannel {
    let socket: ZMQSocket
    let signer: MessageSigner
    let session: String

    /// Sends `<request type minus _request>_reply` to the request's sender.
    func reply(to request: KernelMessage, _ content: JSONValue) {
        let type = request.type.replacingOccurrences(of: "_request", with: "_reply")
        let message = KernelMessage(type: type, content: content, parent: request, session: session)
        try? socket.send(message.frames(signer: signer))
    }
}
