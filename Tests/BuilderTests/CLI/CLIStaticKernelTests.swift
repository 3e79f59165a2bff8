import Foundation
import Testing

/// Issue 6 point 4 (c, d) without the Xen boot: the static kernel built from Debian's
/// linux-source by Tests/tools/make_static_kernel.sh (`StaticKernel`, cached), read by
/// `builder kernel`, and baked with a real Debian tree as a modern guest that boots it with no
/// initrd. The oracles: the kernel's own .config beside it, e2fsck, Python reading the xm config.
@Suite(.serialized) struct CLIStaticKernelTests {
    /// `builder kernel` finds the config the kernel embeds (IKCONFIG) inside its bzImage payload
    /// and reports the 64-bit ABI and both Xen frontends built in, as the .config the script
    /// kept says.
    @Test func builderKernelReportsTheFrontendsBuiltIn() throws {
        let bzImage = try StaticKernel.ensure()
        // Cached: the script's second run for the same package version only reads its marker.
        var again = ""
        let elapsed = try ContinuousClock().measure { again = try StaticKernel.ensure() }
        #expect(again == bzImage)
        #expect(elapsed < .seconds(10), "a cached static kernel took \(elapsed)")
        let config = try String(contentsOfFile: URL(fileURLWithPath: bzImage).deletingLastPathComponent().path + "/config", encoding: .utf8)
        for option in ["CONFIG_XEN_BLKDEV_FRONTEND=y", "CONFIG_XEN_NETDEV_FRONTEND=y", "CONFIG_IKCONFIG=y", "CONFIG_KERNEL_GZIP=y"] {
            #expect(config.split(separator: "\n").contains(Substring(option)), "the script's config lacks \(option)")
        }

        let r = try CLIHarness.builder(["kernel", bzImage])
        try #require(r.status == 0, "\(r.out)\(r.stderr)")
        let rows = Dictionary(
            r.out.split(separator: "\n").compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }, uniquingKeysWith: { a, _ in a })
        #expect(rows["ABI"] == "xen-3.0-x86_64", "\(r.out)")
        #expect(rows["xenblk"] == "built in", "\(r.out)")
        #expect(rows["xennet"] == "built in", "\(r.out)")
        #expect(rows["config"] == "embedded (CONFIG_IKCONFIG)", "\(r.out)")
        #expect(rows["format"]?.hasPrefix("bzImage") == true && rows["format"]?.contains("gzip") == true, "\(r.out)")
        #expect(rows["version"]?.hasPrefix("6.1.") == true, "\(r.out)")

