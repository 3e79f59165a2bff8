import Foundation
import Testing

@testable import Builder

@Suite struct DirectorySourceTests {
    static func node(_ tree: Tree, _ path: [UInt8]) throws -> (NodeID, Node) {
        let id = try #require(tree.lookup(try GuestPath(bytes: path)), "no \(Name.printable(path)) in the tree")
        return (id, tree[id])
    }

    static func node(_ tree: Tree, _ path: String) throws -> (NodeID, Node) {
        try node(tree, Array(path.utf8))
    }

    @Test("every kind of file, owner, mode and time of the fixture is read as lstat says")
    func readsFixture() throws {
        let fixture = try Fixture.make()
        defer { HostTools.cleanUp(fixture.parent) }
        let tree = try DirectorySource.read(fixture.tree)

        var count = 0
        tree.walk { _, _ in count += 1 }
        #expect(count == 5100, "entries walked (the fixture holds 5099 below the root)")
        #expect(tree.root.mtime == Timestamp(seconds: 1_500_000_000))

        let (_, big) = try Self.node(tree, "/bigdir")
        #expect(big.entries?.count == 5000)

        // Devices, split as gnu_dev_major/minor do.
        #expect(try Self.node(tree, "/dev/null").1.kind == .characterDevice(DeviceNumber(major: 1, minor: 3)))
        #expect(try Self.node(tree, "/dev/sda1").1.kind == .blockDevice(DeviceNumber(major: 8, minor: 1)))
        #expect(try Self.node(tree, "/dev/char-300-70000").1.kind == .characterDevice(DeviceNumber(major: 300, minor: 70000)))
        #expect(try Self.node(tree, "/dev/block-4095-1048575").1.kind == .blockDevice(DeviceNumber(major: 4095, minor: 1_048_575)))
        #expect(try Self.node(tree, "/dev/fifo").1.kind == .fifo)
        #expect(try Self.node(tree, "/dev/socket").1.kind == .socket)
        #expect(try Self.node(tree, "/dev/null").1.permissions == 0o666)

        // Symlinks: targets as bytes, not followed.
        #expect(try Self.node(tree, "/symlinks/dangling").1.kind == .symlink(Array("does/not/exist".utf8)))
        #expect(try Self.node(tree, "/symlinks/len-1000").1.kind == .symlink([UInt8](repeating: UInt8(ascii: "e"), count: 1000)))
        #expect(try Self.node(tree, "/symlinks/target-not-utf8").1.kind == .symlink(Array("/abs/".utf8) + [0xff, 0xfe]))

        // Owners and modes.
        let u = try Self.node(tree, "/owners/u70000-g70000").1
        #expect(u.uid == 70000 && u.gid == 70000)
        let l = try Self.node(tree, "/owners/symlink-70000").1
        #expect(l.uid == 70000 && l.gid == 70001, "lchown'd symlink keeps its own owner")
        #expect(try Self.node(tree, "/modes/file-4755").1.permissions == 0o4755)
        #expect(try Self.node(tree, "/modes/file-6711").1.permissions == 0o6711)
        #expect(try Self.node(tree, "/modes/dir-1777").1.permissions == 0o1777)
        #expect(try Self.node(tree, "/modes/file-0000").1.permissions == 0)

        // Times: negative seconds, nanoseconds kept, atime and ctime from mtime.
        let t1938 = try Self.node(tree, "/times/1938").1
        #expect(t1938.mtime == Timestamp(seconds: -1_000_000_000))
        let ordinary = try Self.node(tree, "/times/ordinary").1
        #expect(ordinary.mtime == Timestamp(seconds: 1_700_000_000, nanoseconds: 123_456_789))
        #expect(ordinary.atime == ordinary.mtime && ordinary.ctime == ordinary.mtime)
        #expect(try Self.node(tree, "/times/dir-1950").1.mtime == Timestamp(seconds: -631_152_000, nanoseconds: 5))
        #expect(try Self.node(tree, "/times/symlink-1960").1.mtime == Timestamp(seconds: -315_619_200))
    }

    @Test("hard links become one node named by every entry; directories never do")
    func hardLinks() throws {
        let fixture = try Fixture.make()
        defer { HostTools.cleanUp(fixture.parent) }
        let tree = try DirectorySource.read(fixture.tree)
        let a = try Self.node(tree, "/links/three").0
        #expect(try Self.node(tree, "/links/other/three-again").0 == a)
        #expect(try Self.node(tree, "/files/three-in-files").0 == a)
        #expect(try Self.node(tree, "/links/pair-a").0 == Self.node(tree, "/links/pair-b").0)
        #expect(try Self.node(tree, "/links/sym").0 == Self.node(tree, "/links/sym-hardlink").0)
        #expect(try Self.node(tree, "/links/pair-a").0 != a)
        #expect(tree.entryCounts()[a] == 3)
    }

