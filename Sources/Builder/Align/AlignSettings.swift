/// What a recipe says about aligning a guest to Xen: every choice the HowTo leaves to the user,
/// with the defaults a user of the HowTo would pick. The recipe decoder fills it.
public struct AlignSettings: Sendable, Equatable {
    /// The hypervisor's capabilities (as in /sys/hypervisor/properties/capabilities): the guest
    /// kernel's ABI must be one of them. Default: a 64-bit Xen with 32-bit PAE guests.
    public var hypervisor: [String] = ["xen-3.0-x86_64", "xen-3.0-x86_32p"]
    public var kernel = KernelSettings()
    /// The Xen console device for the getty ("xvc0", "console", "hvc0"); nil: what the kernel uses.
    public var console: String?
    public var selinux: SELinuxMode?
    public var tls: TLSMode = .fix
    /// Turn TX checksum offload off on every guest interface (/sbin/ifup-local).
    public var txChecksumOff = true
    public var network: [NetworkInterface] = [NetworkInterface()]
    public var hostname: String?
    public var customisation = Customisation()
    /// The domain's memory in MiB (xm's default, facts §5.1).
    public var memory = 128
    public var vcpus = 1

    public init() {}

    public struct KernelSettings: Sendable, Equatable {
        public enum Boot: String, Sendable, Equatable, CaseIterable {
            /// Kernel and initrd inside the guest, /boot/grub/menu.lst for PyGrub.
            case pygrub
            /// Kernel and initrd copied out beside the images; kernel=/ramdisk= in the config.
            case dom0
            /// A kernel with built-in xenblk and xennet: no initrd, no modules.
            case `static`
        }
        public var boot: Boot = .pygrub
        /// A kernel-xenU RPM to install (host path).
        public var rpm: String?
        /// A kernel file (host path): the static kernel, or a kernel to put in /boot.
        public var image: String?
        /// Which of the tree's kernels to use (uname -r); nil: the newest xenU kernel.
        public var version: String?
        /// Extra kernel arguments after `root=... ro` (the HowTo's "3").
        public var args = ""
        /// Modules the initrd loads first (mkinitrd --preload).
        public var preload = ["xenblk"]

        public init() {}
    }

    public enum SELinuxMode: String, Sendable, Equatable, CaseIterable {
        /// /.autorelabel: the guest relabels itself at first boot (default when SELinux is on).
        case relabel
        case keep
        /// SELINUX=disabled in /etc/selinux/config.
        case disable
    }

    public enum TLSMode: Sendable, Equatable {
        /// Move /lib/tls aside (the Xen kernel's own advice) on 32-bit guests.
        case fix
        case keep
        /// Install these Xen-friendly glibc RPMs (host paths) instead.
        case rpms([String])
    }

    public struct NetworkInterface: Sendable, Equatable {
        public enum Address: Sendable, Equatable {
            case dhcp
            /// An IPv4 address with its prefix length.
            case ipv4(address: String, prefix: Int)
        }
        public var address: Address = .dhcp
        public var gateway: String?
        public var dns: [String] = []
        /// "00:16:3e:xx:xx:xx"; nil: derived from the guest's name (later, with the domain config).
        public var mac: String?
        public var bridge: String?

        public init(address: Address = .dhcp) { self.address = address }
    }

    /// The changes users expect beyond the HowTo.
    public struct Customisation: Sendable, Equatable {
        public struct File: Sendable, Equatable {
            public enum Content: Sendable, Equatable {
                case text(String)
                /// A host file, copied in.
                case source(String)
            }
            public var path: String
            public var content: Content
            public var permissions: UInt16 = 0o644
            public var uid: UInt32 = 0
            public var gid: UInt32 = 0

            public init(path: String, content: Content) {
                self.path = path
                self.content = content
            }
        }
        public var files: [File] = []
        /// A host folder or tarball laid over the tree.
        public var overlay: String?
        /// Guest paths to remove.
        public var remove: [String] = []
        /// Services (init scripts in /etc/rc.d/init.d) to switch on or off, as chkconfig would.
        public var enableServices: [String] = []
        public var disableServices: [String] = []
        /// root's password as a crypt(3) hash ("$1$..." for CentOS 4: its glibc has no SHA-crypt).
        public var rootPasswordHash: String?
        /// Lines for /root/.ssh/authorized_keys.
        public var sshAuthorizedKeys: [String] = []

        public init() {}
    }
}
