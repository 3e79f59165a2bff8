import Foundation
import Testing

@testable import Builder

@Suite struct ModernProfileTests {
    @Test func autoPicksModernForAPVOpsKernelAndLeavesTheOthers() {
        func resolved(_ f: GuestFacts) -> Recipe.Profile { Alignment.resolve(.auto, facts: f) }
        #expect(resolved(GuestFacts(kernels: ["6.1.0-9-amd64"])) == .modern)
        #expect(resolved(GuestFacts(kernels: ["2.6.37"])) == .modern)
        #expect(resolved(GuestFacts(kernels: ["2.6.32-5-xen-amd64"])) == .none, "before pv_ops was complete")
        #expect(resolved(GuestFacts(kernels: [])) == .none, "a tree without a kernel has nothing to boot")
        let centos = GuestFacts(
            release: "CentOS release 4.5 (Final)", majorVersion: 4, updateLevel: 5, kernels: ["2.6.9-55.ELxenU", "3.10.0"])
        #expect(resolved(centos) == .centos4, "CentOS 4 wins whatever else the tree holds")
        #expect(Alignment.resolve(.modern, facts: GuestFacts()) == .modern)
    }

    @Test func theRecipeDecoderAcceptsModern() throws {
        let json = #"{"name": "g", "profile": "modern", "source": {"tree": "/t"}, "disks": [{"device": "xvda1", "mount": "/"}]}"#
        let r = try Recipe.decode(Array(json.utf8), file: "r.json")
        #expect(r.profile == .modern)
    }

    @Test func sdDisksAreRefusedNamingTheRecipeEntry() {
        let disks = [GuestDisk(device: "xvda1", mount: .root, fsType: "ext3"), GuestDisk(device: "sda2", mount: nil, fsType: "swap")]
        #expect(throws: ModernDisks.Error.notXvd(index: 1, device: "sda2", suggestion: "xvda2")) { try ModernDisks.check(disks) }
        let text = ModernDisks.Error.notXvd(index: 1, device: "sda2", suggestion: "xvda2").description
        #expect(text.contains("disks[1].device is \"sda2\"") && text.contains("use \"xvda2\""))
    }
}

@Suite struct ModernFstabStepTests {
    typealias D = StockDebian

    @Test func uuidLinesBecomeXvdDevicesAndMissingDisksAreCommentedOut() throws {
        let (tree, changes) = try StockCentOS4.runTwice(ModernFstabStep(), try D.make(), D.context())
        let fstab = try #require(try StockCentOS4.text(tree, "/etc/fstab"))
        let dir = try HostTools.temporaryDirectory("fstab")
        defer { HostTools.cleanUp(dir) }
        try Data(fstab.utf8).write(to: URL(fileURLWithPath: dir + "/fstab"))
        let r = try HostTools.run(["findmnt", "--fstab", "--tab-file", dir + "/fstab", "-n", "-r", "-o", "SOURCE,TARGET,FSTYPE,OPTIONS"])
        #expect(r.ok, "findmnt: \(r.output)")
        // findmnt shows "#obsolete" lines too (the HowTo's mark: its spec is not a device).
        let mounts = r.output.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        #expect(mounts == ["/dev/xvda1 / ext3 errors=remount-ro", "/dev/xvda2 swap swap sw"], "\(r.output)")
        #expect(!fstab.contains("\nUUID="), "no native UUID is left active:\n\(fstab)")
        #expect(fstab.contains("# builder: no guest disk for /home (was UUID=7c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f)"))
        #expect(fstab.contains("# builder: no guest disk for /media/cdrom0 (was /dev/sr0)"))
        let report = changes.map(\.reportLine)
        #expect(report.contains("fstab: note /: UUID=0b3c8a57-1f5e-4a47-9a5e-0e4d7a5b2c11 -> /dev/xvda1"), "\(report)")
        #expect(report.contains { $0.contains("commented out /home") })
        #expect(report.contains { $0.contains("/boot had its own partition") })
    }

