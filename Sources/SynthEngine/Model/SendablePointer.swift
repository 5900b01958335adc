/// A raw pointer handed to worker threads that each touch a disjoint part of its memory (or
/// only read it). The model's parallel loops partition work by index, so there are no races.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
