/// A guest's output folder, written as a whole or not at all: everything goes into
/// `<dir>/.<name>.partial-<pid>` beside the destination, which `commit` renames to `<dir>/<name>`
/// (replacing an older one) and `discard` removes. Nothing is written outside `<dir>`.
struct OutputFolder {
    /// The output folder that receives the guest's folder.
    let parent: String
    let name: String
    /// The work folder being filled.
    let work: String

    var destination: String { parent + "/" + name }

    /// Makes `parent` if needed, and a fresh, private work folder in it.
    static func begin(parent: String, name: String) throws -> OutputFolder {
        let pid = HostPaths.processID
        let folder = OutputFolder(parent: parent, name: name, work: "\(parent)/.\(name).partial-\(pid)")
        if let k = try HostPaths.kind(of: folder.destination, followLinks: false), k != .directory {
            throw BakeError.destinationNotFolder(folder.destination)
        }
        do {
            try HostPaths.makeDirectories(parent)
            // A leftover of this same pid (a killed earlier run) is ours to replace.
            try HostPaths.removeTree(folder.work)
            // 0700: the images hold the guest's /etc/shadow.
            WorkInProgress.begin(folder.work)
            try HostPaths.makeDirectory(folder.work, permissions: 0o700)
        } catch {
            WorkInProgress.end(folder.work)
            throw BakeError.output(folder: parent, underlying: error)
        }
        return folder
    }

    func path(_ file: String) -> String { work + "/" + file }

    /// Moves the finished work folder into place. An older folder of the same name is moved
    /// aside first and removed only once the new one is in place.
    func commit() throws {
        do {
            let old = "\(parent)/.\(name).old-\(HostPaths.processID)"
            try HostPaths.removeTree(old)
            let hadOld = try HostPaths.kind(of: destination, followLinks: false) != nil
            if hadOld { try HostPaths.rename(destination, to: old) }
            do {
                try HostPaths.rename(work, to: destination)
                WorkInProgress.end(work)
            } catch {
                // Put the older folder back; the rename's own error is the one to report.
                if hadOld { try? HostPaths.rename(old, to: destination) }
                throw error
            }
            if hadOld { try HostPaths.removeTree(old) }
        } catch {
            throw BakeError.output(folder: parent, underlying: error)
        }
    }

    /// Removes the work folder and everything in it.
    func discard() throws {
        try HostPaths.removeTree(work)
        WorkInProgress.end(work)
    }
}
