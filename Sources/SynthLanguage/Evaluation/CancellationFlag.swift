#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A flag a signal handler may set (it is a plain `sig_atomic_t` in memory that never moves)
/// and long commands poll between chunks of work.
public final class CancellationFlag: @unchecked Sendable {
    /// The flag's storage, for a signal handler to write 1 into.
    public let storage: UnsafeMutablePointer<sig_atomic_t>

    public init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: 0)
    }

    deinit { storage.deallocate() }

    public var isSet: Bool { storage.pointee != 0 }
    public func set() { storage.pointee = 1 }
    public func clear() { storage.pointee = 0 }
}

/// Thrown by a command that stopped because the user pressed Ctrl-C.
public struct Interrupted: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted" }
}