    @Test func aTreeWithoutFstabGetsOne() throws {
        let tree = try D.make()
        var editor = TreeEditor(tree: tree, step: "t", time: StockCentOS4.buildTime)
        try editor.remove("/etc/fstab")
        let (out, changes) = try ModernFstabStep().run(on: editor.tree, context: D.context())
        let fstab = try #require(try StockCentOS4.text(out, "/etc/fstab"))
        #expect(fstab.hasPrefix(ModernFstabStep.header))
        #expect(fstab.contains("/dev/xvda1              /                       ext3    defaults        1 1"))
        #expect(changes.first?.reportLine == "fstab: added /etc/fstab (the tree had no /etc/fstab)")
    }

    @Test func anSdDiskIsAnError() {
        let disks = [GuestDisk(device: "sda1", mount: .root, fsType: "ext3")]
        #expect(throws: ModernDisks.Error.self) { try ModernFstabStep().run(on: try D.make(), context: D.context(disks: disks)) }
    }
}

@Suite struct ModernConsoleStepTests {
    typealias D = StockDebian
    static let link = "/etc/systemd/system/getty.target.wants/serial-getty@hvc0.service"

    @Test func systemdGetsTheLinkSystemctlEnableMakes() throws {
        let (tree, changes) = try StockCentOS4.runTwice(ModernConsoleStep(), try D.make(init: .systemd), D.context())
        let node = try #require(StockCentOS4.node(tree, Self.link))
        #expect(node.kind == .symlink(Array("/lib/systemd/system/serial-getty@.service".utf8)))
        #expect(tree.resolve(Self.link) != nil, "the link resolves to the unit inside the tree")
        #expect(StockCentOS4.node(tree, "/etc/inittab") == nil, "no inittab is made for systemd")
        #expect(changes.map(\.reportLine).contains {
            $0.hasPrefix("console: added \(Self.link) (getty on hvc0, as systemctl enable")
        })
    }

    @Test func sysvinitGetsAnInittabLine() throws {
        let (tree, _) = try StockCentOS4.runTwice(ModernConsoleStep(), try D.make(init: .sysvinit), D.context())
        let inittab = try #require(try StockCentOS4.text(tree, "/etc/inittab"))
        #expect(inittab == "id:2:initdefault:\n1:2345:respawn:/sbin/getty --noclear 38400 tty1\nhvc0:2345:respawn:/sbin/getty 38400 hvc0\n")
        #expect(StockCentOS4.node(tree, Self.link) == nil)
    }

    @Test func bothInitsGetTheirsAndSecurettyListsHvc0() throws {
        var t = try D.make(init: .both)
        try t.insert(StockCentOS4.file("console\ntty1\n", 0o600), at: GuestPath("/etc/securetty"))
        let (tree, _) = try StockCentOS4.runTwice(ModernConsoleStep(), t, D.context())
        #expect(StockCentOS4.node(tree, Self.link) != nil)
        #expect(try StockCentOS4.text(tree, "/etc/inittab")?.contains("hvc0:2345:respawn:/sbin/getty 38400 hvc0\n") == true)
        #expect(try StockCentOS4.text(tree, "/etc/securetty") == "console\ntty1\nhvc0\n")
    }

    @Test func aTreeWithoutInitIsRefused() {
        #expect(throws: ModernConsoleStep.Error.noInit) { try ModernConsoleStep().run(on: try D.make(init: .none), context: D.context()) }
    }
}

@Suite struct InitrdListingTests {
    typealias D = StockDebian

    @Test(arguments: [("gzip", false), ("zstd", false), ("gzip", true), (nil, false)] as [(String?, Bool)])
    func findsXenBlkfront(_ compressor: String?, _ early: Bool) throws {
        let bytes = try D.initrd(D.initrdWithBlkfront, compressor: compressor, early: early)
        let names = try InitrdListing.names(bytes, initrd: "initrd")
        #expect(InitrdListing.blockFrontend(in: names) == "usr/lib/modules/\(D.version)/kernel/drivers/block/xen-blkfront.ko")
        #expect(names.contains("init"))
        #expect(names.contains("kernel/x86/microcode/GenuineIntel.bin") == early)
    }

