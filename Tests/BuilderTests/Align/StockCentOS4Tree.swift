import Foundation
import Testing

@testable import Builder

/// In-memory trees shaped like a native CentOS 4 install, with the stock files in their real
/// formats, and helpers to run a step on them.
enum StockCentOS4 {
    static let t0 = Timestamp(seconds: 1_100_000_000)
    static let buildTime = Timestamp(seconds: 1_200_000_000)

    static let fstab = """
        LABEL=/                 /                       ext3    defaults        1 1
        LABEL=/boot             /boot                   ext3    defaults        1 2
        none                    /dev/pts                devpts  gid=5,mode=620  0 0
        none                    /dev/shm                tmpfs   defaults        0 0
        none                    /proc                   proc    defaults        0 0
        none                    /sys                    sysfs   defaults        0 0
        /dev/VolGroup00/LogVol01 swap                    swap    defaults        0 0

        """

    /// initscripts-7.93.35-1.el4 `inittab`, with runlevel 5 as anaconda sets it for a desktop.
    static let inittab = """
        #
        # inittab       This file describes how the INIT process should set up
        #               the system in a certain run-level.
        #
        # Author:       Miquel van Smoorenburg, <miquels@drinkel.nl.mugnet.org>
        #               Modified for RHS Linux by Marc Ewing and Donnie Barnes
        #

        # Default runlevel. The runlevels used by RHS are:
        #   0 - halt (Do NOT set initdefault to this)
        #   1 - Single user mode
        #   2 - Multiuser, without NFS (The same as 3, if you do not have networking)
        #   3 - Full multiuser mode
        #   4 - unused
        #   5 - X11
        #   6 - reboot (Do NOT set initdefault to this)
        # 
        id:5:initdefault:

        # System initialization.
        si::sysinit:/etc/rc.d/rc.sysinit

        l0:0:wait:/etc/rc.d/rc 0
        l1:1:wait:/etc/rc.d/rc 1
        l2:2:wait:/etc/rc.d/rc 2
        l3:3:wait:/etc/rc.d/rc 3
        l4:4:wait:/etc/rc.d/rc 4
        l5:5:wait:/etc/rc.d/rc 5
        l6:6:wait:/etc/rc.d/rc 6

        # Trap CTRL-ALT-DELETE
        ca::ctrlaltdel:/sbin/shutdown -t3 -r now

        # When our UPS tells us power has failed, assume we have a few minutes
        # of power left.  Schedule a shutdown for 2 minutes from now.
        # This does, of course, assume you have powerd installed and your
        # UPS connected and working correctly.  
        pf::powerfail:/sbin/shutdown -f -h +2 "Power Failure; System Shutting Down"

        # If power was restored before the shutdown kicked in, cancel it.
        pr:12345:powerokwait:/sbin/shutdown -c "Power Restored; Shutdown Cancelled"


        # Run gettys in standard runlevels
        1:2345:respawn:/sbin/mingetty tty1
        2:2345:respawn:/sbin/mingetty tty2
        3:2345:respawn:/sbin/mingetty tty3
        4:2345:respawn:/sbin/mingetty tty4
        5:2345:respawn:/sbin/mingetty tty5
        6:2345:respawn:/sbin/mingetty tty6

        # Run xdm in runlevel 5
        x:5:respawn:/etc/X11/prefdm -nodaemon

        """

    static let modprobeConf = """
        alias eth0 e1000
        alias scsi_hostadapter ata_piix
        alias usb-controller uhci-hcd
        alias usb-controller1 ehci-hcd
        alias snd-card-0 snd-intel8x0
        options snd-card-0 index=0
        options e1000 InterruptThrottleRate=1
        install snd-intel8x0 /sbin/modprobe --ignore-install snd-intel8x0 && \\
            { /usr/sbin/alsactl restore >/dev/null 2>&1 || :; }
        remove snd-intel8x0 { /usr/sbin/alsactl store >/dev/null 2>&1 || : ; }; /sbin/modprobe -r --ignore-remove snd-intel8x0

        """

    static let ifcfgEth0 = """
        DEVICE=eth0
        BOOTPROTO=static
        BROADCAST=192.168.1.255
        HWADDR=00:0C:29:3A:5B:7C
        IPADDR=192.168.1.10
        NETMASK=255.255.255.0
        NETWORK=192.168.1.0
        ONBOOT=yes
        TYPE=Ethernet

        """

