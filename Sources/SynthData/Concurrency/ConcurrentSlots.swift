/// One slot per task for results that parallel workers (`DispatchQueue.concurrentPerform`)
/// write, each worker writing only its own index; read once every worker has finished.
public final class ConcurrentSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    public init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    /// Stores the result of task `index`.
    public func set(_ index: Int, _ value: Value) { storage[index] = value }

    /// The slots in task order (`nil` where no worker wrote).
    public var values: [Value?] { Array(storage) }
}
