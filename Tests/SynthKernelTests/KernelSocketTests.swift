import Foundation
@testable import SynthKernel
import SynthLanguage
import Testing

/// The kernel in this process on real ZeroMQ sockets: a request signed with the wrong key,
/// or not signed, gets no reply; a signed one does; a shutdown request ends `run`.
@Suite(.serialized) struct KernelSocketTests {
    private static func connection(key: String) throws -> ConnectionInfo {
        let base = Int.random(in: 20_000...50_000)
        let json = """
        {"transport": "tcp", "ip": "127.0.0.1", "shell_port": \(base), "iopub_port": \(base + 1), "stdin_port": \(base + 2),
         "control_port": \(base + 3), "hb_port": \(base + 4), "key": "\(key)", "signature_scheme": "hmac-sha256"}
        """
        return try JSONDecoder().decode(ConnectionInfo.self, from: Data(json.utf8))
    }

    private func request(_ socket: ZMQSocket, _ type: String, signer: MessageSigner, wait: Int) throws -> KernelMessage? {
        let message = KernelMessage(type: type, content: [:], parent: nil, session: "test", identities: [])
        try socket.send(message.frames(signer: signer))
        guard let frames = try socket.receive(timeout: wait) else { return nil }
        return try KernelMessage.decode(frames, signer: signer)
    }

    @Test func onlyCorrectlySignedRequestsAreAnswered() throws {
        var kernel: SynthKernel?
        var connection = try Self.connection(key: "right-key")
        for _ in 0..<5 where kernel == nil {
            kernel = try? SynthKernel(connection: connection, session: Session(baseDirectory: NSTemporaryDirectory(), seed: 1),
                                      log: { _ in })
            if kernel == nil { connection = try Self.connection(key: "right-key") }
        }
        let running = try #require(kernel)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = running.run()
            finished.signal()
        }
        thread.start()
        let context = try ZMQContext()
        let shell = try ZMQSocket(context, .dealer)
        try shell.connect(connection.endpoint(connection.shellPort))
        defer { shell.close() }
        let right = MessageSigner(key: "right-key")

        #expect(try request(shell, "kernel_info_request", signer: MessageSigner(key: "wrong-key"), wait: 1500) == nil)
        #expect(try request(shell, "kernel_info_request", signer: MessageSigner(key: ""), wait: 1500) == nil)
        let reply = try #require(try request(shell, "kernel_info_request", signer: right, wait: 10_000))
        #expect(reply.type == "kernel_info_reply")
        #expect(reply.content["language_info"]?["name"]?.stringValue == "synth")

        let control = try ZMQSocket(context, .dealer)
        try control.connect(connection.endpoint(connection.controlPort))
        defer { control.close() }
        let shutdown = try #require(try request(control, "shutdown_request", signer: right, wait: 10_000))
        #expect(shutdown.type == "shutdown_reply")
        #expect(finished.wait(timeout: .now() + 20) == .success, "run() ends after a shutdown request")
    }
}
