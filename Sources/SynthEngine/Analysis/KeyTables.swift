import SynthData

/// An open-addressing hash set of 64-bit keys that hands out dense ids `0, 1, 2, ...` in
/// insertion order. Used to count distinct numbers and to look up category codes.
struct IntKeyTable: Sendable {
    /// The keys, by id.
    private(set) var keys: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { keys.count }

    /// The id of `key`, inserting it when new.
    @inline(__always)
    mutating func insert(_ key: UInt64) -> (id: Int, inserted: Bool) {
        if (keys.count + 1) * 2 > slots.count { grow() }
        var slot = Int(truncatingIfNeeded: FastHash.mix(key)) & mask
        while true {
            let id = slots[slot]
            if id < 0 {
                slots[slot] = Int32(keys.count)
                keys.append(key)
                return (keys.count - 1, true)
            }
            if keys[Int(id)] == key { return (Int(id), false) }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`, if present.
    @inline(__always)
    func find(_ key: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: FastHash.mix(key)) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return nil }
            if keys[Int(id)] == key { return Int(id) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, key) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: FastHash.mix(key)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }
}

/// An open-addressing hash set of byte strings (UTF-8 text) with dense ids in insertion
/// order; keys live back to back in one `StringArray`, so no `String` is made per lookup.
struct ByteKeyTable: Sendable {
    /// The keys, by id.
    private(set) var keys = StringArray()
    private var hashes: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { hashes.count }

    /// The id of `key`, inserting it when new.
    @inline(__always)
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int, inserted: Bool) {
        if (hashes.count + 1) * 2 > slots.count { grow() }
        let hash = FastHash.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 {
                slots[slot] = Int32(hashes.count)
                hashes.append(hash)
                keys.append(bytes: key)
                return (hashes.count - 1, true)
            }
            if hashes[Int(id)] == hash, keyEquals(Int(id), key) { return (Int(id), false) }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`, if present.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = FastHash.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return nil }
            if hashes[Int(id)] == hash, keyEquals(Int(id), key) { return Int(id) }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func keyEquals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        keys.withBytes(at: id) { stored in
            guard stored.count == key.count else { return false }
            guard let a = stored.baseAddress, let b = key.baseAddress else { return true }
            return memcmp(a, b, key.count) == 0
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