        // The static-boot check passes with no warning on a 64-bit Xen.
        let check = try CLIHarness.builder(["kernel", bzImage, "--hypervisor", "xen-3.0-x86_64", "--static", "--json"])
        try #require(check.status == 0, "\(check.out)\(check.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: check.stdout) as? [String: Any])
        #expect(json["xenblk"] as? String == "built in" && json["xennet"] as? String == "built in", "\(check.out)")
        let verdict = try #require(json["check"] as? [String: Any], "\(check.out)")
        #expect(verdict["runsAs"] as? String == "xen-3.0-x86_64", "\(check.out)")
        #expect((verdict["warnings"] as? [Any])?.isEmpty == true, "\(check.out)")
    }

    /// A Debian tree baked with profile modern and the static kernel: the domain config boots
    /// the kernel copied beside the images, with no ramdisk, root=/dev/xvda1 and the hvc0
    /// console; the image is clean and the report names the static kernel.
    @Test func aModernGuestBakesWithTheStaticKernel() throws {
        let bzImage = try StaticKernel.ensure()
        let tree = try DebianKernelTree.ensure()
        let out = try CLIHarness.scratch("cli-static")
        defer { CLIHarness.remove(out) }
        let recipe = out + "/static.json"
        try CLIHarness.write("""
            {
                "name": "deb-static",
                "profile": "modern",
                "source": { "tree": "\(tree)" },
                "kernel": { "boot": "static", "image": "\(bzImage)" },
                "disks": [
                    { "device": "xvda1", "mount": "/", "size": "auto", "free": "64M" },
                    { "device": "xvda2", "swap": true, "size": "64M" }
                ],
                "output": { "dir": "\(out)" }
            }
            """, to: recipe)
        let r = try CLIHarness.builder(["bake", recipe])
        try #require(r.status == 0, "\(r.out)\(r.stderr)")
        let guest = out + "/deb-static"
        let image = guest + "/xvda1.img"

        let fsck = try CLIHarness.run("e2fsck", ["-fn", image])
        #expect(fsck.status == 0, "\(fsck.out)\(fsck.stderr)")

        // The xm config is Python: run it and read what it set.
        let cfg = guest + "/deb-static.cfg"
        let read = try CLIHarness.run("python3", [
            "-c",
            """
            import json, sys
            names = {}
            exec(open(sys.argv[1]).read(), {}, names)
            print(json.dumps({k: v for k, v in names.items() if isinstance(v, (str, int, list))}))
            """,
            cfg,
        ])
        try #require(read.status == 0, "python3 could not run \(cfg): \(read.stderr)")
        let domain = try #require(try JSONSerialization.jsonObject(with: read.stdout) as? [String: Any])
        let kernel = try #require(domain["kernel"] as? String, "\(read.out)")
        #expect(domain["ramdisk"] == nil, "a static kernel boots with no ramdisk: \(read.out)")
        #expect(domain["bootloader"] == nil, "\(read.out)")
        #expect(domain["root"] as? String == "/dev/xvda1 ro", "\(read.out)")
        let extra = (domain["extra"] as? String ?? "").split(separator: " ")
        #expect(extra.contains("console=hvc0"), "\(read.out)")
        let disks = domain["disk"] as? [String] ?? []
        #expect(disks.contains { $0.contains(",xvda1,") } && disks.contains { $0.contains(",xvda2,") }, "\(read.out)")

        // The kernel it names is the bzImage, copied beside the images, and nothing else is.
        let kernelName = URL(fileURLWithPath: kernel).lastPathComponent
        #expect(kernelName.hasPrefix("vmlinuz-6.1."), "\(kernel)")
        let copied = try Data(contentsOf: URL(fileURLWithPath: guest + "/" + kernelName))
        #expect(copied == (try Data(contentsOf: URL(fileURLWithPath: bzImage))), "\(kernelName) is the static bzImage")
        let files = try FileManager.default.contentsOfDirectory(atPath: guest)
        #expect(!files.contains { $0.hasPrefix("initrd") }, "\(files)")

        let xl = try String(contentsOfFile: guest + "/deb-static.xl.cfg", encoding: .utf8)
        #expect(xl.contains("cmdline = \"root=/dev/xvda1 ro") && !xl.contains("ramdisk"), "\(xl)")

        let report = try String(contentsOfFile: guest + "/report.txt", encoding: .utf8)
        let version = String(kernelName.dropFirst("vmlinuz-".count))
        #expect(report.contains("kernel \(version) (static)"), "\(report)")
        #expect(report.contains("xen-blkfront built in") && report.contains("xen-netfront built in"), "\(report)")

        // In the image: the fstab on xvd names, a getty on hvc0, the kernel in /boot.
        let fstab = try CLIHarness.run("debugfs", ["-R", "cat /etc/fstab", image])
        let active = fstab.out.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: " ", omittingEmptySubsequences: true).prefix(3).joined(separator: " ")
        }
        #expect(active == ["/dev/xvda1 / ext3", "/dev/xvda2 swap swap"], "\(fstab.out)")
        let link = "/etc/systemd/system/getty.target.wants/serial-getty@hvc0.service"
        let getty = try CLIHarness.run("debugfs", ["-R", "stat \(link)", image])
        #expect(getty.out.contains("Type: symlink"), "\(getty.out)\(getty.stderr)")
        let inBoot = try CLIHarness.run("debugfs", ["-R", "stat /boot/\(kernelName)", image])
        #expect(inBoot.out.contains("Type: regular"), "\(inBoot.out)\(inBoot.stderr)")
    }
}