    @Test func garbageIsAnErrorNamingTheInitrd() {
        #expect(throws: InitrdListing.Error.self) { try InitrdListing.names(Array("not an initrd".utf8), initrd: "/boot/x") }
    }
}

@Suite struct ModernKernelStepTests {
    typealias D = StockDebian

    func select(_ tree: Tree, _ settings: AlignSettings = AlignSettings()) throws -> ModernKernelStep.Selection {
        try ModernKernelStep.select(tree, settings: settings, facts: GuestFacts(architecture: .x86_64, kernels: [D.version]))
    }

    @Test func theTreesKernelWithItsDebianInitrd() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let tree = try D.withKernel(try D.make(), fixtures: k, initrd: try D.initrd(D.initrdWithBlkfront))
        let s = try select(tree)
        #expect(s.kernel == D.kernel)
        #expect(s.blockFrontendModule?.hasSuffix("xen-blkfront.ko") == true)
        let (_, changes) = try ModernKernelStep(selection: s).run(on: tree, context: D.context())
        #expect(changes.map(\.reportLine) == [
            "kernel: note kernel \(D.version): xen-3.0-x86_64 (ELF notes (PT_NOTE)), xen-blkfront module, xen-netfront module, console hvc0; "
                + "initrd /boot/initrd.img-\(D.version) (holds usr/lib/modules/\(D.version)/kernel/drivers/block/xen-blkfront.ko)"
        ])
    }

    @Test func dracutsInitramfsNameIsFound() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let tree = try D.withKernel(
            try D.make(), fixtures: k, initrd: try D.initrd(D.initrdWithBlkfront), initrdName: "/boot/initramfs-\(D.version).img")
        #expect(try select(tree).kernel.initrdPath?.description == "/boot/initramfs-\(D.version).img")
    }

    @Test func anInitrdWithoutBlkfrontIsRefusedWithTheFix() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let tree = try D.withKernel(try D.make(), fixtures: k, initrd: try D.initrd(["init": "#!/bin/sh\n"]))
        let error = try #require(throws: ModernKernelStep.Error.self) { try select(tree) }
        #expect(error == .initrdWithoutBlockFrontend(kernel: "/boot/vmlinuz-\(D.version)", initrd: "/boot/initrd.img-\(D.version)"))
        #expect(error.description.contains("update-initramfs"))
    }

    @Test func noInitrdIsRefusedUnlessBlkfrontIsBuiltIn() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let modular = try D.withKernel(try D.make(), fixtures: k, initrd: nil)
        #expect(throws: ModernKernelStep.Error.noInitrd(kernel: "/boot/vmlinuz-\(D.version)", version: D.version)) { try select(modular) }
        let builtIn = try D.withKernel(try D.make(), fixtures: k, blkfront: "y", initrd: nil)
        #expect(try select(builtIn).kernel.initrdPath == nil)
        let none = try D.withKernel(try D.make(), fixtures: k, blkfront: "n", initrd: nil)
        #expect(throws: ModernKernelStep.Error.noBlockFrontend(kernel: "/boot/vmlinuz-\(D.version)")) { try select(none) }
    }

    @Test func aTreeWithoutKernelIsRefused() throws {
        let error = try #require(throws: ModernKernelStep.Error.self) { try select(try D.make()) }
        #expect(error.description.contains("linux-image-amd64") && error.description.contains("\"static\""))
    }
}

@Suite struct ModernMenuStepTests {
    typealias D = StockDebian

    func tree() throws -> Tree {
        var t = try D.make()
        for path in ["/boot/vmlinuz-\(D.version)", "/boot/initrd.img-\(D.version)"] {
            try t.insert(StockCentOS4.file("x"), at: GuestPath(path), parentTemplate: StockCentOS4.dir())
        }
        try t.insert(StockCentOS4.file("set root=(hd0,1)\n"), at: GuestPath("/boot/grub/grub.cfg"))
        return t
    }

