/// Open-addressing hash tables that assign dictionary indices to values in order of first
/// appearance, without boxing: 64-bit keys, or byte strings compared in place.
struct ValueInterner {
    private var slots: [Int32]
    private var mask: Int
    /// Distinct 64-bit keys in index order (fixed-width mode).
    private(set) var keys: [UInt64] = []
    /// Distinct byte strings in index order (byte mode): their ranges in `byteStore`.
    private(set) var byteStore: [UInt8] = []
    private(set) var byteOffsets: [Int] = [0]

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { max(keys.count, byteOffsets.count - 1) }

    @inline(__always)
    private static func mix(_ x: UInt64) -> Int {
        var h = x &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }

    /// The index of `key`, adding it when new.
    @inline(__always)
    mutating func index(of key: UInt64) -> UInt32 {
        var slot = Self.mix(key) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 {
                let index = Int32(keys.count)
                keys.append(key)
                slots[slot] = index
                if keys.count * 2 > slots.count { rehash() }
                return UInt32(index)
            }
            if keys[Int(entry)] == key { return UInt32(entry) }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private static func hashBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var i = 0
        let n = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
                h ^= h >> 32
                i += 8
            }
            while i < n {
                h = (h ^ UInt64(base[i])) &* 0x0000_0100_0000_01B3
                i += 1
            }
        }
        return h ^ UInt64(n)
    }

    /// The index of the byte string, adding it when new.
    @inline(__always)
    mutating func index(of bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var slot = Self.mix(Self.hashBytes(bytes)) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 {
                let index = Int32(byteOffsets.count - 1)
                byteStore.append(contentsOf: bytes)
                byteOffsets.append(byteStore.count)
                slots[slot] = index
                if Int(index + 1) * 2 > slots.count { rehash() }
                return UInt32(index)
            }
            let start = byteOffsets[Int(entry)], end = byteOffsets[Int(entry) + 1]
            if end - start == bytes.count, byteStore.withUnsafeBufferPointer({ store in
                guard bytes.count > 0, let stored = store.baseAddress, let probe = bytes.baseAddress else { return true }
                return memcmpEqual(stored + start, probe, bytes.count)
            }) {
                return UInt32(entry)
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for i in 0..<n where a[i] != b[i] { return false }
        return true
    }

    private mutating func rehash() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        if !keys.isEmpty {
            for (index, key) in keys.enumerated() {
                var slot = Self.mix(key) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(index)
            }
        } else {
            byteStore.withUnsafeBufferPointer { store in
                for index in 0..<(byteOffsets.count - 1) {
                    let slice = UnsafeBufferPointer(rebasing: store[byteOffsets[index]..<byteOffsets[index + 1]])
                    var slot = Self.mix(Self.hashBytes(slice)) & mask
                    while slots[slot] >= 0 { slot = (slot + 1) & mask }
                    slots[slot] = Int32(index)
                }
            }
        }
    }
}