    static let ifcfgLo = """
        DEVICE=lo
        IPADDR=127.0.0.1
        NETMASK=255.0.0.0
        NETWORK=127.0.0.0
        # If you're having problems with gated making 127.0.0.0/8 a martian,
        # you can change this to something else (255.255.255.255, for example)
        BROADCAST=127.255.255.255
        ONBOOT=yes
        NAME=loopback

        """

    static let network = """
        NETWORKING=yes
        HOSTNAME=c4native.example.com
        GATEWAY=192.168.1.1

        """

    static let selinuxConfig = """
        # This file controls the state of SELinux on the system.
        # SELINUX= can take one of these three values:
        #	enforcing - SELinux security policy is enforced.
        #	permissive - SELinux prints warnings instead of enforcing.
        #	disabled - SELinux is fully disabled.
        SELINUX=enforcing
        # SELINUXTYPE= type of policy in use. Possible values are:
        #	targeted - Only targeted network daemons are protected.
        #	strict - Full SELinux protection.
        SELINUXTYPE=targeted

        """

    static let securetty = (["console"] + (1...11).map { "vc/\($0)" } + (1...11).map { "tty\($0)" })
        .map { $0 + "\n" }.joined()

    static let shadow = """
        root:$1$mJOYfv3h$kOuD0bG6lTx4X/0C5lrGq.:13600:0:99999:7:::
        bin:*:13600:0:99999:7:::
        daemon:*:13600:0:99999:7:::
        sshd:!!:13600:0:99999:7:::

        """

    static let resolvConf = """
        search example.com
        nameserver 192.168.1.1

        """

    /// (name, chkconfig header levels, start, stop): scripts as their RHEL4 packages ship them.
    static let services: [(String, String, Int, Int)] = [
        ("network", "2345", 10, 90), ("kudzu", "345", 5, 95), ("sshd", "2345", 55, 25), ("httpd", "-", 85, 15),
    ]

    static func initScript(_ name: String, _ levels: String, _ start: Int, _ stop: Int) -> String {
        """
        #!/bin/bash
        #
        # \(name)\t\tThis shell script takes care of starting and stopping \(name).
        #
        # chkconfig: \(levels) \(String(format: "%02d", start)) \(String(format: "%02d", stop))
        # description: \(name) for the tests.

        . /etc/init.d/functions
        exit 0

        """
    }

    static func dir(_ perm: UInt16 = 0o755) -> Node { Node(kind: .directory([:]), permissions: perm, mtime: t0) }

    static func file(_ text: String, _ perm: UInt16 = 0o644, uid: UInt32 = 0) -> Node {
        Node(kind: .regular(.string(text)), permissions: perm, uid: uid, mtime: t0)
    }

    static func link(_ target: String) -> Node {
        Node(kind: .symlink(Array(target.utf8)), permissions: 0o777, mtime: t0)
    }

    /// A native CentOS 4.5 i686 install: the stock files above, init scripts with their rc.d links
    /// as `chkconfig --add` left them (S in the header's levels, K elsewhere), /lib/tls, /boot.
    static func make() throws -> Tree {
        var t = Tree(root: dir())
        func put(_ path: String, _ node: Node) throws {
            try t.insert(node, at: GuestPath(path), parentTemplate: dir())
        }
        try put("/etc/redhat-release", file("CentOS release 4.5 (Final)\n"))
        try put("/etc/fstab", file(fstab))
        try put("/etc/inittab", file(inittab))
        try put("/etc/modprobe.conf", file(modprobeConf))
        try put("/etc/sysconfig/network", file(network))
        try put("/etc/sysconfig/network-scripts/ifcfg-eth0", file(ifcfgEth0))
        try put("/etc/sysconfig/network-scripts/ifcfg-lo", file(ifcfgLo))
        try put("/etc/selinux/config", file(selinuxConfig))
        try put("/etc/securetty", file(securetty, 0o600))
        try put("/etc/shadow", file(shadow, 0o400))
        try put("/etc/resolv.conf", file(resolvConf))
        try put("/etc/init.d", link("rc.d/init.d"))
        for level in 0...6 {
            try t.makeDirectories(GuestPath("/etc/rc.d/rc\(level).d"), template: dir())
            try put("/etc/rc\(level).d", link("rc.d/rc\(level).d"))
        }
        for (name, levels, start, stop) in services {
            try put("/etc/rc.d/init.d/\(name)", file(initScript(name, levels, start, stop), 0o755))
            for level in 0...6 {
                let on = levels.contains(String(level))
                let linkName = (on ? "S" : "K") + String(format: "%02d", on ? start : stop) + name
                try put("/etc/rc.d/rc\(level).d/\(linkName)", link("../init.d/\(name)"))
            }
        }
        try put("/lib/tls/libc-2.3.4.so", file("ELF libc", 0o755))
        try put("/lib/tls/libc.so.6", link("libc-2.3.4.so"))
        try put("/lib/tls/libpthread-0.10.so", file("ELF libpthread", 0o755))
        try put("/lib/libc-2.3.4.so", file("ELF libc linuxthreads", 0o755))
        try put("/bin/sh", link("bash"))
        try put("/sbin/ethtool", file("ELF ethtool", 0o755))
        try put("/boot/vmlinuz-2.6.9-55.EL", file("kernel"))
        try put("/boot/grub/grub.conf", file("default=0\n", 0o600))
        try t.makeDirectories(GuestPath("/dev"), template: dir())
        try t.makeDirectories(GuestPath("/root"), template: dir(0o750))
        return t
    }

