import Foundation
import SynthData
import SynthJobs

/// Where a tutorial's files live: `tutorial/` in the synth home (`$SYNTH_HOME`, else
/// `~/.synth`), owner-only, with the bundled penguins CSV written there on first use. Files the
/// tutorials write (`download`, `report`) go there too, never into the working folder.
public struct TutorialFiles: Sendable {
    /// The folder.
    public let folder: String
    /// The bundled penguins CSV in it.
    public var penguinsPath: String { (folder as NSString).appendingPathComponent("penguins.csv") }

    /// Makes the folder (mode 0700) and writes the penguins CSV (mode 0600) unless it is
    /// already there with the same content.
    public static func prepare(home: URL = JobStore.defaultHome()) throws -> TutorialFiles {
        let folder = home.appendingPathComponent("tutorial").path
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } else if !isFolder.boolValue {
            throw TutorialError("'\(folder)' is not a folder; the tutorial keeps its files there")
        } else {
            // Owner-only, like the rest of the synth home, whoever made the folder.
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder)
        }
        let files = TutorialFiles(folder: folder)
        let existing = FileManager.default.contents(atPath: files.penguinsPath)
        if existing != Data(BundledData.penguinsCSV.utf8) {
            try AtomicFileWriter.write(text: BundledData.penguinsCSV, to: files.penguinsPath, replace: true)
        }
        return files
    }
}

/// A tutorial could not be set up or a step failed.
struct TutorialError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
