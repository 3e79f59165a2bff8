/// Everything about one smoke dom0 that is decided before anything runs: where its cached parts
/// live, the commands that make its tree, what goes into its initramfs, and how QEMU starts Xen
/// with it. Facts: shared/reference/xen-in-qemu.md.
public struct Dom0Plan: Sendable, Equatable {
    public var versions: Dom0Versions
    /// `<repo or cwd>/.cache/smoke`.
    public var cacheRoot: String

    public init(versions: Dom0Versions, cacheRoot: String) {
        self.versions = versions
        self.cacheRoot = cacheRoot
    }

    /// The folder of this dom0's versions.
    public var folder: String { cacheRoot + "/" + versions.cacheKey }
    /// The dom0 tree (debootstrap, then xen-utils, then the kernel's modules).
    public var tree: String { folder + "/root" }
    /// Marks that debootstrap finished (the next steps may be redone without it).
    public var treeBootstrapped: String { folder + "/root.bootstrapped" }
    /// Marks a complete tree: Xen's tools installed and the kernel's modules copied.
    public var treeComplete: String { folder + "/root.complete" }
    /// The kernel package unpacked (dpkg-deb -x).
    public var kernelFolder: String { folder + "/kernel" }
    /// The hypervisor package unpacked.
    public var xenFolder: String { folder + "/xen-hypervisor" }
    public var kernelImage: String { kernelFolder + "/boot/vmlinuz-" + versions.kernelRelease }
    public var kernelModules: String { kernelFolder + "/lib/modules/" + versions.kernelRelease }
    /// The packaged hypervisor (gzip), and the plain ELF QEMU's multiboot loader needs.
    public var xenGzip: String { xenFolder + "/boot/xen-4.17-amd64.gz" }
    public var xenELF: String { folder + "/xen-4.17-amd64" }
    /// Images depend on the scripts inside them too: their names carry the scripts' digest.
    public func dom0Image(scriptsDigest: String) -> String { folder + "/dom0-\(scriptsDigest).img" }
    public func dom0Initramfs(scriptsDigest: String) -> String { folder + "/dom0-initrd-\(scriptsDigest).img" }

    /// debootstrap's command: minbase plus what the dom0 script uses besides bash and coreutils.
    public func debootstrap(mirror: String) -> [String] {
        ["debootstrap", "--variant=minbase", "--include=kmod,procps,iproute2", "bookworm", tree, mirror]
    }

    /// Installs Xen's tools in the tree, at the hypervisor's version, without recommends (no QEMU:
    /// PV guests on raw files need only blkback and the loop device).
    public var installXenTools: [[String]] {
        [
            ["chroot", tree, "apt-get", "update", "-q"],
            [
                "chroot", tree, "apt-get", "install", "-y", "-q", "--no-install-recommends",
                "xen-utils-4.17=\(versions.xen)",
            ],
            ["chroot", tree, "apt-get", "clean"],
        ]
    }

    /// The parts of the kernel's modules dom0 needs (Xen backends, loop, bridge, filesystems,
    /// virtio), relative to /lib/modules/<release>: the whole set would double the image.
    public static let moduleFolders = [
        "kernel/fs", "kernel/lib", "kernel/crypto", "kernel/arch", "kernel/block", "kernel/mm", "kernel/net",
        "kernel/drivers/xen", "kernel/drivers/block", "kernel/drivers/virtio", "kernel/drivers/char",
        "kernel/drivers/net/xen-netback",
    ]

    /// The modules the initramfs loads, in this order after their dependencies: the virtio disk and
    /// ext4 (which needs crc32c_generic, a soft dependency depmod does not list).
    public static let initramfsModules = ["virtio_pci", "virtio_blk", "crc32c_generic", "ext4"]

    /// busybox applets the initramfs script calls, as links to /bin/busybox.
    public static let initramfsApplets = [
        "sh", "mount", "umount", "insmod", "sleep", "cat", "echo", "ls", "switch_root",
    ]

    /// Xen's command line: everything on com1 (QEMU's serial file), dom0 with 1 GiB. No `noreboot`:
    /// a crash reboots, and QEMU's -no-reboot then ends at once.
    public static let xenCommandLine =
        "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all console_timestamps=boot dom0_mem=1024M,max:1024M"

    /// dom0 kernel's command line: console on hvc0 (Xen forwards it to com1), root the first virtio disk.
    public static let dom0CommandLine =
        "console=hvc0 earlyprintk=xen root=/dev/vda smoke.init=\(SmokeScripts.dom0InitPath)"

    /// QEMU's arguments (after the program name). `dom0Image` is opened snapshot=on (dom0's writes
    /// are thrown away, so the cached image stays as written); the guest disk is the second disk.
    public func qemuArguments(
        accelerator: SmokeAccelerator, dom0Image: String, dom0Initramfs: String, guestDisk: String,
        serialLog: String, memoryMiB: Int = 2048, cpus: Int = 2
    ) throws(SmokeError) -> [String] {
        for path in [xenELF, kernelImage, dom0Image, dom0Initramfs, guestDisk, serialLog] where path.contains(",") {
            // QEMU separates -initrd modules and -drive options with commas.
            throw .commaInPath(path)
        }
        return accelerator.qemuArguments + [
            "-machine", "pc", "-smp", "\(cpus)", "-m", "\(memoryMiB)",
            "-nographic", "-no-reboot", "-monitor", "none", "-serial", "file:" + serialLog,
            "-kernel", xenELF, "-append", Self.xenCommandLine,
            "-initrd", "\(kernelImage) \(Self.dom0CommandLine),\(dom0Initramfs)",
            "-drive", "file=\(dom0Image),if=virtio,format=raw,snapshot=on",
            "-drive", "file=\(guestDisk),if=virtio,format=raw",
        ]
    }
}

/// How QEMU runs the CPU: KVM when the host has hardware virtualisation that can run Xen, else
/// TCG emulation (Xen PV needs no VT-x/AMD-V inside the guest machine).
public enum SmokeAccelerator: Sendable, Equatable {
    case kvm
    case tcg

    /// `-cpu qemu64` under TCG: `-cpu max` crashes dom0 at its first fault (SMAP).
    public var qemuArguments: [String] {
        switch self {
        case .kvm: return ["-accel", "kvm", "-cpu", "host"]
        case .tcg: return ["-accel", "tcg,thread=multi", "-cpu", "qemu64"]
        }
    }

    public var name: String {
        switch self {
        case .kvm: return "KVM"
        case .tcg: return "TCG emulation"
        }
    }

    /// KVM only with /dev/kvm usable and a hardware KVM module (kvm_intel, kvm_amd) loaded: a
    /// software KVM such as kvm_pvm opens /dev/kvm but cannot run Xen (it fails at `rdsspq`).
    /// Returns the choice and why, for the line `builder smoke` prints.
    public static func choose(kvmDeviceUsable: Bool, loadedModules: [String]) -> (SmokeAccelerator, String) {
        guard kvmDeviceUsable else { return (.tcg, "no usable /dev/kvm") }
        if loadedModules.contains("kvm_intel") || loadedModules.contains("kvm_amd") {
            return (.kvm, "/dev/kvm with hardware virtualisation")
        }
        let software = loadedModules.filter { $0.hasPrefix("kvm_") }
        let which =
            software.isEmpty
            ? "no kvm_intel or kvm_amd module" : "/dev/kvm is \(software.joined(separator: ", ")), which cannot run Xen"
        return (.tcg, which)
    }
}
