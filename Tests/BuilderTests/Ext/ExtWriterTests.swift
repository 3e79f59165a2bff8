import Foundation
import Testing
@testable import Builder

/// A tree with one of every node kind, owners above 65535, times before 1970 and hard links.
private func mixedTree() throws -> Tree {
    let t0 = ExtFixture.epoch
    var tree = ExtFixture.newTree()
    try tree.insert(ExtFixture.file("hello\n", uid: 70000, gid: 70001), at: GuestPath("/etc/hello"), parentTemplate: ExtFixture.directory())
    let old = Node(kind: .regular(.string("old\n")), permissions: 0o600, mtime: Timestamp(seconds: -86400 * 365),
                   atime: Timestamp(seconds: -1), ctime: Timestamp(seconds: -2_000_000_000))
    try tree.insert(old, at: GuestPath("/old"))
    let linked = try tree.insert(ExtFixture.file("shared\n"), at: GuestPath("/bin/a"), parentTemplate: ExtFixture.directory())
    try tree.link(Name("b"), in: tree.lookup("/bin")!, to: linked)
    try tree.link(Name("c"), in: Tree.rootID, to: linked)
    try tree.insert(Node(kind: .symlink(Array("../etc/hello".utf8)), permissions: 0o777, mtime: t0), at: GuestPath("/bin/fast"))
    let longTarget = Array(String(repeating: "x/", count: 100).utf8)
    try tree.insert(Node(kind: .symlink(longTarget), permissions: 0o777, mtime: t0), at: GuestPath("/bin/slow"))
    try tree.insert(Node(kind: .characterDevice(DeviceNumber(major: 1, minor: 3)), permissions: 0o666, mtime: t0), at: GuestPath("/dev/null"))
    try tree.insert(Node(kind: .blockDevice(DeviceNumber(major: 259, minor: 70000)), permissions: 0o660, gid: 6, mtime: t0), at: GuestPath("/dev/big"))
    try tree.insert(Node(kind: .fifo, permissions: 0o644, mtime: t0), at: GuestPath("/dev/fifo"))
    try tree.insert(Node(kind: .socket, permissions: 0o755, mtime: t0), at: GuestPath("/dev/sock"))
    try tree.insert(Node(kind: .regular(.bytes([])), permissions: 0o644, mtime: t0), at: GuestPath("/empty"))
    return tree
}

