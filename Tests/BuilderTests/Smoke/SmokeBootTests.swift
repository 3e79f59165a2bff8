import Foundation
import Testing

/// The real boot, through the binary: Xen 4.17 in QEMU, a dom0 made (once, cached in
/// <repo>/.cache/smoke) and written by builder, `xl create` on the guest's config. Each boot
/// takes a few minutes under emulation, so they run one at a time; `builder smoke` itself waits
/// for a calm machine before each boot.
@Suite(.serialized) struct SmokeBootTests {
    static let cacheDir = HostTools.repoRoot.appendingPathComponent(".cache/smoke").path

    private func smoke(_ args: [String]) throws -> (CLIHarness.Run, seconds: Int) {
        let start = Date()
        let run = try CLIHarness.builder(["smoke", "--cache-dir", Self.cacheDir] + args)
        let seconds = Int(Date().timeIntervalSince(start))
        print(
            "builder smoke \(args.joined(separator: " ")): exit \(run.status) after \(seconds) s\n\(run.stderr)\(run.out)"
        )
        return (run, seconds)
    }

    @Test func aBakedGuestReachesItsLoginPrompt() throws {
        let scratch = try CLIHarness.scratch("smoke-pass")
        defer { CLIHarness.remove(scratch) }
        let folder = try SmokeGuestFixture.bake(in: scratch)
        let (run, _) = try smoke(["--timeout", "240", folder])
        #expect(run.status == 0)
        #expect(run.out.contains("smoke: \(SmokeGuestFixture.name): PASS, the console matched 'login:'"), "\(run.out)")
        #expect(run.out.contains("smoke: 1 of 1 passed"))
        #expect(run.stderr.contains("QEMU uses TCG emulation") || run.stderr.contains("QEMU uses KVM"))
        // The cached dom0 is builder's image: e2fsck finds it clean.
        let images = try FileManager.default.subpathsOfDirectory(atPath: Self.cacheDir).filter {
            ($0 as NSString).lastPathComponent.hasPrefix("dom0-") && $0.hasSuffix(".img") && !$0.contains("initrd")
        }
        let image = try #require(images.first)
        let fsck = try HostTools.run(["e2fsck", "-fn", Self.cacheDir + "/" + image])
        #expect(fsck.ok, "\(fsck.output)")
    }

    /// Issue 6 (4a): a real Debian 12 tree (systemd, Debian's kernel and initrd) baked with profile
    /// modern, booted through PyGrub by `xl create` on the config as baked, to its login prompt.
    /// 512 MiB: with 128 Xen cannot place Debian's initrd (libxc: "segment module0 too large").
    @Test func aModernDebianGuestBootsThroughPyGrubToItsLoginPrompt() throws {
        let tree = try DebianKernelTree.ensure()
        let scratch = try CLIHarness.scratch("smoke-modern")
        defer { CLIHarness.remove(scratch) }
        try CLIHarness.write("""
            {"name": "deb-modern", "profile": "modern", "source": {"tree": "\(tree)"},
             "disks": [{"device": "xvda1", "mount": "/", "size": "auto", "free": "64M"},
                       {"device": "xvda2", "swap": true, "size": "64M"}],
             "memory": 512, "output": {"dir": "out"}}
            """, to: scratch + "/modern.json")
        let bake = try CLIHarness.builder(["bake", "--plain", "modern.json"], cwd: scratch)
        try #require(bake.status == 0, "\(bake.stderr)")
        let (run, _) = try smoke(["--timeout", "600", scratch + "/out/deb-modern"])
        #expect(run.status == 0, "\(run.out)")
        #expect(run.out.contains("smoke: deb-modern: PASS, the console matched 'login:'"), "\(run.out)")
    }

    /// A Debian 12 recipe for the static kernel (built in xen-blkfront and xen-netfront, no
    /// initrd) with `extra` top-level keys; the guest's host name is its name.
    private func staticRecipe(_ name: String, in scratch: String, extra: String) throws -> String {
        let tree = try DebianKernelTree.ensure()
        let bzImage = try StaticKernel.ensure()
        let file = scratch + "/\(name).json"
        try CLIHarness.write("""
            {"name": "\(name)", "profile": "modern", "hostname": "\(name)", "source": {"tree": "\(tree)"},
             "kernel": {"boot": "static", "image": "\(bzImage)"},
             "disks": [{"device": "xvda1", "mount": "/", "size": "auto", "free": "64M"},
                       {"device": "xvda2", "swap": true, "size": "64M"}],
             "output": {"dir": "out"}, \(extra)}
            """, to: file)
        return file
    }

