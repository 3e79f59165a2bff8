@testable import Builder

/// A CentOS-4-shaped guest tree with what an initrd is made from: nash and insmod.static (small
/// ELF-looking files), an aligned /etc/fstab, a modprobe.conf as RHEL4's installer writes it for a
/// Xen guest, and a xenU module tree with modules.dep in module-init-tools' absolute format.
enum CentOS4InitrdTree {
    static let kernel = "2.6.9-55.ELxenU"
    static let time = Timestamp(seconds: 1_180_000_000)

    static func elf(_ name: String) -> [UInt8] {
        // An ELF32 little-endian header start, then a marker naming the program.
        [0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0] + [UInt8](repeating: 0, count: 8) + Array("static \(name) binary".utf8)
    }

    static let fstab = """
        # This file is edited by fstab-sync - see 'man fstab-sync' for details
        #LABEL=/                 /                       ext3    defaults        1 1
        /dev/sda1               /                       ext3    defaults,noatime 1 1
        none                    /dev/pts                devpts  gid=5,mode=620  0 0
        none                    /proc                   proc    defaults        0 0
        /dev/sda2               swap                    swap    defaults        0 0

        """

    static let modprobeConf = """
        alias eth0 xennet
        alias scsi_hostadapter xenblk
        options xenblk foo=1
        alias usb-controller ehci-hcd

        """

    static var modulesDep: String {
        let m = "/lib/modules/\(kernel)/kernel"
        return """
            \(m)/fs/ext3/ext3.ko: \(m)/fs/jbd/jbd.ko
            \(m)/fs/jbd/jbd.ko:
            \(m)/drivers/xen/blkfront/xenblk.ko:
            \(m)/drivers/xen/netfront/xennet.ko:

            """
    }

    static let modulePaths = [
        "fs/ext3/ext3.ko", "fs/jbd/jbd.ko", "drivers/xen/blkfront/xenblk.ko", "drivers/xen/netfront/xennet.ko",
    ]

    static func dir() -> Node { Node(kind: .directory([:]), permissions: 0o755, mtime: time) }

    static func file(_ bytes: [UInt8], _ permissions: UInt16 = 0o644) -> Node {
        Node(kind: .regular(.bytes(bytes)), permissions: permissions, mtime: time)
    }

    static func make(udev: Bool = false) throws -> Tree {
        var t = Tree(root: dir())
        func put(_ path: String, _ bytes: [UInt8], _ permissions: UInt16 = 0o644) throws {
            try t.insert(file(bytes, permissions), at: GuestPath(path), parentTemplate: dir())
        }
        try put("/sbin/nash", elf("nash"), 0o755)
        try put("/sbin/insmod.static", elf("insmod"), 0o755)
        try put("/etc/fstab", Array(fstab.utf8))
        try put("/etc/modprobe.conf", Array(modprobeConf.utf8))
        try put("/lib/modules/\(kernel)/modules.dep", Array(modulesDep.utf8))
        for path in modulePaths {
            try put("/lib/modules/\(kernel)/kernel/\(path)", Array("module \(path)".utf8), 0o744)
        }
        if udev {
            try put("/sbin/udev.static", elf("udev"), 0o755)
            try put("/etc/udev/udev.conf", Array(udevConf.utf8))
        }
        return t
    }

    static let udevConf = """
        # udev.conf
        udev_root="/dev/"
        udev_db="/dev/.udevdb"
        udev_rules="/etc/udev/rules.d/"
        udev_log="no"

        """

    static func context(console: String = "xvc0", isStatic: Bool = false, preload: [String]? = nil) throws -> AlignContext {
        var settings = AlignSettings()
        if let preload { settings.kernel.preload = preload }
        let kernel = GuestKernel(
            version: Self.kernel, imagePath: try GuestPath("/boot/vmlinuz-\(Self.kernel)"),
            initrdPath: isStatic ? nil : try GuestPath("/boot/initrd-\(Self.kernel).img"), abi: "xen-3.0-x86_32p",
            console: console, isStatic: isStatic)
        return AlignContext(
            settings: settings, facts: GuestFacts(), disks: [GuestDisk(device: "sda1", mount: .root, fsType: "ext3")],
            kernel: kernel, time: time)
    }
}
