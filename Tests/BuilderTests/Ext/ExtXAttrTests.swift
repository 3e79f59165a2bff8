import Foundation
import Testing
@testable import Builder

/// A POSIX ACL in the Linux VFS xattr form (version 2): user::rw-, user:1000:r--, group::r--,
/// mask::r--, other::---. Short entries carry ACL_UNDEFINED_ID, as the kernel reports them.
private func vfsACL() -> [UInt8] {
    var b: [UInt8] = [2, 0, 0, 0]
    for (tag, perm, id) in [(UInt16(1), UInt16(6), UInt32.max), (2, 4, 1000), (4, 4, .max), (0x10, 4, .max), (0x20, 0, .max)] {
        b += [UInt8(tag & 0xff), UInt8(tag >> 8), UInt8(perm), 0]
        b += [UInt8(id & 0xff), UInt8((id >> 8) & 0xff), UInt8((id >> 16) & 0xff), UInt8(id >> 24)]
    }
    return b
}

private func hex(_ b: [UInt8]) -> String { "0x" + b.map { String(format: "%02x", $0) }.joined() }

@Suite("Ext writer: extended attributes")
struct ExtXAttrTests {
    let shared = [
        XAttr(name: "user.comment", value: Array("hello".utf8)),
        XAttr(name: "security.selinux", value: Array("system_u:object_r:etc_t:s0\u{0}".utf8)),
        XAttr(name: "trusted.t", value: [1, 2, 3]),
        XAttr(name: "user.empty", value: []),
        XAttr(name: "user.café", value: Array("non-ASCII name: its hash takes signed chars".utf8)),
    ]

    private func tree() throws -> Tree {
        var tree = ExtFixture.newTree()
        try tree.insert(ExtFixture.file("1", xattrs: shared), at: GuestPath("/one"))
        try tree.insert(ExtFixture.file("2", xattrs: shared.reversed()), at: GuestPath("/two"))
        try tree.insert(ExtFixture.file("3", xattrs: [XAttr(name: "user.other", value: [9])]), at: GuestPath("/three"))
        var dir = ExtFixture.directory()
        dir.xattrs = [XAttr(name: "system.posix_acl_access", value: vfsACL()),
                      XAttr(name: "system.posix_acl_default", value: vfsACL())]
        try tree.insert(dir, at: GuestPath("/acl"))
        try tree.insert(Node(kind: .symlink(Array("one".utf8)), permissions: 0o777, mtime: ExtFixture.epoch,
                             xattrs: [XAttr(name: "security.selinux", value: Array("l\u{0}".utf8))]), at: GuestPath("/link"))
        return tree
    }

    private func fileACL(_ image: String, _ path: String) throws -> UInt64? {
        let stat = try Tool.debugfs(image, "stat \(path)")
        guard let r = stat.range(of: "File ACL: ") else { return nil }
        return UInt64(stat[r.upperBound...].prefix { $0.isNumber })
    }

    @Test("Every namespace is stored; identical sets share one block with its reference count", arguments: [4096, 1024])
    func namespacesAndSharing(blockSize: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = scratch.file("fs.img")
        _ = try Ext.write(try tree(), size: 16 << 20, options: ExtFixture.options(.ext3, blockSize: blockSize), to: image)
        try Tool.expectClean(image)

        let one = try #require(try fileACL(image, "/one"))
        #expect(one != 0)
        #expect(try fileACL(image, "/two") == one)
        #expect(try fileACL(image, "/three") != one)
        let f = try HostFile.openForReading(image)
        let header = try f.read(count: 16, at: one * UInt64(blockSize))
        #expect(header.readLE32(at: 0) == 0xEA02_0000)
        #expect(header.readLE32(at: 4) == 2, "h_refcount")
        #expect(header.readLE32(at: 8) == 1, "h_blocks")

        let list = try Tool.debugfs(image, "ea_list /one")
        // debugfs prints a non-ASCII name as hex bytes.
        for name in ["user.comment", "security.selinux", "trusted.t", "user.empty", "75 73 65 72 2e 63 61 66 c3 a9"] {
            #expect(list.contains(name), "\(list)")
        }
        let link = try Tool.debugfs(image, "stat /link")
        #expect(link.contains("Fast link dest: \"one\""), "\(link)")
    }

