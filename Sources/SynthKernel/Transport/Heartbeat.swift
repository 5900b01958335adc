import Foundation

/// The heartbeat: echoes every ping on its own thread, so the front end sees the kernel
/// alive while a cell runs.
final class Heartbeat: @unchecked Sendable {
    private let socket: ZMQSocket
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?

    init(socket: ZMQSocket) { self.socket = socket }

    func start() {
        let thread = Thread { [self] in
            while !lock.withLock({ stopped }) {
                guard let frames = try? socket.receive(timeout: 100) else { continue }
                try? socket.send(frames)
            }
            socket.close()
        }
        thread.name = "synth kernel heartbeat"
        thread.start()
        self.thread = thread
    }

    func stop() { lock.withLock { stopped = true } }
}
