import Foundation
import Testing
import SynthData
@testable import SynthEngine

/// A model file's declared dimensions are checked against the file's own size (and, through
/// `Synthesizer.load`, against its encoding) before anything is allocated for them.
@Suite struct ModelFileLimitsTests {
    /// The bytes of a model file whose header is `header` (any JSON) followed by `parameters`.
    static func file(header: [String: Any], parameters: Int) throws -> [UInt8] {
        let json = try JSONSerialization.data(withJSONObject: header)
        var out = Array("SYNTHMDL".utf8)
        func append<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        append(UInt32(1))
        append(UInt64(json.count))
        out.append(contentsOf: json)
        append(UInt64(parameters))
        for _ in 0..<parameters { append(Float(0.5).bitPattern) }
        append(FNV1a.hash(out[...]))
        return out
    }

    /// A real model's header as JSON, to alter.
    static func realHeader() throws -> [String: Any] {
        let bytes = try GenerationAndPersistenceTests.model().serialized()
        var length = 0
        for i in 0..<8 { length |= Int(bytes[12 + i]) << (8 * i) }
        return try JSONSerialization.jsonObject(with: Data(bytes[20..<(20 + length)])) as! [String: Any]
    }

    @Test func absurdDimensionsAreRejectedBeforeAllocating() throws {
        var header = try Self.realHeader()
        let n = 50_000
        header["subColumns"] = (0..<n).map { ["name": "c\($0)/cat", "cardinality": 4096, "columnIndex": $0] }
        header["architecture"] = ["cardinalities": Array(repeating: 4096, count: n), "columnOfSubColumn": Array(0..<n),
                                  "embeddingDims": Array(repeating: 4096, count: n), "hiddenDims": Array(repeating: 4096, count: n)]
        let bytes = try Self.file(header: header, parameters: 16)
        #expect(bytes.count < 4 << 20)
        do {
            _ = try GenerativeModel.deserialize(bytes)
            Issue.record("a model declaring 50,000 × 4096 sub-columns loaded")
        } catch let error as ModelError {
            #expect("\(error)".contains("more parameters than the file holds"), "\(error)")
        }
    }

    @Test func overflowingDimensionsAreRejected() throws {
        var header = try Self.realHeader()
        header["subColumns"] = [["name": "a/cat", "cardinality": 1 << 24, "columnIndex": 0]]
        header["architecture"] = ["cardinalities": [1 << 24], "columnOfSubColumn": [0], "embeddingDims": [4096], "hiddenDims": [65536]]
        #expect(throws: ModelError.self) { _ = try GenerativeModel.deserialize(try Self.file(header: header, parameters: 4)) }
        #expect(ModelArchitecture.parameterCount(cardinalities: [Int.max / 2, 3], embeddingDims: [4, 4], hiddenDims: [1, 1]) == nil)
    }

    @Test func parameterCountWithoutLayoutAgreesWithTheLayout() throws {
        let architecture = ModelArchitecture(cardinalities: [3, 70, 2], columnOfSubColumn: [0, 1, 1],
                                             embeddingDims: [3, 8, 2], hiddenDims: [16, 40, 8])
        #expect(ModelArchitecture.parameterCount(cardinalities: [3, 70, 2], embeddingDims: [3, 8, 2], hiddenDims: [16, 40, 8])
                == architecture.parameterCount)
    }

    @Test func aModelFileLargerThanItsEncodingAllowsIsNotRead() throws {
        let path = GenerationAndPersistenceTests.tempPath("big.bin")
        try Data(count: 4096).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try GenerativeModel.load(from: path, maximumBytes: 1000)
            Issue.record("loaded a file over its limit")
        } catch let error as ModelError {
            #expect("\(error)".contains("more than the 1000"), "\(error)")
        }
        let real = try GenerationAndPersistenceTests.model()
        let limit = try #require(GenerativeModel.maximumFileBytes(subColumns: real.subColumns))
        #expect(try real.serialized().count <= limit)
        #expect(GenerativeModel.maximumFileBytes(subColumns: [SubColumnInfo(name: "x", cardinality: Int.max / 4, columnIndex: 0)]) == nil)
    }
}
