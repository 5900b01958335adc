import Foundation

/// Reads a model file (`model.bin`, `text.bin`) whole, refusing one larger than the size its
/// encoding allows before reading it, so a crafted file cannot make synth allocate without bound.
enum ModelFileReader {
    /// The bytes of the file at `path`; `ModelError.badModelFile` when it is larger than
    /// `maximumBytes`, `ModelError.fileIO` when it cannot be read.
    static func bytes(at path: String, maximumBytes: Int) throws -> [UInt8] {
        let size: Int
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw ModelError.fileIO(path: path, reason: error.localizedDescription)
        }
        guard size <= maximumBytes else {
            throw ModelError.badModelFile(path: path, reason: "\(size) bytes, more than the \(maximumBytes) its encoding allows")
        }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ModelError.fileIO(path: path, reason: error.localizedDescription)
        }
    }
}
