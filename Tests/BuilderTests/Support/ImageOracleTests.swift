import Foundation
import Testing

@testable import Builder

/// The oracles judged on images made by the real mke2fs: they pass on a faithful image and fail,
/// naming the damage, on one broken on purpose. (A comparison that cannot fail proves nothing.)
@Suite(.serialized)
struct ImageOracleTests {
    /// mke2fs -d's image of the mke2fs-compatible fixture, with the root's mtime set as the source's
    /// (mke2fs gives the root the clock's time).
    static func mke2fsImage(_ tree: String, in dir: String, blockSize: Int = 4096, features: String = "^resize_inode") throws -> String {
        let image = dir + "/mke2fs.img"
        let mk = try HostTools.run([
            "mke2fs", "-q", "-F", "-t", "ext3", "-I", "128", "-b", "\(blockSize)", "-O", features,
            "-d", tree, image, "96M",
        ])
        try #require(mk.ok, "mke2fs failed: \(mk.output)")
        let seconds = try HostFileSystem.status(HostPath(tree)).mtime.seconds
        try debugfsWrite(image, "sif <2> mtime @\(seconds)")
        return image
    }

    static func debugfsWrite(_ image: String, _ command: String) throws {
        let r = try HostTools.run(["debugfs", "-w", "-R", command, image])
        try #require(r.ok && !r.output.contains("Usage") && !r.output.contains("not found"), "debugfs -w \(command): \(r.output)")
    }

    @Test("mke2fs's image of the fixture passes e2fsck, dumpe2fs, the mount and the debugfs comparison")
    func faithfulImagePasses() throws {
        let fixture = try Fixture.make(mke2fsCompatible: true)
        defer { HostTools.cleanUp(fixture.parent) }
        for blockSize in [1024, 4096] {
            let image = try Self.mke2fsImage(fixture.tree, in: fixture.parent, blockSize: blockSize)
            #expect(try ImageOracle.fsck(image) == [])
            #expect(try ImageOracle.features(image, flavor: .ext3) == [])
            let mounted = try ImageOracle.compare(image, with: fixture.tree, flavor: .ext3)
            #expect(mounted == [], "\(mounted.joined(separator: "\n"))")
            let debugfs = try ImageOracle.compareThroughDebugfs(image, with: fixture.tree)
            #expect(debugfs == [], "\(debugfs.joined(separator: "\n"))")
            HostTools.cleanUp(image)
        }
    }

    @Test("the comparisons catch a changed owner, mode, mtime, xattr, content, link and device")
    func brokenImageFails() throws {
        let fixture = try Fixture.make(mke2fsCompatible: true)
        defer { HostTools.cleanUp(fixture.parent) }
        let image = try Self.mke2fsImage(fixture.tree, in: fixture.parent)
        try Self.debugfsWrite(image, "sif /owners/u70000-g70000 uid 70001")
        try Self.debugfsWrite(image, "sif /modes/file-4755 mode 0100755")
        try Self.debugfsWrite(image, "sif /times/1938 mtime @-999999999")
        try Self.debugfsWrite(image, "ea_set /xattrs/same-2 user.alpha 9")
        try Self.debugfsWrite(image, "unlink /links/pair-b")
        try Self.debugfsWrite(image, "sif /dev/sda1 block[0] 0x802")
        // One byte of a file's data, changed on the image behind the filesystem's back.
        let bmap = try HostTools.run(["debugfs", "-R", "bmap /files/size-4096 0", image])
        let block = try #require(UInt64(bmap.output.split(separator: "\n").last.map(String.init) ?? ""), "bmap: \(bmap.output)")
        let handle = try #require(FileHandle(forUpdatingAtPath: image))
        try handle.seek(toOffset: block * 4096 + 17)
        try handle.write(contentsOf: Data("BROKEN".utf8))
        try handle.close()

        for problems in [try ImageOracle.compare(image, with: fixture.tree, flavor: .ext3),
                         try ImageOracle.compareThroughDebugfs(image, with: fixture.tree)] {
            let text = problems.joined(separator: "\n")
            for expected in ["/owners/u70000-g70000: uid differs", "/modes/file-4755: mode differs",
                             "/times/1938: mtime differs", "/xattrs/same-2: xattrs differs",
                             "/links/pair-b: in the source, missing", "/links/pair-a: links differs",
                             "/dev/sda1: rdev differs", "/files/size-4096: content differs"] {
                #expect(text.contains(expected), "the comparison missed '\(expected)':\n\(text)")
            }
        }
        #expect(try ImageOracle.fsck(image) != [], "e2fsck should see pair-a's link count off by one")
    }

    @Test("dumpe2fs check refuses resize_inode, extents and 256-byte inodes; accepts ext2 without a journal")
    func featureCheckFails() throws {
        let dir = try HostTools.temporaryDirectory("features")
        defer { HostTools.cleanUp(dir) }
        let image = dir + "/f.img"
        for (args, flavor, bad) in [
            (["-t", "ext3", "-I", "128"], ImageOracle.Flavor.ext3, true),  // resize_inode by default
            (["-t", "ext4", "-I", "128", "-O", "^resize_inode"], .ext3, true),
            (["-t", "ext3", "-I", "256", "-O", "^resize_inode"], .ext3, true),
            (["-t", "ext2", "-I", "128", "-O", "^resize_inode"], .ext3, true),  // no journal
            (["-t", "ext2", "-I", "128", "-O", "^resize_inode"], .ext2, false),
        ] {
            HostTools.cleanUp(image)
            let mk = try HostTools.run(["mke2fs", "-q", "-F"] + args + [image, "16M"])
            try #require(mk.ok, "\(mk.output)")
            let problems = try ImageOracle.features(image, flavor: flavor)
            #expect(problems.isEmpty != bad, "mke2fs \(args) judged \(flavor): \(problems)")
        }
    }

    @Test("sha256 tells equal files from different ones")
    func sha256Differs() throws {
        let dir = try HostTools.temporaryDirectory("sha")
        defer { HostTools.cleanUp(dir) }
        try Data("a".utf8).write(to: URL(fileURLWithPath: dir + "/a"))
        try Data("a".utf8).write(to: URL(fileURLWithPath: dir + "/a2"))
        try Data("b".utf8).write(to: URL(fileURLWithPath: dir + "/b"))
        #expect(try ImageOracle.sha256(dir + "/a") == ImageOracle.sha256(dir + "/a2"))
        #expect(try ImageOracle.sha256(dir + "/a") != ImageOracle.sha256(dir + "/b"))
        #expect(try ImageOracle.sha256(dir + "/a") == "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb")
    }
}
