import Foundation
import Testing

@testable import Builder

@Suite struct FstabStepTests {
    typealias C = StockCentOS4

    static func fields(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
    }

    static func words(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    @Test func stockFstabNamesTheGuestDisksAndMarksBootObsolete() throws {
        let (tree, changes) = try C.runTwice(FstabStep(), try C.make(), C.context())
        let text = try #require(try C.text(tree, "/etc/fstab"))
        #expect(
            Self.fields(text) == [
                ["/dev/sda1", "/", "ext3", "defaults", "1", "1"],
                ["#obsolete", "/boot", "ext3", "defaults", "1", "2"],
                ["none", "/dev/pts", "devpts", "gid=5,mode=620", "0", "0"],
                ["none", "/dev/shm", "tmpfs", "defaults", "0", "0"],
                ["none", "/proc", "proc", "defaults", "0", "0"],
                ["none", "/sys", "sysfs", "defaults", "0", "0"],
                ["/dev/sda2", "swap", "swap", "defaults", "0", "0"],
            ], "\(text)")
        // Pseudo filesystem lines are kept byte for byte.
        #expect(text.contains("none                    /dev/pts                devpts  gid=5,mode=620  0 0\n"))
        #expect(changes.contains { $0.action == .changed && $0.path?.description == "/etc/fstab" })
        let notes = changes.filter { $0.action == .note }.map(\.detail)
        #expect(
            notes.contains { $0.contains("#obsolete") && $0.contains("/boot is now a directory of the root image") },
            "\(notes)")
        #expect(notes.contains { $0.contains("LABEL=/ -> /dev/sda1") }, "\(notes)")
    }

    @Test func optionsDumpAndPassOfTheNativeLineAreKept() throws {
        var t = try C.make()
        t = try t.replacingFile(
            "/etc/fstab",
            """
            # /etc/fstab: native
            /dev/VolGroup00/LogVol00 /                       ext3    defaults,noatime,usrquota 1 1
            UUID=3e6be9de-8139-11d1-9106-a43f08d823a6 /var ext3 nodev,nosuid 1 2
            /dev/hda3               /data                   ext3    defaults        1 2
            none                    /proc                   proc    defaults        0 0
            /dev/hdc                /media/cdrom            auto    pamconsole,exec,noauto,managed 0 0
            LABEL=SWAP-sda2         swap                    swap    pri=1           0 0
            LABEL=SWAP-sdb2         swap                    swap    pri=2           0 0

            """)
        let disks = [
            GuestDisk(device: "xvda1", mount: .root, fsType: "ext3"),
            GuestDisk(device: "xvda2", mount: try GuestPath("/var"), fsType: "ext2"),
            GuestDisk(device: "xvda3", mount: nil, fsType: "swap"),
            GuestDisk(device: "xvda4", mount: try GuestPath("/srv"), fsType: "ext3"),
        ]
        let (tree, changes) = try C.runTwice(FstabStep(), t, C.context(disks: disks))
        let text = try #require(try C.text(tree, "/etc/fstab"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "# /etc/fstab: native")
        #expect(Self.words(lines[1]) == ["/dev/xvda1", "/", "ext3", "defaults,noatime,usrquota", "1", "1"])
        // The image's type wins over the native one; options stay.
        #expect(Self.words(lines[2]) == ["/dev/xvda2", "/var", "ext2", "nodev,nosuid", "1", "2"])
        #expect(lines[3] == "# builder: no guest disk for /data (was /dev/hda3)")
        #expect(lines[4] == "#/dev/hda3               /data                   ext3    defaults        1 2")
        #expect(lines[5] == "none                    /proc                   proc    defaults        0 0")
        #expect(lines[6] == "# builder: no guest disk for /media/cdrom (was /dev/hdc)")
        #expect(Self.words(lines[8]) == ["/dev/xvda3", "swap", "swap", "pri=1", "0", "0"])
        #expect(lines[9].hasPrefix("# builder: no guest swap disk"))
        #expect(lines[10].hasPrefix("#LABEL=SWAP-sdb2"))
        // A disk with no native line gets one after the last block-device line.
        #expect(Self.words(lines[11]) == ["/dev/xvda4", "/srv", "ext3", "defaults", "1", "2"])
        #expect(lines.count == 12, "\(text)")
        #expect(changes.contains { $0.action == .note && $0.detail.contains("type ext3 -> ext2") })
    }

    @Test func aBootDiskKeepsItsOwnLineAndAMissingRootLineIsAdded() throws {
        var t = try C.make()
        t = try t.replacingFile(
            "/etc/fstab",
            """
            LABEL=/boot             /boot                   ext3    defaults        1 2
            none                    /proc                   proc    defaults        0 0

            """)
        let disks = [
            GuestDisk(device: "sda1", mount: .root, fsType: "ext3"),
            GuestDisk(device: "sda3", mount: try GuestPath("/boot"), fsType: "ext3"),
        ]
        let (tree, _) = try C.runTwice(FstabStep(), t, C.context(disks: disks))
        let text = try #require(try C.text(tree, "/etc/fstab"))
        #expect(
            Self.fields(text) == [
                ["/dev/sda1", "/", "ext3", "defaults", "1", "1"],
                ["/dev/sda3", "/boot", "ext3", "defaults", "1", "2"],
                ["none", "/proc", "proc", "defaults", "0", "0"],
            ], "\(text)")
    }

    /// util-linux's own fstab parser reads the result as the lines we meant (libmount, as mount -a would).
    @Test func findmntParsesTheResult() throws {
        let (tree, _) = try FstabStep().run(on: try C.make(), context: C.context())
        let text = try #require(try C.text(tree, "/etc/fstab"))
        let (dir, path) = try C.hostFile("fstab", text)
        defer { HostTools.cleanUp(dir) }
        let r = try HostTools.run([
            "findmnt", "--fstab", "--tab-file", path, "-n", "-r", "-o", "SOURCE,TARGET,FSTYPE,OPTIONS",
        ])
        #expect(r.ok, "\(r.output)")
        let rows = r.output.split(separator: "\n").map(String.init)
        #expect(rows.contains("/dev/sda1 / ext3 defaults"), "\(r.output)")
        #expect(rows.contains("/dev/sda2 swap swap defaults"), "\(r.output)")
        #expect(!rows.contains { $0.contains("/boot") }, "the obsolete /boot line must be a comment: \(r.output)")
        #expect(rows.count == 6, "\(r.output)")
    }

    @Test func noRootDiskOrNoFstabAreErrors() throws {
        #expect(throws: FstabStep.Error.noRootDisk) {
            try FstabStep().run(
                on: try C.make(), context: C.context(disks: [GuestDisk(device: "sda2", mount: nil, fsType: "swap")]))
        }
        var t = try C.make()
        try t.remove(GuestPath("/etc/fstab"))
        #expect(throws: FstabStep.Error.noFstab) { try FstabStep().run(on: t, context: C.context()) }
    }
}

extension Tree {
    /// The tree with the file at `path` holding `text` (same metadata).
    func replacingFile(_ path: String, _ text: String) throws -> Tree {
        var t = self
        let id = try #require(t.lookup(path))
        t[id].kind = .regular(.string(text))
        return t
    }
}
