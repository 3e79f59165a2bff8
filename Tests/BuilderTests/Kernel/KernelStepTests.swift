import Foundation
import Testing

@testable import Builder

/// KernelStep on CentOS-4-shaped trees built in memory: native kernels, xenU kernels with their
/// modules and config, the recipe's choices.
@Suite struct KernelStepTests {
    static let t0 = Timestamp(seconds: 1_180_000_000)

    /// A tree with /boot/vmlinuz-V (+ config-V) and /lib/modules/V for each kernel given.
    struct TreeMaker {
        var tree = Tree(root: Node(kind: .directory([:]), permissions: 0o755, mtime: t0))

        mutating func file(_ path: String, _ bytes: [UInt8], mode: UInt16 = 0o644) throws {
            try tree.insert(
                Node(kind: .regular(.bytes(bytes)), permissions: mode, mtime: t0), at: GuestPath(path),
                parentTemplate: tree.root)
        }

        mutating func kernel(_ version: String, image: [UInt8], config: String? = nil, modules: [(String, [UInt8])] = []) throws {
            try file("/boot/vmlinuz-\(version)", image)
            try file("/boot/System.map-\(version)", Array("c0100000 T _text\n".utf8))
            if let config { try file("/boot/config-\(version)", Array(config.utf8)) }
            for (path, bytes) in modules { try file("/lib/modules/\(version)/\(path)", bytes) }
            if modules.isEmpty { _ = try tree.makeDirectories(GuestPath("/lib/modules/\(version)"), template: tree.root) }
        }
    }

    static let xenUConfig = "CONFIG_X86_PAE=y\nCONFIG_XEN=y\nCONFIG_XEN_BLKDEV_FRONTEND=m\nCONFIG_XEN_NETDEV_FRONTEND=m\n"

    /// A CentOS-4.5-shaped tree: the native 2.6.9-55.EL and smp kernels, two xenU kernels.
    static func centos4(_ k: KernelFixtures) throws -> Tree {
        var m = TreeMaker()
        try m.kernel("2.6.9-55.EL", image: k.bytes("native.elf"), modules: [("kernel/fs/jbd/jbd.ko", k.bytes("modules/jbd.ko"))])
        try m.kernel("2.6.9-55.ELsmp", image: k.bytes("native.elf"))
        try m.kernel(
            "2.6.9-42.0.3.ELxenU", image: k.bytes("xenu-pae.gz"), config: xenUConfig,
            modules: [("kernel/fs/jbd/jbd.ko", k.bytes("modules/jbd.ko"))])
        try m.kernel(
            "2.6.9-55.ELxenU", image: k.bytes("xenu-pae.gz"), config: xenUConfig,
            modules: [
                ("kernel/fs/jbd/jbd.ko", k.bytes("modules/jbd.ko")),
                ("kernel/fs/ext3/ext3.ko", k.bytes("modules/ext3.ko")),
                ("kernel/drivers/xen/blkfront/xenblk.ko", k.bytes("modules/xenblk.ko")),
            ])
        try m.file("/etc/redhat-release", Array("CentOS release 4.5 (Final)\n".utf8))
        return m.tree
    }

    static func context(_ settings: AlignSettings = AlignSettings(), arch: GuestFacts.Architecture = .x86_32) -> AlignContext {
        AlignContext(
            settings: settings, facts: GuestFacts(release: "CentOS release 4.5 (Final)", majorVersion: 4, architecture: arch),
            disks: [GuestDisk(device: "sda1", mount: .root, fsType: "ext3")], time: Timestamp(seconds: 1_700_000_000))
    }

