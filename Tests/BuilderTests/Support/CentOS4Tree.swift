import Foundation

@testable import Builder

/// The CentOS-4-shaped test tree (Tests/tools/make_centos4_tree.py: CentOS 4.5 with its native
/// kernel 2.6.9-55.EL and kernel-xenU 2.6.9-55.ELxenU installed but not set up), made once per
/// test process and architecture in a temporary folder that is removed when the process exits.
///
/// The folder is shared by every test: read it (DirectorySource.read) and edit the Tree, never
/// the folder.
enum CentOS4Tree {
    enum Arch: String, CaseIterable {
        case i686
        case x86_64
    }

    static let native = "2.6.9-55.EL"
    static let xenU = "2.6.9-55.ELxenU"

    /// The tree's host path for `arch`.
    static func path(_ arch: Arch = .i686) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let made = made[arch] { return made }
        if parent == nil {
            parent = try HostTools.temporaryDirectory("centos4")
            atexit { CentOS4Tree.removeAll() }
        }
        let path = (parent ?? "/tmp") + "/" + arch.rawValue
        let r = try HostTools.python("make_centos4_tree.py", ["--arch", arch.rawValue, path])
        guard r.ok else { throw Failed(output: r.output) }
        made[arch] = path
        return path
    }

    /// A Tree read from `path(arch)`.
    static func tree(_ arch: Arch = .i686) throws -> Tree {
        try DirectorySource.read(try path(arch))
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: [Arch: String] = [:]
    nonisolated(unsafe) private static var parent: String?

    private static func removeAll() {
        if let parent { HostTools.cleanUp(parent) }
    }

    struct Failed: Error, CustomStringConvertible {
        var output: String
        var description: String { "make_centos4_tree.py failed:\n\(output)" }
    }
}
