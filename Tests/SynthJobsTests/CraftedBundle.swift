import Foundation
import SynthEngine
import SynthTestSupport
import ZIPFoundation
@testable import SynthJobs

/// Builds `.synthjob` files entry by entry, honest or hostile, for the import tests.
enum CraftedBundle {
    enum Entry {
        case file(String, Data, permissions: UInt16 = 0o644, compressed: Bool = false)
        case symlink(String, target: String)
        case directory(String)
        /// A file of `size` zero bytes, deflated (a bomb when `size` is large).
        case zeros(String, size: Int)
    }

    /// A small trained model of `examples/data/penguins.csv` (trained once per test run).
    static let model: (encoding: Data, model: Data) = {
        do {
            let organized = try DataOrganizer.organize(csvPath: Fixtures.packageRoot.appendingPathComponent("examples/data/penguins.csv").path)
            var settings = ModelSettings(seed: 3)
            settings.size = .small
            settings.maxEpochs = 1
            let synthesizer = try Synthesizer.train(organized, settings: settings)
            let folder = try Fixtures.temporaryDirectory()
            try synthesizer.save(to: folder)
            return (try Data(contentsOf: folder.appendingPathComponent("encoding.json")),
                    try Data(contentsOf: folder.appendingPathComponent("model.bin")))
        } catch {
            fatalError("cannot train the test model: \(error)")
        }
    }()

    /// The manifest of a bundle with `tables`.
    static func manifest(tables: [String], name: String = "crafted") -> Data {
        let manifest = ShareBundle.Manifest(format: 1, name: name, tables: tables, settings: JobSettings(seed: 1))
        return try! JSONEncoder().encode(manifest)
    }

    /// The entries of an honest bundle of one table `p`.
    static func honestEntries(table: String = "p", permissions: UInt16 = 0o644) -> [Entry] {
        [.file("synthjob.json", manifest(tables: [table]), permissions: permissions),
         .file("\(table)/model/encoding.json", model.encoding, permissions: permissions),
         .file("\(table)/model/model.bin", model.model, permissions: permissions)]
    }

    /// Writes a ZIP of `entries` to a new file and returns its URL.
    static func write(_ entries: [Entry], name: String = "crafted.synthjob") throws -> URL {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        for entry in entries {
            switch entry {
            case let .file(path, data, permissions, compressed):
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), permissions: permissions,
                                     compressionMethod: compressed ? .deflate : .none) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            case let .symlink(path, target):
                let data = Data(target.utf8)
                try archive.addEntry(with: path, type: .symlink, uncompressedSize: Int64(data.count)) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            case let .directory(path):
                try archive.addEntry(with: path, type: .directory, uncompressedSize: Int64(0)) { (_: Int64, _: Int) in Data() }
            case let .zeros(path, size):
                let chunk = Data(count: 1 << 20)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate,
                                     bufferSize: 1 << 20) { (_: Int64, count: Int) in chunk.prefix(count) }
            }
        }
        return url
    }

    /// Rewrites the uncompressed size recorded for `path` (in its local header and the central
    /// directory) to `size`: a ZIP that lies about how large an entry is.
    static func declare(size: UInt32, for path: String, in url: URL) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        let name = Array(path.utf8)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func put(_ value: UInt32, at: Int) { for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) } }
        var i = 0
        while i + 46 < bytes.count {
            if bytes[i..<i + 4] == [0x50, 0x4B, 0x03, 0x04][...], i + 30 + u16(i + 26) <= bytes.count, Array(bytes[(i + 30)..<(i + 30 + u16(i + 26))]) == name {
                put(size, at: i + 22)
            }
            if bytes[i..<i + 4] == [0x50, 0x4B, 0x01, 0x02][...], i + 46 + u16(i + 28) <= bytes.count, Array(bytes[(i + 46)..<(i + 46 + u16(i + 28))]) == name {
                put(size, at: i + 24)
            }
            i += 1
        }
        try Data(bytes).write(to: url)
    }
}
