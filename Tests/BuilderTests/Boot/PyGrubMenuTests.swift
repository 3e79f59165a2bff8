import Foundation
import Testing

@testable import Builder

/// The CentOS-4 fixture → MenuLstStep → Ext.write (ext3) → Xen's own PyGrub, run on the image
/// file as xl runs it: it must find the menu, boot entry 0 with our kernel and initrd, and pass
/// the arguments.
@Suite(.serialized)
struct PyGrubMenuTests {
    typealias S = BootTestSupport

    /// Writes `tree` as an ext3 image (4 KiB blocks) in `dir`.
    static func image(_ tree: Tree, in dir: String) throws -> String {
        let options = Ext.Options(
            flavor: .ext3, blockSize: 4096, uuid: Array(0x30...0x3f), hashSeed: Array(0x40...0x4f), label: "/",
            timestamp: S.time)
        let size = try Ext.autoSize(for: tree, free: 4 << 20, options: options)
        let path = dir + "/root.img"
        _ = try Ext.write(tree, size: size, options: options, to: path)
        return path
    }

    static func bytes(_ tree: Tree, _ path: String) throws -> [UInt8] {
        try #require(try tree.resolve(path).map { try tree.bytes(of: $0) }, "\(path) in the tree")
    }

    @Test("pygrub boots entry 0: the tree's xenU kernel and initrd, byte for byte, and root=/dev/sda1 ro 3 console=xvc0",
          arguments: CentOS4Tree.Arch.allCases)
    func bootsTheXenUKernel(arch: CentOS4Tree.Arch) throws {
        let dir = try HostTools.temporaryDirectory("pygrub-boot")
        defer { HostTools.cleanUp(dir) }
        var kernel = try S.xenUKernel()
        kernel.abi = arch == .x86_64 ? "xen-3.0-x86_64" : "xen-3.0-x86_32p"
        let (tree, _) = try MenuLstStep().run(on: try S.treeWithInitrd(arch), context: try S.context(kernel: kernel))
        let image = try Self.image(tree, in: dir)

        let boot = try PyGrub.boot(image)
        #expect(boot.args == "root=/dev/sda1 ro 3 console=xvc0", "\(boot.output)")
        let vmlinuz = try Self.bytes(tree, "/boot/vmlinuz-\(CentOS4Tree.xenU)")
        let sameKernel = boot.kernel == vmlinuz
        #expect(sameKernel, "kernel: \(boot.kernel.count) bytes extracted, \(vmlinuz.count) in the tree")
        #expect(Array(boot.kernel.prefix(2)) == [0x1f, 0x8b], "the gzip'd xenU ELF, not the native bzImage")
        let sameRamdisk = boot.ramdisk == S.initrdStandIn(CentOS4Tree.xenU)
        #expect(sameRamdisk, "ramdisk: \(boot.ramdisk?.count ?? -1) bytes extracted; \(boot.output)")
    }

    @Test("a static kernel: pygrub boots it with no ramdisk")
    func staticKernel() throws {
        let dir = try HostTools.temporaryDirectory("pygrub-static")
        defer { HostTools.cleanUp(dir) }
        let context = try S.context(args: "3", kernel: try S.xenUKernel(static: true))
        let (tree, _) = try MenuLstStep().run(on: try CentOS4Tree.tree(), context: context)
        let boot = try PyGrub.boot(try Self.image(tree, in: dir))
        #expect(boot.ramdisk == nil, "\(boot.output)")
        #expect(!boot.output.contains("ramdisk"), "\(boot.output)")
        #expect(boot.args == "root=/dev/sda1 ro 3 console=xvc0")
        let sameKernel = try boot.kernel == Self.bytes(tree, "/boot/vmlinuz-\(CentOS4Tree.xenU)")
        #expect(sameKernel, "kernel: \(boot.kernel.count) bytes extracted")
    }

    @Test("pygrub -l lists only xenU entries, the chosen one first (the native grub.conf is gone)")
    func listsOnlyXenU() throws {
        let dir = try HostTools.temporaryDirectory("pygrub-list")
        defer { HostTools.cleanUp(dir) }
        var tree = try S.treeWithInitrd()
        let vmlinuz = try Self.bytes(tree, "/boot/vmlinuz-\(CentOS4Tree.xenU)")
        try S.put(&tree, "/boot/vmlinuz-2.6.9-42.0.3.ELxenU", vmlinuz)
        try S.put(&tree, "/boot/initrd-2.6.9-42.0.3.ELxenU.img", S.initrdStandIn("42"))
        try S.put(&tree, "/boot/grub/grub.cfg", Array("menuentry 'stray GRUB 2' {\n linux /vmlinuz\n}\n".utf8))
        let image = try Self.image(try MenuLstStep().run(on: tree, context: try S.context()).0, in: dir)

        let (entries, output) = try PyGrub.list(image)
        #expect(entries == [
            PyGrub.Entry(
                title: "CentOS 4 (2.6.9-55.ELxenU)", kernel: "/boot/vmlinuz-2.6.9-55.ELxenU",
                args: "root=/dev/sda1 ro 3 console=xvc0", initrd: "/boot/initrd-2.6.9-55.ELxenU.img"),
            PyGrub.Entry(
                title: "CentOS 4 (2.6.9-42.0.3.ELxenU)", kernel: "/boot/vmlinuz-2.6.9-42.0.3.ELxenU",
                args: "root=/dev/sda1 ro 3 console=xvc0", initrd: "/boot/initrd-2.6.9-42.0.3.ELxenU.img"),
        ], "\(output)")
        #expect(entries.allSatisfy { $0.kernel.hasSuffix("xenU") })

        // The second entry is bootable too.
        let second = try PyGrub.boot(image, entry: "1")
        let sameRamdisk = second.ramdisk == S.initrdStandIn("42")
        #expect(sameRamdisk, "ramdisk: \(second.ramdisk?.count ?? -1) bytes extracted; \(second.output)")
    }

    @Test("the oracle can fail: pygrub on the unaligned fixture boots the native kernel with root=LABEL=/ (or finds nothing)")
    func oracleSeesTheNativeMenu() throws {
        let dir = try HostTools.temporaryDirectory("pygrub-native")
        defer { HostTools.cleanUp(dir) }
        let image = try Self.image(try CentOS4Tree.tree(), in: dir)
        // The native grub.conf names /vmlinuz-2.6.9-55.EL, relative to a /boot partition the image
        // does not have: PyGrub lists the entry but cannot boot it.
        let (entries, output) = try PyGrub.list(image)
        #expect(entries.map(\.title) == ["CentOS-4 i386 (2.6.9-55.EL)"], "\(output)")
        #expect(entries.first?.args == "ro root=LABEL=/ rhgb quiet")
        #expect(throws: PyGrub.Failed.self) { try PyGrub.boot(image) }
    }
}