    @Test func newestXenUKernelByDefault() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let c = Self.context()
        let kernel = try KernelStep.choose(Self.centos4(k), settings: c.settings, facts: c.facts)
        #expect(
            kernel
                == GuestKernel(
                    version: "2.6.9-55.ELxenU", imagePath: try GuestPath("/boot/vmlinuz-2.6.9-55.ELxenU"),
                    initrdPath: try GuestPath("/boot/initrd-2.6.9-55.ELxenU.img"), abi: "xen-3.0-x86_32p", console: "xvc0",
                    isStatic: false))
    }

    @Test func versionsCompareNumerically() {
        #expect(KernelVersion.isOlder("2.6.9-42.0.3.ELxenU", than: "2.6.9-55.ELxenU"))
        #expect(!KernelVersion.isOlder("2.6.9-55.ELxenU", than: "2.6.9-42.0.3.ELxenU"))
        #expect(KernelVersion.isOlder("2.6.9-55.ELxenU", than: "2.6.9-55.0.2.ELxenU"))
        #expect(KernelVersion.isOlder("2.6.9-100.ELxenU", than: "2.6.10-1.ELxenU"))
        #expect(KernelVersion.isOlder("2.6.9-5.ELxenU", than: "2.6.9-42.ELxenU"))
    }

    @Test func namedVersionIsUsed() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        var settings = AlignSettings()
        settings.kernel.version = "2.6.9-42.0.3.ELxenU"
        let kernel = try KernelStep.choose(Self.centos4(k), settings: settings, facts: Self.context().facts)
        #expect(kernel.version == "2.6.9-42.0.3.ELxenU")
        settings.kernel.version = "2.6.9-99.ELxenU"
        do {
            _ = try KernelStep.choose(Self.centos4(k), settings: settings, facts: Self.context().facts)
            Issue.record("a missing version was accepted")
        } catch let e as KernelStep.Error {
            guard case .versionNotFound(let v, let found) = e else { throw e }
            #expect(v == "2.6.9-99.ELxenU")
            #expect(found.contains("/boot/vmlinuz-2.6.9-55.ELxenU"))
        }
    }

    @Test func noXenUKernelNamesWhatWasFoundAndTheFix() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        var m = TreeMaker()
        try m.kernel("2.6.9-55.EL", image: k.bytes("native.elf"))
        // A xenU kernel file without its modules does not count.
        try m.file("/boot/vmlinuz-2.6.9-55.ELxenU", k.bytes("xenu-pae.gz"))
        do {
            _ = try KernelStep.choose(m.tree, settings: AlignSettings(), facts: Self.context().facts)
            Issue.record("no error")
        } catch let e as KernelStep.Error {
            #expect(e == .noXenKernel(found: ["/boot/vmlinuz-2.6.9-55.EL", "/boot/vmlinuz-2.6.9-55.ELxenU", "/lib/modules/2.6.9-55.EL"]))
            #expect(e.description.contains("\"kernel\": {\"rpm\""), "\(e)")
        }
    }

    @Test func nativeKernelNamedByVersionIsRefusedAsNotXen() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        var settings = AlignSettings()
        settings.kernel.version = "2.6.9-55.EL"
        #expect(throws: KernelImage.Error.notXenGuest(name: "/boot/vmlinuz-2.6.9-55.EL", machine: "Intel 80386")) {
            try KernelStep.choose(Self.centos4(k), settings: settings, facts: Self.context().facts)
        }
    }

    @Test func wrongABIIsRefusedBeforeAnythingIsWritten() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        var m = TreeMaker()
        try m.kernel("2.6.9-42.0.3.ELxenU", image: k.bytes("xenu-nopae.gz"), config: Self.xenUConfig)
        let c = Self.context()
        do {
            _ = try KernelStep().run(on: m.tree, context: c)
            Issue.record("a non-PAE kernel was accepted for a 64-bit Xen")
        } catch let e as KernelCheck.Error {
            #expect(
                e
                    == .abiNotSupported(
                        kernel: "/boot/vmlinuz-2.6.9-42.0.3.ELxenU", abi: "xen-3.0-x86_32", capabilities: ["xen-3.0-x86_64", "xen-3.0-x86_32p"],
                        advice: KernelCheck.advice(for: "xen-3.0-x86_32", capabilities: [])))
            #expect(e.description.contains("a non-PAE 32-bit kernel runs only on a 32-bit non-PAE Xen; use a PAE (i686 xenU) kernel or change \"hypervisor\""))
        }
        var settings = AlignSettings()
        settings.hypervisor = ["xen-3.0-x86_32"]
        #expect(try KernelStep.choose(m.tree, settings: settings, facts: c.facts).abi == "xen-3.0-x86_32")
    }

    @Test func thirtyTwoBitKernelForA64BitTreeIsRefused() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        #expect(throws: KernelStep.Error.kernelNarrowerThanTree(kernel: "/boot/vmlinuz-2.6.9-55.ELxenU")) {
            try KernelStep.choose(Self.centos4(k), settings: AlignSettings(), facts: Self.context(arch: .x86_64).facts)
        }
    }

    @Test func stepWritesModulesDepWhenMissingAndNotesTheKernel() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let (tree, changes) = try KernelStep().run(on: Self.centos4(k), context: Self.context())
        let dep = "/lib/modules/2.6.9-55.ELxenU/modules.dep"
        let m = "/lib/modules/2.6.9-55.ELxenU/kernel"
        let text = try #require(tree.resolve(dep)).map { String(decoding: try tree.bytes(of: $0), as: UTF8.self) }
        #expect(
            text == "\(m)/drivers/xen/blkfront/xenblk.ko:\n\(m)/fs/ext3/ext3.ko: \(m)/fs/jbd/jbd.ko\n\(m)/fs/jbd/jbd.ko:\n")
        #expect(changes.map(\.reportLine) == [
            "kernel: added \(dep) (module dependencies, as depmod writes them)",
            "kernel: note kernel 2.6.9-55.ELxenU: xen-3.0-x86_32p (__xen_guest section), xenblk module, xennet module, console xvc0",
        ])
        // A second run finds modules.dep there and leaves it.
        let (_, again) = try KernelStep().run(on: tree, context: Self.context())
        #expect(again.map(\.action) == [.note])
    }

    @Test func kernelFromAnRPMGetsModulesDepRewritten() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        var tree = try Self.centos4(k)
        let dep = "/lib/modules/2.6.9-55.ELxenU/modules.dep"
        try tree.insert(Node(kind: .regular(.string("stale\n")), permissions: 0o644, mtime: Self.t0), at: GuestPath(dep))
        var settings = AlignSettings()
        settings.kernel.rpm = "inputs/kernel-xenU-2.6.9-55.EL.i686.rpm"
        let (_, changes) = try KernelStep().run(on: tree, context: Self.context(settings))
        let change = try #require(changes.first { $0.path?.description == dep })
        #expect(change.action == .changed && change.before == Array("stale\n".utf8))
    }

    @Test func relativeModulesDepIsRewrittenAbsoluteOneKept() {
        #expect(KernelStep.needsModulesDep(nil, fromRPM: false))
        #expect(KernelStep.needsModulesDep("kernel/fs/ext3/ext3.ko: kernel/fs/jbd/jbd.ko\n", fromRPM: false))
        #expect(!KernelStep.needsModulesDep("/lib/modules/v/kernel/fs/jbd/jbd.ko:\n", fromRPM: false))
        #expect(KernelStep.needsModulesDep("/lib/modules/v/kernel/fs/jbd/jbd.ko:\n", fromRPM: true))
    }

    @Test func staticInTreeKernelNeedsBuiltInXenblk() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        var settings = AlignSettings()
        settings.kernel.boot = .static
        do {
            _ = try KernelStep.choose(Self.centos4(k), settings: settings, facts: Self.context().facts)
            Issue.record("a static boot of a kernel with xenblk as a module was accepted")
        } catch let e as KernelCheck.Error {
            #expect(e == .staticWithoutBlockFrontend(kernel: "/boot/vmlinuz-2.6.9-55.ELxenU", state: .module))
            #expect(e.description.contains("has xenblk only as a module"))
        }
    }

    @Test func staticHostImageIsPlacedInBootWithoutInitrd() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        var settings = AlignSettings()
        settings.kernel.boot = .static
        settings.kernel.image = k.path("static64.gz")
        let c = Self.context(settings, arch: .x86_64)
        let kernel = try KernelStep.choose(Self.centos4(k), settings: settings, facts: c.facts)
        #expect(
            kernel
                == GuestKernel(
                    version: "6.1.0-static", imagePath: try GuestPath("/boot/vmlinuz-6.1.0-static"), initrdPath: nil,
                    abi: "xen-3.0-x86_64", console: "hvc0", isStatic: true))
        let (tree, changes) = try KernelStep().run(on: Self.centos4(k), context: c)
        let id = try #require(tree.resolve("/boot/vmlinuz-6.1.0-static"))
        #expect(try tree.bytes(of: id) == k.bytes("static64.gz"))
        #expect(tree[id].permissions == 0o644 && tree[id].uid == 0)
        #expect(changes.first?.reportLine == "kernel: added /boot/vmlinuz-6.1.0-static (kernel 6.1.0-static from \(k.path("static64.gz")))")
        #expect(!changes.contains { $0.path?.description.hasSuffix("modules.dep") == true }, "a static kernel needs no modules")
    }

    @Test func staticKernelWithoutXennetIsAWarning() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        var settings = AlignSettings()
        settings.kernel.boot = .static
        settings.kernel.image = k.path("blkonly64.elf")
        let (_, changes) = try KernelStep().run(on: Self.centos4(k), context: Self.context(settings, arch: .x86_64))
        #expect(changes.last?.reportLine.hasPrefix("kernel: note warning: the static kernel") == true, "\(changes.map(\.reportLine))")
        #expect(changes.last?.detail.contains("no built-in xennet") == true)
    }

    @Test func hostImageForPygrubNeedsItsModulesInTheTree() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        var settings = AlignSettings()
        settings.kernel.image = k.path("xenu-pae.elf")
        // Version from the banner (2.6.9-55.ELxenU): the tree has its modules.
        let kernel = try KernelStep.choose(Self.centos4(k), settings: settings, facts: Self.context().facts)
        #expect(kernel.version == "2.6.9-55.ELxenU" && kernel.initrdPath?.description == "/boot/initrd-2.6.9-55.ELxenU.img")
        settings.kernel.image = k.path("notes32.elf")
        var m = TreeMaker()
        try m.file("/etc/redhat-release", Array("CentOS release 4.5 (Final)\n".utf8))
        #expect(throws: KernelStep.Error.imageWithoutModules(image: k.path("notes32.elf"), version: "2.6.9-55.ELxenU")) {
            try KernelStep.choose(m.tree, settings: settings, facts: Self.context().facts)
        }
    }

    @Test func consoleByKernelGeneration() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let old = try k.analyse("xenu-pae.gz")
        #expect(KernelStep.console(version: "2.6.9-55.ELxenU", image: old) == "xvc0")
        #expect(KernelStep.console(version: "2.6.18-8.el5xen", image: old) == "xvc0")
        #expect(KernelStep.console(version: "2.6.26", image: old) == "hvc0")
        #expect(KernelStep.console(version: "3.2.0-4-amd64", image: old) == "hvc0")
        #expect(KernelStep.versionFromFileName("/srv/k/vmlinuz-2.6.9-55.ELxenU") == "2.6.9-55.ELxenU")
    }
}
