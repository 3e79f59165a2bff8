import Testing

@testable import Builder

/// The editor records every change with its bytes, keeps a replaced file's metadata, and stamps
/// what it writes with the build's time.
@Suite struct TreeEditorTests {
    static let old = Timestamp(seconds: 1_000)
    static let now = Timestamp(seconds: 2_000)

    static func baseTree() throws -> Tree {
        var tree = Tree(root: Node(kind: .directory([:]), permissions: 0o755, mtime: old))
        let label = XAttr(name: "security.selinux", value: Array("system_u:object_r:etc_t:s0\u{0}".utf8))
        try tree.insert(
            Node(kind: .regular(.string("a\n")), permissions: 0o600, uid: 5, gid: 6, mtime: old, xattrs: [label]),
            at: GuestPath("/etc/fstab"))
        return tree
    }

    @Test func replacingAFileKeepsItsOwnerModeAndLabel() throws {
        var e = TreeEditor(tree: try Self.baseTree(), step: "fstab", time: Self.now)
        try e.writeText("/etc/fstab", "b\n")
        let node = try #require(e.node("/etc/fstab"))
        #expect(node.permissions == 0o600 && node.uid == 5 && node.gid == 6)
        #expect(node.xattrs.first?.name == "security.selinux")
        #expect(node.mtime == Self.now && node.atime == Self.now && node.ctime == Self.now)
        #expect(try e.readText("/etc/fstab") == "b\n")
        #expect(e.changes == [TreeChange(step: "fstab", action: .changed, path: try GuestPath("/etc/fstab"), before: Array("a\n".utf8), after: Array("b\n".utf8))])
        #expect(e.changes[0].reportLine == "fstab: changed /etc/fstab")
    }

    @Test func aWriteThatChangesNothingIsNotRecorded() throws {
        var e = TreeEditor(tree: try Self.baseTree(), step: "fstab", time: Self.now)
        try e.writeText("/etc/fstab", "a\n")
        #expect(e.changes.isEmpty)
        #expect(e.node("/etc/fstab")?.mtime == Self.old)
    }

    @Test func newFilesAndParentsAreRootOwned() throws {
        var e = TreeEditor(tree: try Self.baseTree(), step: "network", time: Self.now)
        try e.writeText("/sbin/ifup-local", "#!/bin/sh\n", permissions: 0o755, detail: "tx off")
        #expect(e.node("/sbin/ifup-local")?.permissions == 0o755)
        #expect(e.node("/sbin")?.permissions == 0o755 && e.node("/sbin")?.mtime == Self.now)
        #expect(e.changes.map(\.reportLine) == ["network: added /sbin/ifup-local (tx off)"])
    }

    @Test func removeMovePlaceAndNote() throws {
        var e = TreeEditor(tree: try Self.baseTree(), step: "tls", time: Self.now)
        try e.makeDirectory("/lib/tls")
        try e.move("/lib/tls", to: "/lib/tls.disabled")
        try e.place(.characterDevice(DeviceNumber(major: 5, minor: 1)), at: "/dev/console", permissions: 0o600)
        try e.remove("/etc/fstab")
        try e.remove("/no/such/file")
        e.note("nothing else to do")
        #expect(e.exists("/lib/tls.disabled") && !e.exists("/lib/tls") && !e.exists("/etc/fstab"))
        #expect(e.changes.map(\.reportLine) == [
            "tls: added /lib/tls (directory)", "tls: moved /lib/tls (to /lib/tls.disabled)",
            "tls: added /dev/console", "tls: removed /etc/fstab", "tls: note nothing else to do",
        ])
        #expect(e.changes[3].before == Array("a\n".utf8))
    }
}
