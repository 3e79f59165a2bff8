import Foundation
import Testing

/// The README's first command: the bundled default recipe bakes the CentOS-4-shaped sample tree
/// (recipes/centos4/tree) into an aligned Xen guest. Every step's effect is read back from the
/// image with the real tools: e2fsck, pygrub, cpio on the initrd, debugfs through `inspect`'s
/// independent reader and a read-only loop mount.
@Suite(.serialized) struct CLIDefaultRecipeTests {
    static var recipe: String { CLIHarness.packageRoot + "/recipes/default.json" }

    static func bake() throws -> String {
        let out = try CLIHarness.scratch("cli-c4")
        let r = try CLIHarness.builder(["bake", recipe, "--out", out])
        try #require(r.status == 0, "\(r.stderr)")
        return out + "/c4-guest"
    }

    static func file(_ image: String, _ path: String) throws -> String {
        let r = try CLIHarness.run("debugfs", ["-R", "cat \(path)", image])
        try #require(r.status == 0, "debugfs cat \(path): \(r.stderr)")
        return r.out
    }

    @Test func theDefaultRecipeBakesAnAlignedGuest() throws {
        let guest = try Self.bake()
        defer { CLIHarness.remove(URL(fileURLWithPath: guest).deletingLastPathComponent().path) }
        let image = guest + "/sda1.img"
        let fsck = try CLIHarness.run("e2fsck", ["-fn", image])
        #expect(fsck.status == 0, "\(fsck.out)\(fsck.stderr)")

        let fstab = try Self.file(image, "/etc/fstab")
        #expect(fstab.contains("/dev/sda1") && fstab.contains("/dev/sda2") && !fstab.contains("\nLABEL=/ "), "\(fstab)")
        #expect(fstab.contains("#obsolete"), "\(fstab)")
        let inittab = try Self.file(image, "/etc/inittab")
        #expect(inittab.contains("xvc0") && inittab.contains("mingetty tty1"), "\(inittab)")
        #expect(try Self.file(image, "/etc/securetty").contains("xvc0"))
        let modprobe = try Self.file(image, "/etc/modprobe.conf")
        #expect(modprobe.contains("alias eth0 xennet") && modprobe.contains("alias scsi_hostadapter xenblk"), "\(modprobe)")
        #expect(!modprobe.contains("e1000") && !modprobe.contains("ata_piix"), "\(modprobe)")
        #expect(try Self.file(image, "/sbin/ifup-local").contains("tx off"))
        let stat = try CLIHarness.run("debugfs", ["-R", "stat /sbin/ifup-local", image])
        #expect(stat.out.contains("Mode:  0755"), "\(stat.out)")
        #expect(!(try Self.file(image, "/etc/sysconfig/network-scripts/ifcfg-eth0")).contains("HWADDR"))
        #expect(try Self.file(image, "/etc/sysconfig/network").contains("HOSTNAME=c4-guest"))
        let tls = try CLIHarness.run("debugfs", ["-R", "ls /lib", image])
        #expect(tls.out.contains("tls.disabled"), "\(tls.out)")
        let relabel = try CLIHarness.run("debugfs", ["-R", "stat /.autorelabel", image])
        #expect(relabel.status == 0 && !relabel.stderr.contains("not found"), "\(relabel.stderr)")

        // PyGrub, run against the image file, finds the kernel, the initrd and the arguments.
        let pg = try CLIHarness.scratch("cli-c4-pygrub")
        defer { CLIHarness.remove(pg) }
        let boot = try CLIHarness.run("pygrub", ["-q", "--output-format=simple", "--output-directory=\(pg)", image])
        #expect(boot.status == 0, "\(boot.out)\(boot.stderr)")
        #expect(boot.out.contains("args root=/dev/sda1 ro 3 console=xvc0"), "\(boot.out)")
        let ramdisk = boot.out.split(separator: "\n").first { $0.hasPrefix("ramdisk ") }.map { String($0.dropFirst(8)) }
        let initrd = try #require(ramdisk, "pygrub found no initrd: \(boot.out)")

        // The initrd, unpacked by the real cpio, preloads xenblk before the root filesystem.
        let list = try CLIHarness.run("sh", ["-c", "zcat '\(initrd)' | cpio -t --quiet"])
        #expect(list.out.contains("lib/xenblk.ko") && list.out.contains("bin/nash") && list.out.contains("init"), "\(list.out)")
        let script = try CLIHarness.run("sh", ["-c", "zcat '\(initrd)' | cpio -i --to-stdout --quiet init"])
        let lines = script.out.split(separator: "\n").map(String.init)
        let xenblk = lines.firstIndex { $0.hasPrefix("insmod /lib/xenblk.ko") }
        let ext3 = lines.firstIndex { $0.hasPrefix("insmod /lib/ext3.ko") }
        let mount = lines.firstIndex { $0.hasPrefix("mount -o") && $0.contains("/sysroot") }
        #expect(xenblk != nil && ext3 != nil && mount != nil && xenblk! < ext3! && ext3! < mount!, "\(script.out)")

        let report = try String(contentsOfFile: guest + "/report.txt", encoding: .utf8)
        #expect(report.contains("detect: note profile centos4 (auto)"), "\(report)")
        #expect(report.contains("initrd: added /boot/initrd-2.6.9-55.ELxenU.img"), "\(report)")
    }

