/// What every alignment step may read besides the tree: the recipe's choices, what detection
/// found in the tree, the guest's disks, the chosen kernel, and the time for what builder writes.
public struct AlignContext: Sendable {
    public var settings: AlignSettings
    public var facts: GuestFacts
    public var disks: [GuestDisk]
    /// The DomU kernel, once the kernel step has chosen or installed it.
    public var kernel: GuestKernel?
    public var time: Timestamp

    public init(settings: AlignSettings, facts: GuestFacts, disks: [GuestDisk], kernel: GuestKernel? = nil, time: Timestamp) {
        self.settings = settings
        self.facts = facts
        self.disks = disks
        self.kernel = kernel
        self.time = time
    }

    /// The disk that mounts "/".
    public var rootDisk: GuestDisk? { disks.first { $0.mount == .root } }
}

/// One block device as the guest will see it.
public struct GuestDisk: Sendable, Equatable {
    /// "sda1", "xvda2" (no /dev/).
    public var device: String
    /// Where it is mounted; nil for swap.
    public var mount: GuestPath?
    /// "ext3", "ext2" or "swap".
    public var fsType: String

    public init(device: String, mount: GuestPath?, fsType: String) {
        self.device = device
        self.mount = mount
        self.fsType = fsType
    }

    public var isSwap: Bool { mount == nil }
}

/// What detection read from the tree (each field says where it came from).
public struct GuestFacts: Sendable, Equatable {
    public enum Architecture: String, Sendable, Equatable {
        /// 32-bit x86 (the ELF class of /bin/sh; i386 and i686 look the same there).
        case x86_32
        case x86_64
    }
    public enum SELinuxState: String, Sendable, Equatable {
        case enforcing, permissive, disabled
    }

    /// The first line of /etc/redhat-release, e.g. "CentOS release 4.5 (Final)".
    public var release: String?
    /// 4 for CentOS/RHEL 4.
    public var majorVersion: Int?
    /// The update level (4.5 → 5; RHEL "Update 5" → 5).
    public var updateLevel: Int?
    public var architecture: Architecture?
    /// Kernel versions with a /boot/vmlinuz-VERSION or a /lib/modules/VERSION.
    public var kernels: [String]
    /// From /etc/selinux/config (SELINUX=); nil when the file is absent.
    public var selinux: SELinuxState?
    /// The native /etc/fstab had its own /boot line.
    public var separateBoot: Bool

    public init(
        release: String? = nil, majorVersion: Int? = nil, updateLevel: Int? = nil,
        architecture: Architecture? = nil, kernels: [String] = [], selinux: SELinuxState? = nil,
        separateBoot: Bool = false
    ) {
        self.release = release
        self.majorVersion = majorVersion
        self.updateLevel = updateLevel
        self.architecture = architecture
        self.kernels = kernels
        self.selinux = selinux
        self.separateBoot = separateBoot
    }
}

/// The DomU kernel the guest boots.
public struct GuestKernel: Sendable, Equatable {
    /// uname -r, e.g. "2.6.9-55.ELxenU".
    public var version: String
    /// The kernel file in the tree, e.g. /boot/vmlinuz-2.6.9-55.ELxenU.
    public var imagePath: GuestPath
    /// The initrd builder writes (nil for a static kernel).
    public var initrdPath: GuestPath?
    /// Its Xen guest ABI, e.g. "xen-3.0-x86_32p".
    public var abi: String
    /// The console the kernel uses for Xen ("xvc0" for RHEL4/5 xenU kernels, "hvc0" for pv_ops).
    public var console: String
    /// Built without modules (xenblk and xennet built in).
    public var isStatic: Bool

    public init(
        version: String, imagePath: GuestPath, initrdPath: GuestPath?, abi: String, console: String,
        isStatic: Bool
    ) {
        self.version = version
        self.imagePath = imagePath
        self.initrdPath = initrdPath
        self.abi = abi
        self.console = console
        self.isStatic = isStatic
    }
}
