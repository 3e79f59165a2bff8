import Testing

@testable import Builder

/// Detection reads the tree, never the host.
@Suite struct GuestFactsTests {
    static let t = Timestamp(seconds: 1_178_000_000)

    static func tree(_ files: [String: [UInt8]], links: [String: String] = [:], dirs: [String] = []) throws -> Tree {
        var tree = Tree(root: Node(kind: .directory([:]), permissions: 0o755, mtime: t))
        for (path, bytes) in files {
            try tree.insert(Node(kind: .regular(.bytes(bytes)), permissions: 0o644, mtime: t), at: GuestPath(path))
        }
        for (path, target) in links {
            try tree.insert(Node(kind: .symlink(Array(target.utf8)), permissions: 0o777, mtime: t), at: GuestPath(path))
        }
        for d in dirs { try tree.makeDirectories(GuestPath(d)) }
        return tree
    }

    /// The first 20 bytes of an ELF header: class, data, version, then e_type and e_machine.
    static func elf(class c: UInt8, machine: UInt16) -> [UInt8] {
        [0x7f, 0x45, 0x4c, 0x46, c, 1, 1, 0] + [UInt8](repeating: 0, count: 8) + [2, 0, UInt8(machine & 0xff), UInt8(machine >> 8)]
    }

    @Test func aCentOS4TreeIsRecognised() throws {
        let tree = try Self.tree(
            [
                "/etc/redhat-release": Array("CentOS release 4.5 (Final)\n".utf8),
                "/bin/bash": Self.elf(class: 1, machine: 3),
                "/etc/selinux/config": Array("# comment\nSELINUX=enforcing\nSELINUXTYPE=targeted\n".utf8),
                "/etc/fstab": Array("LABEL=/ / ext3 defaults 1 1\nLABEL=/boot /boot ext3 defaults 1 2\n".utf8),
                "/boot/vmlinuz-2.6.9-55.EL": [1], "/boot/vmlinuz-2.6.9-55.ELxenU": [1],
            ], links: ["/bin/sh": "bash"], dirs: ["/lib/modules/2.6.9-55.ELxenU", "/lib/modules/2.6.9-42.EL"])
        let f = GuestFacts.detect(tree)
        #expect(f.release == "CentOS release 4.5 (Final)")
        #expect(f.majorVersion == 4 && f.updateLevel == 5)
        #expect(f.isCentOS4)
        #expect(f.architecture == .x86_32)
        #expect(f.selinux == .enforcing)
        #expect(f.separateBoot)
        #expect(f.kernels == ["2.6.9-42.EL", "2.6.9-55.EL", "2.6.9-55.ELxenU"])
    }

    @Test func rhel4UpdateLevelAndX86_64() throws {
        let tree = try Self.tree(
            [
                "/etc/redhat-release": Array("Red Hat Enterprise Linux AS release 4 (Nahant Update 5)\n".utf8),
                "/bin/sh": Self.elf(class: 2, machine: 62),
            ])
        let f = GuestFacts.detect(tree)
        #expect(f.majorVersion == 4 && f.updateLevel == 5 && f.isCentOS4)
        #expect(f.architecture == .x86_64)
        #expect(f.selinux == nil && !f.separateBoot && f.kernels.isEmpty)
    }

    @Test func otherTreesAreNotCentOS4() throws {
        #expect(!GuestFacts.detect(try Self.tree(["/etc/redhat-release": Array("CentOS release 5.2 (Final)".utf8)])).isCentOS4)
        #expect(!GuestFacts.detect(try Self.tree(["/etc/debian_version": Array("12.5".utf8)])).isCentOS4)
    }

    @Test func symlinksResolveInsideTheTree() throws {
        let tree = try Self.tree(["/usr/bin/bash": Self.elf(class: 2, machine: 62)], links: ["/bin": "usr/bin", "/usr/bin/sh": "/usr/bin/../bin/bash"])
        #expect(GuestFacts.detect(tree).architecture == .x86_64)
        #expect(tree.resolve("/bin/sh") == tree.lookup("/usr/bin/bash"))
        #expect(tree.resolve("/bin/sh", followLast: false) == tree.lookup("/usr/bin/sh"))
        let loop = try Self.tree([:], links: ["/a": "b", "/b": "a"])
        #expect(loop.resolve("/a") == nil)
        let climb = try Self.tree(["/etc/passwd": [1]], links: ["/x": "../../../etc/passwd"])
        #expect(climb.resolve("/x") == climb.lookup("/etc/passwd"), "'..' never climbs above the guest's root")
    }
}
