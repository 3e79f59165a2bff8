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
        // A failed run keeps its folder (serial log, guest disk) for a person to read; not a test's.
        if let kept = run.out.split(separator: "\n").first(where: { $0.contains("files in ") })?
            .components(separatedBy: "files in ").last, kept.hasPrefix(Self.cacheDir + "/runs/")
        {
            CLIHarness.remove(kept)
        }
    }
}
