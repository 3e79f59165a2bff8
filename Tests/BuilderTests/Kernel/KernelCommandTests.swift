import Foundation
import Testing

@testable import Builder

/// `builder kernel` through the built binary.
@Suite struct KernelCommandTests {
    @Test func printsTheAnalysis() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let r = try CLIHarness.builder(["kernel", k.path("xenu-pae.gz")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.out.split(separator: "\n").map(String.init)
        for expected in [
            "format:      gzip-compressed ELF",
            "ELF:         ELF32, Intel 80386",
            "version:     2.6.9-55.ELxenU",
            "ABI:         xen-3.0-x86_32p",
            "Xen version: xen-3.0",
            "loader:      generic",
            "PAE:         yes[extended-cr3]",
            "metadata:    __xen_guest section",
            "xenblk:      unknown",
            "config:      none found",
        ] {
            #expect(lines.contains(expected), "missing '\(expected)' in:\n\(r.out)")
        }
    }

    @Test func jsonOutput() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let r = try CLIHarness.builder(["kernel", "--json", "--hypervisor", "xen-3.0-x86_64 xen-3.0-x86_32p", "--static", k.path("static64.gz")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any], "\(r.out)")
        #expect(object["abi"] as? String == "xen-3.0-x86_64")
        #expect(object["xenblk"] as? String == "built in")
        #expect(object["xennet"] as? String == "built in")
        #expect(object["config"] as? String == "embedded (CONFIG_IKCONFIG)")
        let check = try #require(object["check"] as? [String: Any])
        #expect(check["runsAs"] as? String == "xen-3.0-x86_64")
    }

    @Test func notAKernelExitsOne() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let r = try CLIHarness.builder(["kernel", k.path("random.bin")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("is not a kernel"), "\(r.stderr)")
        #expect(r.out.isEmpty)
        let native = try CLIHarness.builder(["kernel", k.path("native.elf")])
        #expect(native.status == 1)
        #expect(native.stderr.contains("cannot boot as a PV guest; use a xenU kernel"), "\(native.stderr)")
    }

    @Test func hypervisorCheckFailsForTheWrongABI() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let r = try CLIHarness.builder(["kernel", "--hypervisor", "xen-3.0-x86_64 xen-3.0-x86_32p", k.path("xenu-nopae.gz")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("is a xen-3.0-x86_32 guest") && r.stderr.contains("non-PAE"), "\(r.stderr)")
        let ok = try CLIHarness.builder(["kernel", "--hypervisor", "xen-3.0-x86_32", k.path("xenu-nopae.gz")])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.out.contains("check:       runs as xen-3.0-x86_32 on xen-3.0-x86_32"), "\(ok.out)")
    }

    @Test func configBesideTheKernelAndThroughALink() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let boot = k.path("boot")
        try FileManager.default.createDirectory(atPath: boot, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: k.path("xenu-pae.gz"), toPath: boot + "/vmlinuz-2.6.9-55.ELxenU")
        try CLIHarness.write("CONFIG_XEN_BLKDEV_FRONTEND=m\nCONFIG_XEN_NETDEV_FRONTEND=y\n", to: boot + "/config-2.6.9-55.ELxenU")
        try FileManager.default.createSymbolicLink(atPath: k.path("vmlinuz"), withDestinationPath: "boot/vmlinuz-2.6.9-55.ELxenU")
        let r = try CLIHarness.builder(["kernel", boot + "/vmlinuz-2.6.9-55.ELxenU"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.out.contains("xenblk:      module") && r.out.contains("xennet:      built in"), "\(r.out)")
        let viaLink = try CLIHarness.builder(["kernel", k.path("vmlinuz")])
        #expect(viaLink.status == 0, "a symlinked kernel is followed: \(viaLink.stderr)")
        let given = try CLIHarness.builder(["kernel", "--config", boot + "/config-2.6.9-55.ELxenU", k.path("xenu-nopae.gz")])
        #expect(given.out.contains("xenblk:      module"), "\(given.out)")
    }

    /// A real pv_ops bzImage: Debian's cloud kernel (fetched once, see DebianKernel).
    @Test func realDebianKernelIsX86_64WithModules() throws {
        let kernel = try DebianKernel.ensure()
        let r = try CLIHarness.builder(["kernel", kernel])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.out.contains("ABI:         xen-3.0-x86_64"), "\(r.out)")
        #expect(r.out.contains("metadata:    ELF notes (PT_NOTE)"), "\(r.out)")
        #expect(r.out.contains("xenblk:      module"), "\(r.out)")
    }
}