    @Test func oneEntryWithTheXenRootAndConsole() throws {
        var s = AlignSettings()
        s.kernel.args = "quiet"
        let (out, changes) = try StockCentOS4.runTwice(ModernMenuStep(), try tree(), D.context(s))
        let menu = try #require(try StockCentOS4.text(out, "/boot/grub/menu.lst"))
        #expect(menu.contains("""
            title Debian GNU/Linux 12 (bookworm), kernel \(D.version)
            \tkernel /boot/vmlinuz-\(D.version) root=/dev/xvda1 ro quiet console=hvc0
            \tinitrd /boot/initrd.img-\(D.version)

            """), "\(menu)")
        #expect(StockCentOS4.node(out, "/boot/grub/grub.cfg") == nil, "GRUB 2's config would be read first")
        #expect(changes.map(\.reportLine).contains {
            $0.hasPrefix("bootmenu: removed /boot/grub/grub.cfg (PyGrub would read it instead")
        })
    }

    @Test func aSeparateBootDiskGetsRelativePaths() throws {
        let disks = [
            GuestDisk(device: "xvda1", mount: .root, fsType: "ext3"), GuestDisk(device: "xvda2", mount: try GuestPath("/boot"), fsType: "ext2"),
        ]
        let (out, _) = try ModernMenuStep().run(on: try tree(), context: D.context(disks: disks))
        let menu = try #require(try StockCentOS4.text(out, "/boot/grub/menu.lst"))
        #expect(menu.contains("\tkernel /vmlinuz-\(D.version) root=/dev/xvda1 ro console=hvc0\n\tinitrd /initrd.img-\(D.version)\n"))
    }
}

@Suite struct ModernNetworkStepTests {
    typealias D = StockDebian

    @Test func hostnameAndInterfacesAsTheRecipeSays() throws {
        var t = try D.make()
        try t.insert(StockCentOS4.file("""
            source /etc/network/interfaces.d/*

            auto lo
            iface lo inet loopback

            allow-hotplug eth0
            iface eth0 inet static
                address 10.0.0.5/24
                gateway 10.0.0.1

            """), at: GuestPath("/etc/network/interfaces"), parentTemplate: StockCentOS4.dir())
        var s = AlignSettings()
        s.hostname = "web1"
        var nic = AlignSettings.NetworkInterface(address: .ipv4(address: "192.168.1.10", prefix: 24))
        nic.gateway = "192.168.1.1"
        nic.dns = ["192.168.1.2"]
        s.network = [nic, AlignSettings.NetworkInterface()]
        let (out, _) = try StockCentOS4.runTwice(ModernNetworkStep(), t, D.context(s))
        #expect(try StockCentOS4.text(out, "/etc/hostname") == "web1\n")
        #expect(try StockCentOS4.text(out, "/etc/network/interfaces") == """
            source /etc/network/interfaces.d/*

            auto lo
            iface lo inet loopback

            auto eth0
            iface eth0 inet static
                address 192.168.1.10/24
                gateway 192.168.1.1
                dns-nameservers 192.168.1.2

            auto eth1
            iface eth1 inet dhcp

            """)
    }

    @Test func withoutIfupdownDHCPLeavesTheTreeAndStaticIsRefused() throws {
        let (out, changes) = try ModernNetworkStep().run(on: try D.make(), context: D.context())
        #expect(StockCentOS4.node(out, "/etc/network/interfaces") == nil)
        #expect(changes.map(\.action) == [.note])
        var s = AlignSettings()
        s.network = [AlignSettings.NetworkInterface(address: .ipv4(address: "10.0.0.2", prefix: 8))]
        #expect(throws: ModernNetworkStep.Error.staticWithoutIfupdown(index: 0)) {
            try ModernNetworkStep().run(on: try D.make(), context: D.context(s))
        }
    }
}
