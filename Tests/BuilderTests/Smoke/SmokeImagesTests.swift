import Foundation
import Testing

@testable import Builder

/// The smoke boot's own images: the dom0 initramfs (read back by cpio) and the guest disk (checked
/// by e2fsck and read back by debugfs).
@Suite struct SmokeImagesTests {
    /// A kernel module folder with modules.dep in depmod's relative format.
    private func fakeModules(_ dir: String) throws {
        let files = [
            "kernel/drivers/virtio/virtio.ko", "kernel/drivers/virtio/virtio_ring.ko",
            "kernel/drivers/virtio/virtio_pci.ko",
            "kernel/drivers/block/virtio_blk.ko", "kernel/crypto/crc32c_generic.ko", "kernel/fs/ext4/ext4.ko",
            "kernel/fs/jbd2/jbd2.ko", "kernel/fs/mbcache.ko", "kernel/lib/crc16.ko",
        ]
        for f in files {
            let path = dir + "/" + f
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(("module " + f).utf8).write(to: URL(fileURLWithPath: path))
        }
        let dep = """
            kernel/drivers/virtio/virtio.ko:
            kernel/drivers/virtio/virtio_ring.ko:
            kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko
            kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko
            kernel/crypto/crc32c_generic.ko:
            kernel/fs/ext4/ext4.ko: kernel/fs/jbd2/jbd2.ko kernel/fs/mbcache.ko kernel/lib/crc16.ko
            kernel/fs/jbd2/jbd2.ko:
            kernel/fs/mbcache.ko:
            kernel/lib/crc16.ko:

            """
        try Data(dep.utf8).write(to: URL(fileURLWithPath: dir + "/modules.dep"))
    }

    @Test func theInitramfsHoldsBusyboxTheModulesInLoadOrderAndInit() throws {
        let dir = try HostTools.temporaryDirectory("smoke-initramfs")
        defer { HostTools.cleanUp(dir) }
        let modules = dir + "/lib/modules/9.9.9-test"
        try fakeModules(modules)
        let bytes = try SmokeImages.dom0Initramfs(
            kernelModules: modules, release: "9.9.9-test", busybox: "/bin/busybox")
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/initrd.img"))
        let out = dir + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let r = try HostTools.run([
            "sh", "-c", "cd '\(out)' && gzip -dc ../initrd.img | cpio -idm --quiet && find . | sort",
        ])
        #expect(r.ok, "\(r.output)")
        let order = try String(contentsOfFile: out + "/modules.order", encoding: .utf8).split(separator: "\n").map {
            String($0.split(separator: "/").last ?? "")
        }
        #expect(
            order == [
                "virtio_ring.ko", "virtio.ko", "virtio_pci.ko", "virtio_blk.ko", "crc32c_generic.ko", "jbd2.ko",
                "mbcache.ko",
                "crc16.ko", "ext4.ko",
            ])
        #expect(
            try String(contentsOfFile: out + "/lib/modules/9.9.9-test/kernel/fs/ext4/ext4.ko", encoding: .utf8)
                == "module kernel/fs/ext4/ext4.ko")
        #expect(try String(contentsOfFile: out + "/init", encoding: .utf8) == SmokeScripts.initramfsInit)
        #expect(FileManager.default.isExecutableFile(atPath: out + "/init"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/bin/switch_root") == "busybox")
        let help = try HostTools.run([out + "/bin/busybox", "--help"])
        #expect(help.output.contains("BusyBox"))
    }

    @Test func aModuleMissingFromModulesDepIsAnError() throws {
        let dep = Initrd.ModulesDep(text: "kernel/fs/ext4/ext4.ko:\n", kernel: "k")
        #expect(throws: SmokeError.self) { try SmokeImages.loadOrder(["virtio_blk"], in: dep) }
        #expect(try SmokeImages.loadOrder(["ext4"], in: dep) == ["/lib/modules/k/kernel/fs/ext4/ext4.ko"])
    }

    @Test func theGuestDiskHoldsTheFolderUnderItsNameAndTheControlFiles() throws {
        let dir = try HostTools.temporaryDirectory("smoke-guestdisk")
        defer { HostTools.cleanUp(dir) }
        let folder = dir + "/web-1"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("name = \"web-1\"\n".utf8).write(to: URL(fileURLWithPath: folder + "/web-1.xl.cfg"))
        // A sparse 8 MiB "image" with data at its start and its end.
        let image = try HostFile.create(folder + "/sda1.img")
        try image.truncate(to: 8 << 20)
        try image.write(Array("start".utf8), at: 0)
        try image.write(Array("end".utf8), at: (8 << 20) - 3)
        try image.close()
        let env = SmokeScripts.environment(
            guest: "web-1", config: "/var/lib/xen/images/web-1/web-1.xl.cfg", imageDir: "/var/lib/xen/images",
            timeoutSeconds: 60, consoleLines: 40)
        _ = try SmokeImages.writeGuestDisk(
            guestFolder: folder, name: "web-1", environment: env, expect: "login:", fail: "Kernel panic|emergency", to: dir + "/guest.img")
        let fsck = try HostTools.run(["e2fsck", "-fn", dir + "/guest.img"])
        #expect(fsck.ok, "\(fsck.output)")
        func cat(_ path: String) throws -> String {
            try HostTools.run(["debugfs", "-R", "cat \(path)", dir + "/guest.img"]).output
        }
        #expect(try cat("/.builder-smoke/env").contains(env))
        #expect(try cat("/.builder-smoke/expect").contains("login:\n"))
        #expect(try cat("/.builder-smoke/fail").contains("Kernel panic|emergency\n"))
        #expect(try cat("/web-1/web-1.xl.cfg").contains("name = \"web-1\""))
        let dump = dir + "/sda1.copy"
        let r = try HostTools.run(["debugfs", "-R", "dump /web-1/sda1.img \(dump)", dir + "/guest.img"])
        #expect(r.ok)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: dump))
                == Data(contentsOf: URL(fileURLWithPath: folder + "/sda1.img")))
    }
}