    static let kernel = GuestKernel(
        version: "2.6.9-55.ELxenU", imagePath: try! GuestPath("/boot/vmlinuz-2.6.9-55.ELxenU"),
        initrdPath: try! GuestPath("/boot/initrd-2.6.9-55.ELxenU.img"), abi: "xen-3.0-x86_32p", console: "xvc0",
        isStatic: false)

    static func context(
        _ settings: AlignSettings = AlignSettings(), disks: [GuestDisk]? = nil,
        architecture: GuestFacts.Architecture = .x86_32, kernel: GuestKernel? = StockCentOS4.kernel
    ) -> AlignContext {
        AlignContext(
            settings: settings,
            facts: GuestFacts(
                release: "CentOS release 4.5 (Final)", majorVersion: 4, updateLevel: 5, architecture: architecture,
                kernels: ["2.6.9-55.EL"], selinux: .enforcing, separateBoot: true),
            disks: disks ?? [
                GuestDisk(device: "sda1", mount: .root, fsType: "ext3"),
                GuestDisk(device: "sda2", mount: nil, fsType: "swap"),
            ],
            kernel: kernel, time: buildTime)
    }

    /// Every reachable path with its node: two trees are the same guest when these are equal.
    static func snapshot(_ t: Tree) -> [String: Node] {
        var out: [String: Node] = [:]
        t.walk { p, id in out[p.description] = t[id] }
        return out
    }

    /// The paths whose node differs between two trees (added, removed or changed), sorted.
    static func differences(_ a: Tree, _ b: Tree) -> [String] {
        let (x, y) = (snapshot(a), snapshot(b))
        return Set(x.keys).union(y.keys).filter { x[$0] != y[$0] }.sorted()
    }

    static func text(_ t: Tree, _ path: String) throws -> String? {
        guard let id = t.resolve(path), case .regular = t[id].kind else { return nil }
        return String(decoding: try t.bytes(of: id), as: UTF8.self)
    }

    static func node(_ t: Tree, _ path: String) -> Node? { t.lookup(path).map { t[$0] } }

    /// Runs `step` twice: the second run must change nothing and say so in notes only.
    @discardableResult
    static func runTwice(
        _ step: some AlignStep, _ tree: Tree, _ context: AlignContext, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (Tree, [TreeChange]) {
        let (once, changes) = try step.run(on: tree, context: context)
        let (twice, again) = try step.run(on: once, context: context)
        #expect(
            again.allSatisfy { $0.action == .note }, "second run changed: \(again.map(\.reportLine))",
            sourceLocation: sourceLocation)
        #expect(differences(once, twice) == [], "second run changed the tree", sourceLocation: sourceLocation)
        #expect(again.allSatisfy { $0.step == step.name }, sourceLocation: sourceLocation)
        return (once, changes)
    }

    /// Writes `text` to a new file in a new temporary folder (for the host oracles).
    static func hostFile(_ name: String, _ text: String) throws -> (dir: String, path: String) {
        let dir = try HostTools.temporaryDirectory("align")
        let path = dir + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (dir, path)
    }
}
