import Foundation

@testable import Builder

/// A guest that boots today without the modern profile: a busybox tree whose /boot holds Debian's
/// cloud kernel (DebianKernel), an initramfs that loads xen-blkfront and mounts the root, and a
/// menu.lst written as a file; its init shows a getty login prompt on hvc0. Baked through the
/// binary with profile "none"; the xl config (which profile "none" does not write) is rendered
/// by builder's DomainConfig and put beside the image, as a pygrub guest's config.
enum SmokeGuestFixture {
    static let name = "smoke-guest"

    /// /sbin/init: the marker line, then a login prompt on hvc0 for as long as it runs.
    static let initScript = """
        #!/bin/sh
        export PATH=/bin:/sbin
        mount -t proc proc /proc; mount -t sysfs sys /sys
        echo "smoke guest: kernel $(uname -r), root $(awk '$2=="/"{print $1}' /proc/mounts | tail -1), up after $(cut -d' ' -f1 /proc/uptime)s"
        hostname smoke-guest
        while :; do getty -L 115200 hvc0 vt100; done

        """

    /// The initramfs's /init: xen-blkfront, then the root= device (the 6.1 blkfront names vdev
    /// sda1 /dev/xvda1), then the tree's /sbin/init.
    static let initramfsInit = """
        #!/bin/sh
        export PATH=/bin
        mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
        insmod /lib/modules/xen-blkfront.ko
        ROOT=/dev/xvda1
        for a in $(cat /proc/cmdline); do case $a in root=*) ROOT=${a#root=};; esac; done
        i=0; while [ ! -b "$ROOT" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
        if mount -o ro "$ROOT" /newroot; then
            umount /proc /sys; mount --move /dev /newroot/dev
            exec switch_root /newroot /sbin/init
        fi
        echo "smoke guest initramfs: cannot mount $ROOT (block devices: $(ls /sys/block))"
        # Power off and stay: an init that exits panics, and the panic's trace would push the
        # line above out of the console's end that builder prints.
        sleep 5; echo o > /proc/sysrq-trigger; sleep 30

        """

    /// Bakes the guest into `scratch`/out and returns its folder. `menuRoot` is the root= the
    /// menu gives (a wrong one makes a guest that cannot boot).
    static func bake(in scratch: String, menuRoot: String = "/dev/xvda1") throws -> String {
        let vmlinuz = try DebianKernel.ensure()
        let boot = (vmlinuz as NSString).deletingLastPathComponent
        let release = String((vmlinuz as NSString).lastPathComponent.dropFirst("vmlinuz-".count))
        let blkfront =
            (boot as NSString).deletingLastPathComponent
            + "/lib/modules/\(release)/kernel/drivers/block/xen-blkfront.ko"
        let busybox = try HostTools.path(of: "busybox")
        let tree = scratch + "/tree"
        let fm = FileManager.default
        for dir in ["bin", "sbin", "boot/grub", "dev", "proc", "sys", "etc", "tmp", "root"] {
            try fm.createDirectory(atPath: tree + "/" + dir, withIntermediateDirectories: true)
        }
        try fm.copyItem(atPath: busybox, toPath: tree + "/bin/busybox")
        let applets = try HostTools.run([busybox, "--list"]).output.split(separator: "\n").map(String.init)
        for applet in applets where applet != "busybox" {
            try fm.createSymbolicLink(atPath: tree + "/bin/" + applet, withDestinationPath: "busybox")
        }
        try write(initScript, tree + "/sbin/init", mode: 0o755)
        try write("Smoke guest \\n \\l\n\n", tree + "/etc/issue")
        try write("root::0:0:root:/root:/bin/sh\n", tree + "/etc/passwd")
        try fm.copyItem(atPath: vmlinuz, toPath: tree + "/boot/vmlinuz")
        var initramfs = CpioArchive()
        for dir in ["bin", "dev", "proc", "sys", "newroot", "lib", "lib/modules"] { initramfs.directory(dir) }
        initramfs.file("bin/busybox", Array(try Data(contentsOf: URL(fileURLWithPath: busybox))), permissions: 0o755)
        for applet in ["sh", "mount", "umount", "insmod", "sleep", "cat", "echo", "ls", "switch_root"] {
            initramfs.symlink("bin/" + applet, to: "busybox")
        }
        initramfs.file(
            "lib/modules/xen-blkfront.ko", Array(try Data(contentsOf: URL(fileURLWithPath: blkfront))),
            permissions: 0o644)
        initramfs.file("init", Array(initramfsInit.utf8), permissions: 0o755)
        try Data(try CpioWriter.write(initramfs, mtime: Timestamp(seconds: 0), compression: .gzip))
            .write(to: URL(fileURLWithPath: tree + "/boot/initrd.img"))
        try write(
            """
            default 0
            timeout 0
            title smoke guest (Debian \(release), busybox)
            root (hd0,0)
            kernel /boot/vmlinuz root=\(menuRoot) console=hvc0
            initrd /boot/initrd.img

            """, tree + "/boot/grub/menu.lst")
        try write(
            """
            { "name": "\(name)", "profile": "none", "source": { "tree": "tree", "owner": "0:0" },
              "disks": [ { "device": "sda1", "mount": "/", "size": "auto", "free": "8M", "fs": "ext3" } ],
              "output": { "dir": "out" } }
            """, scratch + "/recipe.json")
        let bake = try CLIHarness.builder(["bake", "--plain", "recipe.json"], cwd: scratch)
        guard bake.status == 0 else { throw Failed(text: "bake failed: \(bake.stderr)") }
        let folder = scratch + "/out/" + name
        let config = DomainConfig(
            name: name, uuid: DiskIdentity.text(DiskIdentity.uuid(.domainUUID, guest: name, device: "")), memory: 256,
            vcpus: 1,
            boot: .pygrub,
            disks: [DomainConfig.VBD(access: .file, target: "\(Recipe.Output.defaultImageDir)/\(name)/sda1.img", vdev: "sda1")],
            vifs: [])
        try write(try config.xl(), folder + "/\(name).xl.cfg")
        return folder
    }

    private static func write(_ text: String, _ path: String, mode: Int = 0o644) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    struct Failed: Error, CustomStringConvertible {
        var text: String
        var description: String { text }
    }
}