    @Test("xattrs of every namespace, sorted by name, identical sets equal, ACLs as the kernel gives them")
    func xattrs() throws {
        let fixture = try Fixture.make()
        defer { HostTools.cleanUp(fixture.parent) }
        let tree = try DirectorySource.read(fixture.tree)
        let x1 = try Self.node(tree, "/xattrs/same-1").1.xattrs
        #expect(x1.map(\.name) == ["security.selinux", "trusted.overlay", "user.alpha", "user.binary"])
        #expect(x1.first { $0.name == "user.binary" }?.value == Array(0...255))
        #expect(try Self.node(tree, "/xattrs/same-2").1.xattrs == x1)
        #expect(try Self.node(tree, "/xattrs/different").1.xattrs == [
            XAttr(name: "user.alpha", value: [0x32]), XAttr(name: "user.empty", value: []),
        ])
        #expect(try Self.node(tree, "/xattrs/symlink").1.xattrs == [XAttr(name: "trusted.link", value: Array("on a symlink".utf8))])
        let acl = try Self.node(tree, "/xattrs/acl").1.xattrs
        #expect(acl.map(\.name) == ["system.posix_acl_access"])
        #expect(acl.first?.value.prefix(4) == [2, 0, 0, 0])
        #expect(try Self.node(tree, "/xattrs/acl-dir").1.xattrs.map(\.name) == ["system.posix_acl_default"])
        #expect(try Self.node(tree, "/files/text").1.xattrs == [])
    }

    @Test("regular files are host-file references; holes are found with SEEK_DATA, whole files are nil")
    func contentAndHoles() throws {
        let fixture = try Fixture.make()
        defer { HostTools.cleanUp(fixture.parent) }
        let tree = try DirectorySource.read(fixture.tree)
        func content(_ p: String) throws -> Content {
            guard case .regular(let c) = try Self.node(tree, p).1.kind else {
                Issue.record("\(p) is not a regular file")
                return Content.bytes([])
            }
            return c
        }
        let text = try content("/files/text")
        #expect(text.source == .hostFile(path: fixture.tree + "/files/text", offset: 0))
        #expect(text.size == 15 && text.dataRanges == nil)
        #expect(try content("/files/size-0").size == 0)
        #expect(try content("/files/zeros-64k").dataRanges == nil, "written zeros are data")

        let kib: UInt64 = 1024, mib = 1024 * kib, gib = 1024 * mib
        let middle = try content("/sparse/hole-middle")
        #expect(middle.size == 3 * mib + 8192)
        #expect(middle.dataRanges == [0..<8192, (3 * mib)..<(3 * mib + 8192)])
        #expect(try content("/sparse/all-hole").dataRanges == [])
        let start = try content("/sparse/hole-start")
        #expect(start.dataRanges?.first?.lowerBound == mib)
        let big = try content("/sparse/over-4g-triple")
        #expect(big.size == 5 * gib + 12345)
        let ranges = try #require(big.dataRanges)
        #expect(ranges.count == 4 && ranges.last?.upperBound == 5 * gib + 12345, "\(ranges)")
        #expect(ranges.reduce(0) { $0 + $1.count } < 64 * kib)
    }

    @Test("names are bytes: 255-byte and non-UTF-8 names, and files below them can be opened")
    func byteNames() throws {
        let fixture = try Fixture.make()
        defer { HostTools.cleanUp(fixture.parent) }
        let tree = try DirectorySource.read(fixture.tree)
        _ = try Self.node(tree, Array("/names/".utf8) + [UInt8](repeating: UInt8(ascii: "n"), count: 255))
        _ = try Self.node(tree, Array("/names/".utf8) + [0xff, 0xfe])
        _ = try Self.node(tree, Array("/names/caf".utf8) + [0xe9])
        let inner = try Self.node(tree, Array("/names/dir-".utf8) + [0x80, 0xff] + Array("/inner-".utf8) + [0xfe]).1
        guard case .regular(let c) = inner.kind, case .hostFile(let path, _) = c.source else {
            Issue.record("not a host file: \(inner.kind)")
            return
        }
        let file = try HostFile.openForReading(path)
        let bytes = try file.read(count: 10_000, at: 0)
        try file.close()
        #expect(bytes.count == 5000 && c.size == 5000)
    }

    @Test("HostPath.string turns any bytes into a String and back, exactly")
    func hostPathRoundTrip() {
        let samples: [[UInt8]] = [
            Array("/plain/ascii".utf8), Array("/caf\u{e9}/\u{1F600}".utf8), [0x2f, 0xff, 0xfe, 0x80],
            [0xc3], [0xe2, 0x82], Array("\u{F7FF}\u{F780}x".utf8), [0xef, 0x9e, 0x80, 0xc3, 0xa9],
        ]
        for s in samples {
            let p = HostPath(bytes: s)
            #expect(HostPath(p.string).bytes == s, "\(p)")
        }
        #expect(HostPath(bytes: Array("/a/b".utf8)).string == "/a/b")
    }

    @Test("owner option gives every node one owner and keeps setuid")
    func ownerOverride() throws {
        let fixture = try Fixture.make()
        defer { HostTools.cleanUp(fixture.parent) }
        let tree = try DirectorySource.read(fixture.tree, options: .init(owner: (uid: 0, gid: 0)))
        var owners = Set<[UInt32]>()
        tree.walk { _, id in owners.insert([tree[id].uid, tree[id].gid]) }
        #expect(owners == [[0, 0]])
        #expect(try Self.node(tree, "/modes/file-4755").1.permissions == 0o4755)
    }

    @Test("a root that is not a directory, or missing, is a clear error")
    func rootErrors() throws {
        let dir = try HostTools.temporaryDirectory("root")
        defer { HostTools.cleanUp(dir) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/file"))
        #expect(throws: DirectorySource.ReadError.notADirectory(dir + "/file")) {
            try DirectorySource.read(dir + "/file")
        }
        do {
            _ = try DirectorySource.read(dir + "/missing")
            Issue.record("a missing root was read")
        } catch let e as SystemError {
            #expect(e.path == dir + "/missing" && e.code == ENOENT, "\(e)")
        }
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir)
        #expect(try DirectorySource.read(dir + "/link").root.entries?.count == 2, "a symlinked root is followed")
    }
}
