import Foundation
import Testing

@testable import Builder

/// In-memory trees shaped like a Debian 12 install with its distribution kernel, and what the
/// modern steps need to run on them.
enum StockDebian {
    typealias C = StockCentOS4
    static let version = "6.1.0-9-amd64"

    /// A Debian installer's fstab: filesystems by UUID, a separate /boot and /home, the cdrom.
    static let fstab = """
        # /etc/fstab: static file system information.
        #
        # <file system> <mount point>   <type>  <options>       <dump>  <pass>
        # / was on /dev/sda2 during installation
        UUID=0b3c8a57-1f5e-4a47-9a5e-0e4d7a5b2c11 /               ext4    errors=remount-ro 0       1
        # /boot was on /dev/sda1 during installation
        UUID=4a1e6b8c-2d3f-4e5a-8b7c-9d0e1f2a3b4c /boot           ext2    defaults        0       2
        # /home was on /dev/sda4 during installation
        UUID=7c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f /home           ext4    defaults        0       2
        # swap was on /dev/sda3 during installation
        UUID=1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b none            swap    sw              0       0
        /dev/sr0        /media/cdrom0   udf,iso9660 user,noauto     0       0

        """

    static let osRelease = """
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        ID=debian

        """

    /// What every variant has; `init` adds systemd's unit or sysvinit's inittab.
    enum Init { case systemd, sysvinit, both, none }

    static func make(init initSystem: Init = .systemd) throws -> Tree {
        var t = Tree(root: C.dir())
        func put(_ path: String, _ node: Node) throws {
            try t.insert(node, at: GuestPath(path), parentTemplate: C.dir())
        }
        try put("/etc/debian_version", C.file("12.5\n"))
        try put("/etc/os-release", C.file(osRelease))
        try put("/etc/fstab", C.file(fstab))
        try put("/etc/hostname", C.file("installer\n"))
        if initSystem == .systemd || initSystem == .both {
            try put("/lib/systemd/system/serial-getty@.service", C.file("[Unit]\nDescription=Serial Getty on %I\n"))
            try put("/etc/systemd/system/getty.target.wants/getty@tty1.service", C.link("/lib/systemd/system/getty@.service"))
        }
        if initSystem == .sysvinit || initSystem == .both {
            try put("/etc/inittab", C.file("id:2:initdefault:\n1:2345:respawn:/sbin/getty --noclear 38400 tty1\n"))
        }
        return t
    }

    static func context(
        _ settings: AlignSettings = AlignSettings(), disks: [GuestDisk]? = nil, kernel: GuestKernel? = StockDebian.kernel
    ) -> AlignContext {
        AlignContext(
            settings: settings, facts: GuestFacts(architecture: .x86_64, kernels: [version]),
            disks: disks ?? [
                GuestDisk(device: "xvda1", mount: .root, fsType: "ext3"),
                GuestDisk(device: "xvda2", mount: nil, fsType: "swap"),
            ],
            kernel: kernel, time: C.buildTime)
    }

    static let kernel = GuestKernel(
        version: version, imagePath: try! GuestPath("/boot/vmlinuz-\(version)"),
        initrdPath: try! GuestPath("/boot/initrd.img-\(version)"), abi: "xen-3.0-x86_64", console: "hvc0", isStatic: false)

    /// A newc cpio made by cpio(1) from `files` (path → content), compressed by `compressor`
    /// ("gzip", "zstd" or nil), with an uncompressed early cpio before it when `early` is set.
    static func initrd(_ files: [String: String], compressor: String? = "gzip", early: Bool = false) throws -> [UInt8] {
        let dir = try HostTools.temporaryDirectory("initrd")
        defer { HostTools.cleanUp(dir) }
        func archive(_ root: String, _ members: [String: String], _ filter: String?) throws -> [UInt8] {
            for (path, text) in members {
                let full = root + "/" + path
                try FileManager.default.createDirectory(
                    atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: full))
            }
            let out = root + ".cpio"
            let pipe = filter.map { " | \($0) -c" } ?? ""
            let r = try HostTools.run(["sh", "-c", "cd '\(root)' && find . | sort | cpio -o -H newc --quiet\(pipe) > '\(out)'"])
            #expect(r.ok, "cpio: \(r.output)")
            return Array(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        var bytes: [UInt8] = []
        if early {
            bytes += try archive(dir + "/early", ["kernel/x86/microcode/GenuineIntel.bin": "microcode"], nil)
        }
        bytes += try archive(dir + "/main", files, compressor)
        return bytes
    }

    static let initrdWithBlkfront: [String: String] = [
        "init": "#!/bin/sh\n",
        "usr/lib/modules/\(version)/kernel/drivers/block/xen-blkfront.ko": "module",
        "usr/lib/modules/\(version)/kernel/drivers/net/xen-netfront.ko": "module",
    ]

    /// A tree with the x86_64 Xen kernel fixture as /boot/vmlinuz-VERSION (its notes are a pv_ops
    /// kernel's), a /boot/config-VERSION saying `blkfront`, and, when given, an initrd.
    static func withKernel(
        _ base: Tree, fixtures: KernelFixtures, blkfront: String = "m", initrd: [UInt8]?, initrdName: String? = nil
    ) throws -> Tree {
        var t = base
        func put(_ path: String, _ node: Node) throws {
            try t.insert(node, at: GuestPath(path), parentTemplate: C.dir())
        }
        try put("/boot/vmlinuz-\(version)", Node(kind: .regular(.bytes(try fixtures.bytes("notes64.gz"))), permissions: 0o644, mtime: C.t0))
        try put("/boot/config-\(version)", C.file("CONFIG_XEN_PV=y\nCONFIG_XEN_BLKDEV_FRONTEND=\(blkfront)\nCONFIG_XEN_NETDEV_FRONTEND=m\nCONFIG_HVC_XEN=y\n"))
        try t.makeDirectories(GuestPath("/lib/modules/\(version)"), template: C.dir())
        if let initrd {
            try put(initrdName ?? "/boot/initrd.img-\(version)", Node(kind: .regular(.bytes(initrd)), permissions: 0o644, mtime: C.t0))
        }
        return t
    }
}