    @Test func checkShowsThePlanAndWritesNothing() throws {
        let out = try CLIHarness.scratch("cli-c4-check")
        defer { CLIHarness.remove(out) }
        let r = try CLIHarness.builder(["check", Self.recipe, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.out.contains("fstab: changed /etc/fstab"), "\(r.out)")
        #expect(r.out.contains("  + alias eth0 xennet"), "\(r.out)")
        #expect(r.out.contains("initrd: added /boot/initrd-2.6.9-55.ELxenU.img"), "\(r.out)")
        #expect(CLIHarness.listing(out) == [], "check writes nothing")
    }

    /// A recipe beside a copy of nothing: its source is the committed sample tree, by absolute path.
    static func recipe(in dir: String, _ extra: String) throws -> String {
        let tree = CLIHarness.packageRoot + "/recipes/centos4/tree"
        let text = """
            {"name": "g", "source": {"tree": "\(tree)", "owner": "0:0"},
             "disks": [{"device": "xvda1", "mount": "/", "size": "auto"}]\(extra)}
            """
        try CLIHarness.write(text, to: dir + "/r.json")
        return dir + "/r.json"
    }

    @Test func aKernelTheHypervisorCannotRunIsRefusedBeforeAnyImage() throws {
        let dir = try CLIHarness.scratch("cli-c4-abi")
        defer { CLIHarness.remove(dir) }
        let r = try CLIHarness.builder(["bake", try Self.recipe(in: dir, #", "hypervisor": "xen-3.0-x86_64""#)], cwd: dir)
        #expect(r.status == 1, "\(r.out)\(r.stderr)")
        #expect(r.stderr.contains("xen-3.0-x86_32p") && r.stderr.contains("vmlinuz-2.6.9-55.ELxenU"), "\(r.stderr)")
        #expect(CLIHarness.listing(dir + "/out") == [], "nothing is left in the output folder")
    }

    @Test func dom0BootPutsKernelAndInitrdBesideTheImages() throws {
        let dir = try CLIHarness.scratch("cli-c4-dom0")
        defer { CLIHarness.remove(dir) }
        try CLIHarness.write("motd from the overlay\n", to: dir + "/overlay/etc/motd")
        let r = try CLIHarness.builder(
            ["bake", try Self.recipe(in: dir, #", "kernel": {"boot": "dom0"}, "overlay": "overlay""#)], cwd: dir)
        try #require(r.status == 0, "\(r.stderr)")
        let guest = dir + "/out/g"
        #expect(CLIHarness.listing(guest) == ["g.cfg", "g.xl.cfg", "initrd-2.6.9-55.ELxenU.img", "manifest.json", "report.txt", "vmlinuz-2.6.9-55.ELxenU", "xvda1.img"])
        // Every file is private (the image holds /etc/shadow), and the manifest names each one.
        try GuestFolderOracle.expectPrivate(guest)
        let manifest = try GuestFolderOracle.checkManifest(guest)
        #expect(GuestFolderOracle.artifact(manifest, "vmlinuz-2.6.9-55.ELxenU")?["type"] as? String == "kernel")
        #expect(GuestFolderOracle.artifact(manifest, "initrd-2.6.9-55.ELxenU.img")?["type"] as? String == "initrd")
        #expect(GuestFolderOracle.artifact(manifest, "g.xl.cfg")?["syntax"] as? String == "xl")
        #expect(GuestFolderOracle.artifact(manifest, "g.cfg")?["syntax"] as? String == "xm")
        let inputs = (manifest["inputs"] as? [[String: Any]] ?? []).map { "\($0["role"] ?? "") \($0["kind"] ?? "")" }
        #expect(inputs.contains("overlay folder"), "\(inputs)")
        // The configs name the copies where the Xen host will keep them.
        let xm = try String(contentsOfFile: guest + "/g.cfg", encoding: .utf8)
        #expect(xm.contains("kernel = '/var/lib/xen/images/g/vmlinuz-2.6.9-55.ELxenU'"), "\(xm)")
        #expect(xm.contains("ramdisk = '/var/lib/xen/images/g/initrd-2.6.9-55.ELxenU.img'"), "\(xm)")
        #expect(xm.contains("root = '/dev/xvda1 ro'"), "\(xm)")
        for (file, inImage) in [("vmlinuz-2.6.9-55.ELxenU", "/boot/vmlinuz-2.6.9-55.ELxenU"), ("initrd-2.6.9-55.ELxenU.img", "/boot/initrd-2.6.9-55.ELxenU.img")] {
            let inside = try CLIHarness.run("debugfs", ["-R", "dump \(inImage) \(dir)/x", guest + "/xvda1.img"])
            #expect(inside.status == 0, "\(inside.stderr)")
            let a = try Data(contentsOf: URL(fileURLWithPath: guest + "/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/x"))
            #expect(a == b && !a.isEmpty, "\(file) beside the image differs from \(inImage) inside it")
        }
        #expect(try Self.file(guest + "/xvda1.img", "/etc/motd") == "motd from the overlay\n")
        #expect(try Self.file(guest + "/xvda1.img", "/etc/fstab").contains("/dev/xvda1"))
    }

    @Test func aStaticKernelWithXenblkAsAModuleIsRefused() throws {
        let dir = try CLIHarness.scratch("cli-c4-static")
        defer { CLIHarness.remove(dir) }
        // The sample's xenU kernel has CONFIG_XEN_BLKDEV_FRONTEND=m in the config-VERSION beside it.
        let kernel = CLIHarness.packageRoot + "/recipes/centos4/tree/boot/vmlinuz-2.6.9-55.ELxenU"
        let r = try CLIHarness.builder(
            ["bake", try Self.recipe(in: dir, #", "kernel": {"boot": "static", "image": "\#(kernel)"}"#)], cwd: dir)
        #expect(r.status == 1, "\(r.out)\(r.stderr)")
        #expect(r.stderr.contains("xenblk only as a module"), "\(r.stderr)")
        #expect(CLIHarness.listing(dir + "/out") == [], "nothing is left in the output folder")
    }

    /// The HowTo's `rpm -ivh kernel-xenU-...rpm`: the package (made by rpmbuild from the sample's
    /// kernel files, one version newer, without modules.dep) is unpacked into the tree, its scripts
    /// are listed as not run, and builder does their work: modules.dep, the initrd, the menu entry.
    @Test func aKernelRPMIsInstalledAndBooted() throws {
        let dir = try CLIHarness.scratch("cli-c4-krpm")
        defer { CLIHarness.remove(dir) }
        let made = try CLIHarness.run(
            "bash", [CLIHarness.packageRoot + "/Tests/tools/make_kernel_rpm.sh", CLIHarness.packageRoot + "/recipes/centos4/tree", dir])
        try #require(made.status == 0, "rpmbuild: \(made.stderr)")
        let r = try CLIHarness.builder(
            ["bake", try Self.recipe(in: dir, #", "kernel": {"rpm": "kernel-xenU-2.6.9-67.EL.i686.rpm", "args": "3"}"#)], cwd: dir)
        try #require(r.status == 0, "\(r.stderr)")
        let image = dir + "/out/g/xvda1.img"
        let dep = try Self.file(image, "/lib/modules/2.6.9-67.ELxenU/modules.dep")
        #expect(dep.contains("/lib/modules/2.6.9-67.ELxenU/kernel/drivers/xen/blkfront/xenblk.ko:"), "\(dep)")
        let pg = dir + "/pygrub"
        try FileManager.default.createDirectory(atPath: pg, withIntermediateDirectories: true)
        let boot = try CLIHarness.run("pygrub", ["-q", "--output-format=simple", "--output-directory=\(pg)", image])
        #expect(boot.status == 0, "\(boot.stderr)")
        #expect(boot.out.contains("args root=/dev/xvda1 ro 3 console=xvc0"), "\(boot.out)")
        let menu = try Self.file(image, "/boot/grub/grub.conf")
        #expect(menu.contains("initrd /boot/initrd-2.6.9-67.ELxenU.img"), "\(menu)")
        let report = try String(contentsOfFile: dir + "/out/g/report.txt", encoding: .utf8)
        #expect(report.contains("kernel-xenU-2.6.9-67.EL.i686: not run: %pre, %post"), "\(report)")
        #expect(report.contains("initrd: added /boot/initrd-2.6.9-67.ELxenU.img"), "\(report)")
        let fsck = try CLIHarness.run("e2fsck", ["-fn", image])
        #expect(fsck.status == 0, "\(fsck.out)")
    }

    /// `"tls": {"rpms": [...]}`: the Xen-friendly glibc packages are installed onto the tree (here
    /// rpmbuild's small test package stands in for them) and /lib/tls stays where it is.
    @Test func xenFriendlyGlibcRPMsReplaceTheTLSMove() throws {
        let dir = try CLIHarness.scratch("cli-c4-tls")
        defer { CLIHarness.remove(dir) }
        let made = try CLIHarness.run("bash", [CLIHarness.packageRoot + "/Tests/tools/make_rpm.sh", dir])
        try #require(made.status == 0, "rpmbuild: \(made.stderr)")
        let r = try CLIHarness.builder(
            ["bake", try Self.recipe(in: dir, #", "tls": {"rpms": ["testpkg-1.0-1.noarch.rpm"]}"#)], cwd: dir)
        try #require(r.status == 0, "\(r.stderr)")
        let image = dir + "/out/g/xvda1.img"
        #expect(try Self.file(image, "/etc/testpkg/conf") == "key=value\n", "the package's files are in the guest")
        let lib = try CLIHarness.run("debugfs", ["-R", "ls /lib", image])
        #expect(lib.out.contains("tls") && !lib.out.contains("tls.disabled"), "\(lib.out)")
        let report = try String(contentsOfFile: dir + "/out/g/report.txt", encoding: .utf8)
        #expect(report.contains("rpm testpkg-1.0-1.noarch installed"), "\(report)")
        #expect(report.contains("tls: note /lib/tls kept"), "\(report)")
    }

    /// The bake reads nothing of the host's settings: the default recipe baked with the tests'
    /// pinned environment, and again under another time zone, locale and umask and from another
    /// working folder (the baseline and the variant from the same host in the same run), gives
    /// the same bytes in every file of the guest folder, the same file names and the same modes.
    @Test func theBakeDoesNotDependOnTheHostsTimeZoneLocaleOrUmask() throws {
        let out = try CLIHarness.scratch("cli-c4-host")
        defer { CLIHarness.remove(out) }
        let plain = try CLIHarness.builder(["bake", Self.recipe, "--out", out + "/a"])
        try #require(plain.status == 0, "\(plain.stderr)")
        var env = HostTools.environment
        env["TZ"] = "Pacific/Chatham"
        env["LC_ALL"] = "de_DE.UTF-8"
        env["LANG"] = "tr_TR.UTF-8"
        let binary = try CLIHarness.builderBinary()
        let odd = try CLIHarness.run(
            "sh", ["-c", "umask 077 && exec \"$0\" bake \"$1\" --out \"$2\"", binary, Self.recipe, out + "/b"],
            cwd: "/", environment: env)
        try #require(odd.status == 0, "\(odd.stderr)")
        let a = out + "/a/c4-guest"
        let b = out + "/b/c4-guest"
        let names = try FileManager.default.contentsOfDirectory(atPath: a).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: b).sorted() == names)
        #expect(names.contains("sda1.img") && names.contains("manifest.json"), "\(names)")
        for name in names {
            #expect(try GuestFolderOracle.sha256sum(a + "/" + name) == GuestFolderOracle.sha256sum(b + "/" + name), "\(name) differs")
            #expect(try GuestFolderOracle.mode(a + "/" + name) == GuestFolderOracle.mode(b + "/" + name), "\(name)'s mode differs")
        }
    }
}
