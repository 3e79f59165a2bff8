import Foundation
import Testing

@testable import Builder

/// Values kept or refused, never changed (issue 11, point 9): owners and device numbers an ext2/3
/// filesystem cannot keep exactly are errors naming the archive and the member, never truncated
/// (a gid of 2^40 is not root). The archives are written by Python's tarfile, pax headers and all.
@Suite(.serialized) struct StorableValueTests {
    /// A pax tar holding one member described by `member` (Python keyword arguments for TarInfo's
    /// fields, plus `pax` for extra pax header records).
    static func paxArchive(_ path: String, member: String) throws {
        let script = """
            import io, sys, tarfile
            spec = \(member)
            pax = spec.pop("pax", {})
            info = tarfile.TarInfo(spec.pop("name"))
            for k, v in spec.items():
                setattr(info, k, v)
            info.pax_headers = pax
            with tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT) as t:
                t.addfile(info, io.BytesIO(b"x" * info.size) if info.isreg() else None)
            """
        let r = try CLIHarness.run("python3", ["-c", script, path])
        try #require(r.status == 0, "\(r.stderr)")
    }

    static func read(_ archive: String, in dir: String) throws -> Tree {
        let options = TarballSource.Options(impliedDirectoryTime: Timestamp(seconds: 946_684_800))
        return try TarballSource.read(archive, spoolPath: dir + "/spool", options: options)
    }

    static let cases: [(name: String, member: String, field: String, value: String)] = [
        ("gid 2^40", #"{"name": "etc/shadow", "size": 1, "gid": 1 << 40}"#, "gid", "1099511627776"),
        ("pax gid -5", #"{"name": "etc/passwd", "size": 1, "pax": {"gid": "-5"}}"#, "gid", "-5"),
        ("uid 2^32", #"{"name": "bin/su", "size": 1, "uid": 1 << 32}"#, "uid", "4294967296"),
        ("uid (uid_t)-1", #"{"name": "bin/x", "size": 1, "pax": {"uid": "4294967295"}}"#, "uid", "4294967295"),
        ("major 4096", #"{"name": "dev/big", "type": tarfile.CHRTYPE, "devmajor": 4096, "devminor": 0}"#, "device major", "4096"),
        ("minor 2^20", #"{"name": "dev/wide", "type": tarfile.BLKTYPE, "devmajor": 8, "devminor": 1 << 20}"#, "device minor", "1048576"),
    ]

    @Test func outOfRangeOwnersAndDevicesAreErrorsNamingTheMember() throws {
        let dir = try CLIHarness.scratch("storable")
        defer { CLIHarness.remove(dir) }
        for c in Self.cases {
            let archive = "\(dir)/\(c.name.replacingOccurrences(of: " ", with: "_")).tar"
            try Self.paxArchive(archive, member: c.member)
            let member = try #require(c.member.split(separator: "\"").dropFirst(3).first, "\(c.name)")
            do {
                let tree = try Self.read(archive, in: dir)
                let id = tree.lookup("/" + member)
                Issue.record("\(c.name): read without an error; stored as \(id.map { "\(tree[$0])" } ?? "nothing")")
            } catch let e as UnstorableValue {
                #expect(e.place == "archive '\(archive)': member '\(member)'", "\(c.name): \(e)")
                #expect(e.field == c.field && e.value == c.value, "\(c.name): \(e)")
            } catch {
                Issue.record("\(c.name): \(error)")
            }
            try? FileManager.default.removeItem(atPath: dir + "/spool")
        }
    }

    /// The limits themselves are kept exactly: gid 4294967294, device 4095:1048575 (e2fsprogs'
    /// debugfs reads them back).
    @Test func theLargestStorableValuesAreKeptExactly() throws {
        let dir = try CLIHarness.scratch("storable-max")
        defer { CLIHarness.remove(dir) }
        try Self.paxArchive(dir + "/dev.tar", member: #"{"name": "dev/top", "type": tarfile.CHRTYPE, "devmajor": 4095, "devminor": 1048575, "gid": 4294967294, "uid": 70000}"#)
        let tree = try Self.read(dir + "/dev.tar", in: dir)
        let image = dir + "/img"
        _ = try Ext.write(tree, size: 8 << 20, options: Ext.Options(flavor: .ext2, blockSize: 1024, uuid: Array(repeating: 1, count: 16), hashSeed: Array(repeating: 2, count: 16), timestamp: Timestamp(seconds: 0)), to: image)
        let stat = try CLIHarness.run("debugfs", ["-R", "stat /dev/top", image])
        // debugfs prints ids as signed 32-bit numbers ("%5d"): 4294967294 shows as -2.
        #expect(stat.out.contains("User: 70000") && stat.out.contains("Group:    -2 "), "\(stat.out)")
        #expect(stat.out.contains("Device major/minor number: 4095:1048575"), "\(stat.out)")
        let fsck = try CLIHarness.run("e2fsck", ["-fn", image])
        #expect(fsck.status == 0, "\(fsck.out)")
    }

    /// The ext writer checks again where it narrows: a tree built in memory with a device past the
    /// new encoding is refused, not stored as another device.
    @Test func theExtWriterRefusesADeviceItWouldTruncate() throws {
        let dir = try CLIHarness.scratch("storable-ext")
        defer { CLIHarness.remove(dir) }
        var tree = Tree(root: Node(kind: .directory([:]), permissions: 0o755, mtime: Timestamp(seconds: 0)))
        let dev = tree.add(Node(kind: .characterDevice(DeviceNumber(major: 4096, minor: 0)), permissions: 0o600, mtime: Timestamp(seconds: 0)))
        try tree.link(try Name("null2"), in: Tree.rootID, to: dev)
        #expect(throws: Ext.WriteError.deviceNumberTooLarge(path: "/null2", major: 4096, minor: 0)) {
            _ = try Ext.write(tree, size: 8 << 20, options: Ext.Options(flavor: .ext2, blockSize: 1024, uuid: Array(repeating: 1, count: 16), hashSeed: Array(repeating: 2, count: 16), timestamp: Timestamp(seconds: 0)), to: dir + "/img")
        }
    }
}
