import Testing
@testable import SynthData

struct FNV1aTests {
    @Test func matchesThePublishedTestVectors() {
        #expect(FNV1a.hash(ArraySlice(Array("".utf8))) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash(ArraySlice(Array("a".utf8))) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash(ArraySlice(Array("foobar".utf8))) == 0x8594_4171_f739_67e8)
    }

    @Test func hashingInPiecesEqualsHashingWhole() {
        let bytes = Array("synthetic tables keep their statistics".utf8)
        let whole = FNV1a.hash(bytes[...])
        let pieces = bytes[..<10].withUnsafeBytes { first in
            bytes[10...].withUnsafeBytes { FNV1a.hash($0, continuing: FNV1a.hash(first)) }
        }
        #expect(pieces == whole)
    }
}
