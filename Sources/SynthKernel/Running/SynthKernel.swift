import Foundation
import SynthLanguage
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// synth as a Jupyter kernel (messaging protocol 5.3): the same evaluator, registry and
/// session as the REPL, behind the shell, control, IOPub, stdin and heartbeat sockets of a
/// connection file. Every received message's HMAC-SHA256 signature is checked; unsigned or
/// wrongly signed ones are logged (stderr, the kernel log) and dropped.
public final class SynthKernel: @unchecked Sendable {
    public let connection: ConnectionInfo
    public let evaluator: Evaluator
    let signer: MessageSigner
    let sessionID = UUID().uuidString.lowercased()
    private let context: ZMQContext
    let shell: ReplyChannel
    let control: ReplyChannel
    let stdin: ZMQSocket
    let iopub: IOPubChannel
    private let heartbeat: Heartbeat
    let output: KernelOutput
    private let log: @Sendable (String) -> Void
    private let stateLock = NSLock()
    private var stopping = false
    /// Largest message a front end may send (code cells are far smaller).
    public static let maximumMessageBytes = 64 << 20
    /// Whether the last shutdown asked for a restart.
    public private(set) var restartRequested = false

    /// Binds every socket of `connection`; throws when a port cannot be bound.
    public init(connection: ConnectionInfo, session: Session = Session(), registry: CommandRegistry = .standard(),
                log: @escaping @Sendable (String) -> Void = { message in
                    FileHandle.standardError.write(Data(("synth kernel: " + message + "\n").utf8))
                }) throws {
        self.connection = connection
        self.log = log
        signer = MessageSigner(key: connection.key)
        context = try ZMQContext()
        let shellSocket = try ZMQSocket(context, .router)
        let controlSocket = try ZMQSocket(context, .router)
        let iopubSocket = try ZMQSocket(context, .publisher)
        let heartbeatSocket = try ZMQSocket(context, .reply)
        stdin = try ZMQSocket(context, .router)
        // A peer is disconnected before its message is read whole when it sends more than
        // this, so memory stays bounded before any signature is checked.
        for socket in [shellSocket, controlSocket, stdin] { socket.limitMessageSize(SynthKernel.maximumMessageBytes) }
        do {
            try shellSocket.bind(connection.endpoint(connection.shellPort))
            try controlSocket.bind(connection.endpoint(connection.controlPort))
            try iopubSocket.bind(connection.endpoint(connection.iopubPort))
            try stdin.bind(connection.endpoint(connection.stdinPort))
            try heartbeatSocket.bind(connection.endpoint(connection.heartbeatPort))
        } catch {
            throw KernelError("cannot listen: \(error)")
        }
        shell = ReplyChannel(socket: shellSocket, signer: signer, session: sessionID)
        control = ReplyChannel(socket: controlSocket, signer: signer, session: sessionID)
        iopub = IOPubChannel(socket: iopubSocket, signer: signer, session: sessionID)
        heartbeat = Heartbeat(socket: heartbeatSocket)
        output = KernelOutput(iopub: iopub)
        evaluator = Evaluator(session: session, registry: registry, output: output)
        if !signer.isSigning { log("the connection file has no key: messages are not signed") }
    }

    /// Serves until a `shutdown_request`; returns the process exit code.
    public func run() -> Int32 {
        // SIGINT (Jupyter's default interrupt) sets the same flag as Ctrl-C in the REPL.
        InterruptHandler.install(flag: evaluator.cancellation, forceExitOnSecond: false)
        heartbeat.start()
        let controlThread = Thread { [self] in serve(control, handle: handleControl) }
        controlThread.name = "synth kernel control"
        controlThread.start()
        iopub.status("starting", parent: nil)
        serve(shell, handle: handleShell)
        // Jobs started here end with the kernel: a shutdown cancels them.
        evaluator.cancelStartedJobs()
        evaluator.cancellation.set()
        evaluator.waitForStartedJobs()
        heartbeat.stop()
        Thread.sleep(forTimeInterval: 0.2)
        return ExitStatus.ok
    }

    var isStopping: Bool { stateLock.withLock { stopping } }

    /// Stops serving (after the reply to a shutdown request).
    func stop(restart: Bool) {
        stateLock.withLock {
            stopping = true
            restartRequested = restart
        }
        evaluator.cancellation.set()
    }

    /// Receives, checks and dispatches the messages of one ROUTER socket until stopped.
    private func serve(_ channel: ReplyChannel, handle: (KernelMessage) -> Void) {
        while !isStopping {
            let frames: [[UInt8]]
            do {
                guard let received = try channel.socket.receive(timeout: 100) else { continue }
                frames = received
            } catch {
                log("receive failed: \(error)")
                continue
            }
            let message: KernelMessage
            do {
                message = try KernelMessage.decode(frames, signer: signer)
            } catch {
                log("rejected \(error)")
                continue
            }
            iopub.status("busy", parent: message)
            handle(message)
            iopub.status("idle", parent: message)
        }
    }

    /// Requests on the control socket (served while a cell runs on the shell socket).
    private func handleControl(_ message: KernelMessage) {
        switch message.type {
        case "interrupt_request":
            evaluator.cancellation.set()
            control.reply(to: message, ["status": "ok"])
        case "shutdown_request":
            let restart = message.content["restart"]?.boolValue ?? false
            control.reply(to: message, ["status": "ok", "restart": .bool(restart)])
            stop(restart: restart)
        case "kernel_info_request":
            control.reply(to: message, kernelInfo)
        default:
            handleUnknown(message, on: control)
        }
    }

    /// Requests on the shell socket, one at a time.
    private func handleShell(_ message: KernelMessage) {
        switch message.type {
        case "kernel_info_request": shell.reply(to: message, kernelInfo)
        case "execute_request": execute(message)
        case "complete_request": shell.reply(to: message, complete(message.content))
        case "inspect_request": shell.reply(to: message, inspect(message.content))
        case "is_complete_request": shell.reply(to: message, isComplete(message.content))
        case "history_request": shell.reply(to: message, history(message.content))
        case "comm_info_request": shell.reply(to: message, ["status": "ok", "comms": [:]])
        case "shutdown_request":
            let restart = message.content["restart"]?.boolValue ?? false
            shell.reply(to: message, ["status": "ok", "restart": .bool(restart)])
            stop(restart: restart)
        default:
            handleUnknown(message, on: shell)
        }
    }

    /// Comm messages have no target here; other unknown requests are logged and answered
    /// with an error status so a front end does not wait.
    private func handleUnknown(_ message: KernelMessage, on channel: ReplyChannel) {
        if message.type.hasPrefix("comm_") { return }
        log("no handler for \(message.type)")
        if message.type.hasSuffix("_request") {
            channel.reply(to: message, ["status": "error", "ename": "UnknownRequest",
                                        "evalue": .string("synth does not answer \(message.type)"), "traceback": []])
        }
    }

    /// `kernel_info_reply`.
    var kernelInfo: JSONValue {
        [
            "status": "ok",
            "protocol_version": .string(KernelMessage.protocolVersion),
            "implementation": "synth",
            "implementation_version": .string(SynthVersion.current),
            "language_info": [
                "name": "synth",
                "version": .string(SynthVersion.current),
                "mimetype": "text/x-synth",
                "file_extension": ".synth",
                "pygments_lexer": "text",
                "codemirror_mode": "text/plain",
            ],
            "banner": .string("synth \(SynthVersion.current): type `help` for commands"),
            "help_links": [],
            "debugger": false,
        ]
    }
}
