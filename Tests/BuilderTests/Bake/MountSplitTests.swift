import Testing

@testable import Builder

@Suite struct MountSplitTests {
    static let t0 = Timestamp(seconds: 1_000_000)

    static func dir(_ perm: UInt16 = 0o755, uid: UInt32 = 0) -> Node {
        Node(kind: .directory([:]), permissions: perm, uid: uid, gid: 0, mtime: t0)
    }

    static func file(_ text: String) -> Node {
        Node(kind: .regular(.string(text)), permissions: 0o644, mtime: t0)
    }

    /// / with etc/hostname, var/log/messages, var/lib/x (hard-linked as var/lib/y), var/spool,
    /// and a hard link from /etc/hard to var/lib/x (crossing the /var mount).
    static func sample() throws -> Tree {
        var t = Tree(root: dir())
        try t.insert(file("h"), at: GuestPath("/etc/hostname"), parentTemplate: dir())
        try t.makeDirectories(GuestPath("/var/log"), template: dir(0o750, uid: 4))
        try t.insert(file("m"), at: GuestPath("/var/log/messages"))
        let x = try t.insert(file("x"), at: GuestPath("/var/lib/x"), parentTemplate: dir())
        try t.link(Name("y"), in: t.lookup("/var/lib")!, to: x)
        try t.link(Name("hard"), in: t.lookup("/etc")!, to: x)
        return t
    }

    static func paths(_ t: Tree) -> [String] {
        var out: [String] = []
        t.walk { p, _ in out.append(p.description) }
        return out
    }

    @Test func aSingleRootDiskKeepsTheTree() throws {
        let t = try Self.sample()
        let parts = try t.split(at: [.root], createdAt: Self.t0)
        #expect(parts.count == 1)
        #expect(Self.paths(try #require(parts[.root])) == Self.paths(t))
    }

    @Test func nestedMountsTakeTheirSubtreesAndLeaveEmptyMountPoints() throws {
        let t = try Self.sample()
        let varPath = try GuestPath("/var")
        let logPath = try GuestPath("/var/log")
        let parts = try t.split(at: [.root, varPath, logPath], createdAt: Self.t0)
        let root = try #require(parts[.root])
        let varTree = try #require(parts[varPath])
        let logTree = try #require(parts[logPath])

        #expect(Self.paths(root) == ["/", "/etc", "/etc/hard", "/etc/hostname", "/var"])
        #expect(root[root.lookup("/var")!].entries?.isEmpty == true)
        #expect(Self.paths(varTree) == ["/", "/lib", "/lib/x", "/lib/y", "/log"])
        #expect(varTree[varTree.lookup("/log")!].entries?.isEmpty == true)
        #expect(Self.paths(logTree) == ["/", "/messages"])

        // The mount point and the mounted root keep the folder's own metadata.
        #expect(logTree.root.permissions == 0o750 && logTree.root.uid == 4)
        #expect(varTree[varTree.lookup("/log")!].permissions == 0o750)
        // Hard links inside one disk stay links; the one crossing /var became a separate file.
        #expect(varTree.lookup("/lib/x") == varTree.lookup("/lib/y"))
        #expect(root[root.lookup("/etc/hard")!].kind == .regular(.string("x")))
        // Only reachable nodes are carried over.
        #expect(logTree.nodes.count == 2)
    }

    @Test func aMissingMountPointIsMadeAsAnEmptyFolder() throws {
        let t = try Self.sample()
        let home = try GuestPath("/home/users")
        let parts = try t.split(at: [.root, home], createdAt: Self.t0)
        let root = try #require(parts[.root])
        let made = root[try #require(root.lookup("/home/users"))]
        #expect(made.entries?.isEmpty == true && made.permissions == 0o755 && made.uid == 0 && made.mtime == Self.t0)
        #expect(Self.paths(try #require(parts[home])) == ["/"])
    }

    @Test func aMountPointThatIsAFileIsAnError() throws {
        let t = try Self.sample()
        let bad = try GuestPath("/etc/hostname/sub")
        #expect(throws: MountSplitError.self) { try t.split(at: [.root, bad], createdAt: Self.t0) }
    }
}