    /// Issue 6 (4b): the Debian 12 guest booted with `"boot": "dom0"`: xl loads the kernel and
    /// initrd copied beside the images (kernel=, ramdisk=), with no PyGrub. `builder smoke RECIPE`
    /// bakes it first and waits for the pattern the recipe names: the prompt with its host name.
    @Test func aModernDebianGuestBootsWithTheKernelAndInitrdFromDom0() throws {
        let tree = try DebianKernelTree.ensure()
        let scratch = try CLIHarness.scratch("smoke-dom0")
        defer { CLIHarness.remove(scratch) }
        try CLIHarness.write("""
            {"name": "deb-dom0", "profile": "modern", "hostname": "deb-dom0", "source": {"tree": "\(tree)"},
             "kernel": {"boot": "dom0"}, "memory": 512,
             "disks": [{"device": "xvda1", "mount": "/", "size": "auto", "free": "64M"},
                       {"device": "xvda2", "swap": true, "size": "64M"}],
             "output": {"dir": "out"}, "smoke": {"expect": "^deb-dom0 login:", "timeout": 600}}
            """, to: scratch + "/dom0.json")
        let (run, _) = try smoke([scratch + "/dom0.json"])
        #expect(run.status == 0, "\(run.out)")
        #expect(run.stderr.contains("deb-dom0: ok"), "\(run.stderr)")
        #expect(run.out.contains("smoke: deb-dom0: PASS, the console matched '^deb-dom0 login:'"), "\(run.out)")
        let baked = try String(contentsOfFile: scratch + "/out/deb-dom0/deb-dom0.xl.cfg", encoding: .utf8)
        #expect(baked.contains("kernel = \"/var/lib/xen/images/deb-dom0/vmlinuz-"), "\(baked)")
        #expect(baked.contains("ramdisk = \"/var/lib/xen/images/deb-dom0/initrd.img-"), "\(baked)")
        #expect(!baked.contains("pygrub"), "\(baked)")
    }

    /// Issue 6 (4c): the static kernel from Debian's linux-source (Tests/tools/make_static_kernel.sh)
    /// boots the Debian 12 tree with no initrd and no modules to its login prompt.
    @Test func theStaticKernelBootsWithoutAnInitrd() throws {
        let scratch = try CLIHarness.scratch("smoke-static")
        defer { CLIHarness.remove(scratch) }
        let recipe = try staticRecipe("deb-static", in: scratch, extra: #""smoke": {"expect": "^deb-static login:"}"#)
        let (run, _) = try smoke([recipe])
        #expect(run.status == 0, "\(run.out)")
        #expect(run.out.contains("smoke: deb-static: PASS, the console matched '^deb-static login:'"), "\(run.out)")
        let baked = try String(contentsOfFile: scratch + "/out/deb-static/deb-static.xl.cfg", encoding: .utf8)
        #expect(baked.contains("kernel = \"/var/lib/xen/images/deb-static/vmlinuz-"), "\(baked)")
        #expect(!baked.contains("ramdisk"), "\(baked)")
    }

    /// The definition of done's broken guest: its fstab mounts /data from /dev/xvdb1, a disk the
    /// config does not give. systemd waits for the device, gives up and drops to emergency mode;
    /// the fail pattern ends the boot there, builder exits 1 and the console's end says why.
    @Test func aGuestWhoseFstabNamesAMissingDiskFailsWithItsConsoleTail() throws {
        let scratch = try CLIHarness.scratch("smoke-fstab")
        defer { CLIHarness.remove(scratch) }
        let fstab = "/dev/xvda1 / ext3 defaults 0 1\\n/dev/xvda2 none swap sw 0 0\\n/dev/xvdb1 /data ext3 defaults 0 2\\n"
        let recipe = try staticRecipe(
            "deb-fstab", in: scratch,
            extra: #""files": [{"path": "/etc/fstab", "content": "\#(fstab)"}], "smoke": {"timeout": 400}"#)
        let (run, _) = try smoke([recipe])
        #expect(run.status == 1, "\(run.out)")
        #expect(run.out.contains("smoke: deb-fstab: FAIL (the console showed the fail pattern"), "\(run.out)")
        #expect(run.out.contains("--- the guest's console"), "\(run.out)")
        let console = run.out.components(separatedBy: "--- the guest's console").last ?? ""
        #expect(console.contains("xvdb1"), "\(run.out)")
        #expect(console.contains("emergency mode"), "\(run.out)")
        #expect(run.out.contains("smoke: 1 of 1 failed"), "\(run.out)")
        Self.removeKeptRun(run.out)
    }

    /// A failed run keeps its folder (serial log, guest disk) for a person to read; not a test's.
    static func removeKeptRun(_ out: String) {
        if let kept = out.split(separator: "\n").first(where: { $0.contains("files in ") })?
            .components(separatedBy: "files in ").last, kept.hasPrefix(cacheDir + "/runs/")
        {
            CLIHarness.remove(kept)
        }
    }

    /// A guest whose menu names a root device its config does not give: the console's end, as
    /// printed, says why, and builder exits 1.
    @Test func aBrokenGuestFailsWithItsConsoleTail() throws {
        let scratch = try CLIHarness.scratch("smoke-fail")
        defer { CLIHarness.remove(scratch) }
        let folder = try SmokeGuestFixture.bake(in: scratch, menuRoot: "/dev/xvdb1")
        let (run, _) = try smoke(["--timeout", "90", folder])
        #expect(run.status == 1)
        #expect(run.out.contains("smoke: \(SmokeGuestFixture.name): FAIL"), "\(run.out)")
        #expect(run.out.contains("--- the guest's console"))
        #expect(run.out.contains("cannot mount /dev/xvdb1"), "\(run.out)")
        #expect(run.out.contains("smoke: 1 of 1 failed"))
        Self.removeKeptRun(run.out)
    }
}