@Suite("Ext writer: format")
struct ExtWriterTests {
    @Test("ext3 and ext2 images with every node kind are clean and carry only the allowed features",
          arguments: [(Ext.Flavor.ext3, 4096), (.ext2, 4096), (.ext3, 1024), (.ext2, 1024), (.ext3, 2048)])
    func everyKind(flavor: Ext.Flavor, blockSize: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = scratch.file("fs.img")
        let tree = try mixedTree()
        let summary = try Ext.write(tree, size: 64 << 20, options: ExtFixture.options(flavor, blockSize: blockSize), to: image)
        try Tool.expectClean(image)

        let dump = try Tool.dumpe2fs(image)
        let expected = flavor == .ext3
            ? "has_journal ext_attr filetype sparse_super large_file" : "ext_attr filetype sparse_super large_file"
        #expect(Tool.field("Filesystem features", in: dump) == expected, "\(dump)")
        #expect(Tool.field("Inode size", in: dump) == "128")
        #expect(Tool.field("Block size", in: dump) == "\(blockSize)")
        #expect(Tool.field("Default mount options", in: dump) == "user_xattr acl")
        #expect(Tool.field("Filesystem flags", in: dump) == "signed_directory_hash")
        #expect(Tool.field("Filesystem UUID", in: dump) == "01020304-0506-0708-090a-0b0c0d0e0f10")
        #expect(Tool.field("Maximum mount count", in: dump) == "-1")
        #expect(Tool.field("Free blocks", in: dump) == "\(summary.blocksTotal - summary.blocksUsed)")
        if flavor == .ext3 {
            #expect(Tool.field("Journal inode", in: dump) == "8")
            #expect(Tool.field("Journal backup", in: dump) == "inode blocks")
            // 64 MiB: 16384 blocks of 4 KiB → 1024 journal blocks; 32768 or 65536 smaller blocks → 4096.
            let journal = blockSize == 4096 ? "1024" : "4096"
            #expect(Tool.field("Total journal blocks", in: dump) == journal)
        }

        let ls = try Tool.debugfs(image, "ls -l /")
        #expect(ls.contains("lost+found"))
        let lf = try Tool.debugfs(image, "stat /lost+found")
        #expect(lf.contains("Mode:  0700"), "\(lf)")
        #expect(lf.contains("Size: \(blockSize == 1024 ? 12288 : 16384)"), "\(lf)")

        let hello = try Tool.debugfs(image, "stat /etc/hello")
        #expect(hello.contains("User: 70000   Group: 70001"), "\(hello)")
        #expect(hello.contains("Size: 6"))
        #expect(try Tool.debugfs(image, "cat /etc/hello").hasSuffix("hello\n"))

        let old = try Tool.debugfs(image, "stat /old")
        #expect(old.contains("mtime: 0xfe1ecc80"), "\(old)")   // -31536000
        #expect(old.contains("ctime: 0x88ca6c00"), "\(old)")   // -2000000000

        let a = try Tool.debugfs(image, "stat /bin/a")
        #expect(a.contains("Links: 3"), "\(a)")
        let inodeOf = { (p: String) throws -> String in try Tool.debugfs(image, "stat \(p)").components(separatedBy: "Type:")[0] }
        #expect(try inodeOf("/bin/b") == inodeOf("/c"))

        let fast = try Tool.debugfs(image, "stat /bin/fast")
        #expect(fast.contains("Fast link dest: \"../etc/hello\""), "\(fast)")
        let slow = try Tool.debugfs(image, "stat /bin/slow")
        #expect(slow.contains("Size: 200") && !slow.contains("Fast link"), "\(slow)")

        #expect(try Tool.debugfs(image, "stat /dev/null").contains("Device major/minor number: 01:03"))
        let big = try Tool.debugfs(image, "stat /dev/big")
        #expect(big.contains("Device major/minor number: 259:70000"), "\(big)")
        #expect(try Tool.debugfs(image, "stat /dev/fifo").contains("Type: FIFO"))
        #expect(try Tool.debugfs(image, "stat /dev/sock").contains("Type: socket"))
    }

    @Test("Writing the same tree twice gives byte-identical images")
    func deterministic() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let tree = try mixedTree()
        _ = try Ext.write(tree, size: 32 << 20, options: ExtFixture.options(), to: scratch.file("1.img"))
        _ = try Ext.write(tree, size: 32 << 20, options: ExtFixture.options(), to: scratch.file("2.img"))
        #expect(try Tool.sha256(scratch.file("1.img")) == Tool.sha256(scratch.file("2.img")))
    }

    @Test("The image is created new (never overwriting) with mode 0600 and written sparse")
    func createsSparseFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = scratch.file("fs.img")
        _ = try Ext.write(try mixedTree(), size: 256 << 20, options: ExtFixture.options(), to: image)
        let attrs = try FileManager.default.attributesOfItem(atPath: image)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        #expect((attrs[.size] as? UInt64) == 256 << 20)
        let du = try Tool.run(["du", "-k", image]).output
        let kib = Int(du.split(separator: "\t")[0]) ?? .max
        #expect(kib < 24 * 1024, "the image uses \(kib) KiB on disk")
        #expect(throws: SystemError.self) {
            _ = try Ext.write(try mixedTree(), size: 256 << 20, options: ExtFixture.options(), to: image)
        }
    }

    @Test("A tree's own /lost+found keeps its owner and entries and is still pre-expanded")
    func ownLostAndFound() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var tree = ExtFixture.newTree()
        try tree.insert(ExtFixture.directory(0o750, uid: 5), at: GuestPath("/lost+found"))
        try tree.insert(ExtFixture.file("x"), at: GuestPath("/lost+found/x"))
        let image = scratch.file("fs.img")
        _ = try Ext.write(tree, size: 16 << 20, options: ExtFixture.options(.ext2), to: image)
        try Tool.expectClean(image)
        let lf = try Tool.debugfs(image, "stat /lost+found")
        #expect(lf.contains("Inode: 11") && lf.contains("Mode:  0750") && lf.contains("User:     5"), "\(lf)")
        #expect(lf.contains("Size: 16384"))
        #expect(try Tool.debugfs(image, "cat /lost+found/x").hasSuffix("x"))
    }
}
