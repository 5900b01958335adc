/// Fast non-cryptographic 64-bit hashing for analysis and encoding hot loops.
///
/// Stable across runs and platforms (unlike `Hasher`), so sketches built from the same data
/// always agree.
enum FastHash {
    /// The 64-bit finalizer of MurmurHash3: a good avalanche for integer keys.
    @inline(__always)
    static func mix(_ key: UInt64) -> UInt64 {
        var h = key
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// A hash of a byte string, eight bytes at a time, finished with `mix`.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        let count = bytes.count
        guard let base = bytes.baseAddress else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ mix(word)) &* 0x100_0000_01B3
            h = (h << 31) | (h >> 33)
            i += 8
        }
        if i < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                tail |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ mix(tail ^ 0xA5A5)) &* 0x100_0000_01B3
        }
        return mix(h)
    }
}
