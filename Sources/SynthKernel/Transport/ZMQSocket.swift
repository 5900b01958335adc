import CZMQ
import Foundation

/// A ZeroMQ error: what failed and libzmq's reason.
public struct ZMQError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let code: Int32
    public var description: String { "\(operation): \(String(cString: zmq_strerror(code)))" }

    static func last(_ operation: String) -> ZMQError { ZMQError(operation: operation, code: zmq_errno()) }
}

/// One libzmq context for the kernel's sockets.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init() throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        self.handle = handle
    }

    deinit { zmq_ctx_term(handle) }
}

/// A ZeroMQ socket used by one thread at a time (libzmq sockets are not thread-safe; a
/// socket shared between threads is guarded by its owner's lock). Messages are multipart:
/// a list of frames.
public final class ZMQSocket: @unchecked Sendable {
    /// The socket types the kernel uses.
    public enum Kind {
        case router, publisher, reply, dealer, request, subscriber

        var rawValue: Int32 {
            switch self {
            case .router: ZMQ_ROUTER
            case .publisher: ZMQ_PUB
            case .reply: ZMQ_REP
            case .dealer: ZMQ_DEALER
            case .request: ZMQ_REQ
            case .subscriber: ZMQ_SUB
            }
        }
    }

    let handle: UnsafeMutableRawPointer
    private let context: ZMQContext
    private var closed = false

    public init(_ context: ZMQContext, _ kind: Kind) throws {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else { throw ZMQError.last("zmq_socket") }
        self.handle = handle
        self.context = context
        var linger: Int32 = 0
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    deinit { close() }

    /// Closes the socket (unsent messages are dropped).
    public func close() {
        guard !closed else { return }
        closed = true
        zmq_close(handle)
    }

    /// Binds to `endpoint` (`tcp://127.0.0.1:5555`).
    public func bind(_ endpoint: String) throws {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError.last("bind \(endpoint)") }
    }

    /// Connects to `endpoint`.
    public func connect(_ endpoint: String) throws {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError.last("connect \(endpoint)") }
    }

    /// Disconnects a peer that sends a message larger than `bytes` (ZMQ_MAXMSGSIZE).
    public func limitMessageSize(_ bytes: Int) {
        var limit = Int64(bytes)
        zmq_setsockopt(handle, ZMQ_MAXMSGSIZE, &limit, MemoryLayout<Int64>.size)
    }

    /// Subscribes a SUB socket to every message.
    public func subscribeAll() {
        zmq_setsockopt(handle, ZMQ_SUBSCRIBE, "", 0)
    }

    /// Sends the frames as one multipart message.
    public func send(_ frames: [[UInt8]]) throws {
        for (index, frame) in frames.enumerated() {
            let flags = index + 1 < frames.count ? ZMQ_SNDMORE : 0
            let sent = frame.withUnsafeBytes { bytes in
                zmq_send(handle, bytes.baseAddress, bytes.count, flags)
            }
            if sent < 0 { throw ZMQError.last("send") }
        }
    }

    /// Receives one multipart message, waiting at most `timeout` milliseconds (-1: forever).
    /// Returns nil when none came in time or the wait was interrupted by a signal.
    public func receive(timeout: Int) throws -> [[UInt8]]? {
        guard try waitReadable(timeout: timeout) else { return nil }
        var frames: [[UInt8]] = []
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            var received = zmq_msg_recv(&message, handle, 0)
            while received < 0 && zmq_errno() == EINTR { received = zmq_msg_recv(&message, handle, 0) }
            if received < 0 { throw ZMQError.last("receive") }
            let size = zmq_msg_size(&message)
            if size > 0, let data = zmq_msg_data(&message) {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            if zmq_msg_more(&message) == 0 { break }
        }
        return frames
    }

    /// Whether a message is waiting, after at most `timeout` milliseconds.
    public func waitReadable(timeout: Int) throws -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        let ready = zmq_poll(&item, 1, timeout)
        if ready < 0 {
            if zmq_errno() == EINTR { return false }
            throw ZMQError.last("poll")
        }
        return ready > 0 && item.revents & Int16(ZMQ_POLLIN) != 0
    }
}