    @Test("The kernel reads the attributes and ACLs back as written (read-only loop mount)")
    func kernelReadsThem() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = scratch.file("fs.img")
        _ = try Ext.write(try tree(), size: 16 << 20, options: ExtFixture.options(), to: image)
        let mnt = scratch.file("mnt")
        try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: false)
        let mounted = try Tool.run(["mount", "-o", "ro,loop", image, mnt])
        try #require(mounted.status == 0, "mount failed, so the kernel check cannot run: \(mounted.output)")
        defer { _ = try? Tool.run(["umount", mnt]) }
        for (path, attrs) in [("/one", shared), ("/two", shared)] {
            for x in attrs {
                let r = try Tool.run(["getfattr", "--absolute-names", "-h", "--only-values", "-e", "hex", "-n", x.name, mnt + path])
                #expect(r.status == 0, "\(path) \(x.name): \(r.output)")
                let got = try Tool.run(["sh", "-c", "getfattr --absolute-names -h --only-values -n \(x.name) \(mnt + path) | od -An -tx1 | tr -d ' \\n'"]).output
                #expect(got == x.value.map { String(format: "%02x", $0) }.joined(), "\(path) \(x.name)")
            }
        }
        // A fast symlink with an xattr block (i_blocks counts that block) still reads as fast.
        #expect(try Tool.run(["readlink", mnt + "/link"]).output == "one\n")
        for name in ["system.posix_acl_access", "system.posix_acl_default"] {
            let got = try Tool.run(["sh", "-c", "getfattr --absolute-names --only-values -n \(name) \(mnt)/acl | od -An -tx1 | tr -d ' \\n'"]).output
            #expect("0x" + got == hex(vfsACL()), "\(name)")
        }
    }

    @Test("An unknown namespace, an oversized set and a bad ACL are errors naming the file")
    func errors() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var t1 = ExtFixture.newTree()
        try t1.insert(ExtFixture.file("x", xattrs: [XAttr(name: "system.foo", value: [1])]), at: GuestPath("/f"))
        #expect(throws: Ext.WriteError.unsupportedXAttr(path: "/f", name: "system.foo")) {
            _ = try Ext.write(t1, size: 8 << 20, options: ExtFixture.options(.ext2), to: scratch.file("a.img"))
        }
        var t2 = ExtFixture.newTree()
        try t2.insert(ExtFixture.file("x", xattrs: [XAttr(name: "user.big", value: [UInt8](repeating: 1, count: 5000))]), at: GuestPath("/g"))
        #expect(throws: Ext.WriteError.xattrsTooBig(path: "/g", bytes: 32 + 20 + 5000 + 4, blockSize: 4096)) {
            _ = try Ext.write(t2, size: 8 << 20, options: ExtFixture.options(.ext2), to: scratch.file("b.img"))
        }
        var t3 = ExtFixture.newTree()
        try t3.insert(ExtFixture.file("x", xattrs: [XAttr(name: "system.posix_acl_access", value: [1, 0, 0, 0])]), at: GuestPath("/h"))
        #expect(throws: Ext.WriteError.self) {
            _ = try Ext.write(t3, size: 8 << 20, options: ExtFixture.options(.ext2), to: scratch.file("c.img"))
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("a.img")))
    }

    @Test("Entry and block hashes match e2fsprogs' algorithm on a known value")
    func hashes() {
        // name "a" (0x61) → 0x61; value "abcd" as one LE word 0x64636261: (0x61 << 16) ^ 0 ^ word.
        let e = Ext.XAttrBlock.Entry(index: 1, name: [0x61], value: Array("abcd".utf8))
        #expect(Ext.XAttrBlock.entryHash(e) == (0x61 << 16) ^ 0x6463_6261)
    }
}
