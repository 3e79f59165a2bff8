import Foundation
import Testing

/// Issue 6 point 3 on a real tree: Debian 12 with its distribution kernel and systemd
/// (`DebianKernelTree`, debootstrap'd once and cached), baked with profile modern through the
/// binary, then read back with the real tools: e2fsck, pygrub against the image, debugfs.
@Suite(.serialized) struct CLIModernDebianTests {
    static func file(_ image: String, _ path: String) throws -> String {
        let r = try CLIHarness.run("debugfs", ["-R", "cat \(path)", image])
        try #require(r.status == 0, "debugfs cat \(path): \(r.stderr)")
        return r.out
    }

    @Test func aDebianTreeBakesIntoAGuestPyGrubBoots() throws {
        let tree = try DebianKernelTree.ensure()
        let version = try DebianKernelTree.kernelVersion(tree)
        let out = try CLIHarness.scratch("cli-modern")
        defer { CLIHarness.remove(out) }
        let recipe = out + "/modern.json"
        try CLIHarness.write("""
            {
                "name": "deb-modern",
                "profile": "modern",
                "source": { "tree": "\(tree)" },
                "disks": [
                    { "device": "xvda1", "mount": "/", "size": "auto", "free": "64M" },
                    { "device": "xvda2", "swap": true, "size": "64M" }
                ],
                "hostname": "deb-modern",
                "memory": 512,
                "rootPassword": "\(Self.sha512Hash)",
                "output": { "dir": "\(out)" }
            }
            """, to: recipe)
        let r = try CLIHarness.builder(["bake", recipe])
        try #require(r.status == 0, "\(r.out)\(r.stderr)")
        let guest = out + "/deb-modern"
        let image = guest + "/xvda1.img"

        let fsck = try CLIHarness.run("e2fsck", ["-fn", image])
        #expect(fsck.status == 0, "\(fsck.out)\(fsck.stderr)")

        // PyGrub finds the tree's own kernel and initrd, byte for byte, and the Xen arguments.
        let boot = try PyGrub.boot(image)
        #expect(boot.args == "root=/dev/xvda1 ro console=hvc0", "\(boot.output)")
        let kernel = try Data(contentsOf: URL(fileURLWithPath: tree + "/boot/vmlinuz-\(version)"))
        let initrd = try Data(contentsOf: URL(fileURLWithPath: tree + "/boot/initrd.img-\(version)"))
        #expect(boot.kernel == Array(kernel), "pygrub's kernel is the tree's /boot/vmlinuz-\(version)")
        #expect(boot.ramdisk == Array(initrd), "pygrub's ramdisk is the tree's /boot/initrd.img-\(version)")

        let fstab = try Self.file(image, "/etc/fstab")
        let active = fstab.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: " ", omittingEmptySubsequences: true).prefix(3).joined(separator: " ")
        }
        #expect(active == ["/dev/xvda1 / ext3", "/dev/xvda2 swap swap"], "\(fstab)")
        let link = "/etc/systemd/system/getty.target.wants/serial-getty@hvc0.service"
        let stat = try CLIHarness.run("debugfs", ["-R", "stat \(link)", image])
        #expect(stat.out.contains("Type: symlink") && stat.out.contains("/lib/systemd/system/serial-getty@.service"), "\(stat.out)\(stat.stderr)")
        #expect(try Self.file(image, "/etc/hostname") == "deb-modern\n")
        // A SHA-512 hash is refused for CentOS 4 only: Debian 12's crypt knows it (and yescrypt).
        let shadow = try Self.file(image, "/etc/shadow")
        #expect(shadow.hasPrefix("root:\(Self.sha512Hash):"), "\(shadow)")

        let report = try String(contentsOfFile: guest + "/report.txt", encoding: .utf8)
        #expect(report.contains("detect: note profile modern"), "\(report)")
        #expect(report.contains("xen-blkfront module") && report.contains("xen-blkfront.ko"), "\(report)")
        // 512 MiB holds what Xen's loader places (about 202 MiB) and the initrd unpacked: no warning.
        #expect(report.contains("memory: note memory 512 MiB: Xen's loader places kernel and initrd in the first 20"), "\(report)")
        #expect(!report.contains("warning: memory"), "\(report)")
        let xl = try String(contentsOfFile: guest + "/deb-modern.xl.cfg", encoding: .utf8)
        #expect(xl.contains("pygrub") && xl.contains("xvda1"), "\(xl)")
    }

    /// `openssl passwd -6 -salt builder s3cret`.
    static let sha512Hash = "$6$builder$4xOaGsyi3sGy3A06iJF4QK6QS59C2eDN7mOuJ1xNuH6OlpCSMhG4yKWVrxSynJpPks2G12cCYNrgbCGdtTQdV/"

    /// Debian 12's kernel (74 MiB to its end) and its gzip initrd (124 MiB gunzipped, as Xen's
    /// loader places it) do not fit the default 128 MiB: `xl create` would fail, so the bake
    /// fails first, naming `memory`, and leaves nothing behind.
    @Test func theDefaultMemoryIsRefusedForDebiansInitrd() throws {
        let tree = try DebianKernelTree.ensure()
        let out = try CLIHarness.scratch("cli-modern-memory")
        defer { CLIHarness.remove(out) }
        let recipe = out + "/small.json"
        try CLIHarness.write("""
            {"name": "deb-small", "profile": "modern", "source": {"tree": "\(tree)"},
             "disks": [{"device": "xvda1", "mount": "/", "size": "auto"}], "output": {"dir": "\(out)"}}
            """, to: recipe)
        let r = try CLIHarness.builder(["bake", recipe])
        #expect(r.status == 1, "\(r.out)\(r.stderr)")
        #expect(r.stderr.contains("\"memory\" is 128 MiB") && r.stderr.contains("set \"memory\" to at least 448"), "\(r.stderr)")
        #expect(CLIHarness.listing(out) == ["small.json"], "\(CLIHarness.listing(out))")
    }

    @Test func autoPicksModernForTheDebianKernelTree() throws {
        let tree = try DebianKernelTree.ensure()
        let out = try CLIHarness.scratch("cli-modern-check")
        defer { CLIHarness.remove(out) }
        let recipe = out + "/auto.json"
        try CLIHarness.write("""
            {"name": "deb-auto", "source": {"tree": "\(tree)"},
             "disks": [{"device": "sda1", "mount": "/", "size": "auto"}], "output": {"dir": "\(out)"}}
            """, to: recipe)
        // An sd name is refused, naming the recipe entry and the name to use, before any image.
        let r = try CLIHarness.builder(["bake", recipe])
        #expect(r.status == 1)
        #expect(r.stderr.contains("disks[0].device is \"sda1\"") && r.stderr.contains("use \"xvda1\""), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/deb-auto"))
    }
}
