/// One guest, as a recipe file describes it, decoded and validated. Host paths in it are already
/// resolved against the recipe's own folder.
public struct Recipe: Sendable, Equatable {
    /// The guest's name; also the name of its output folder.
    public var name: String
    public var profile: Profile
    public var source: Source
    /// RPM packages whose payloads go onto the source's tree, in this order (scripts not run).
    public var rpms: [String]
    public var disks: [Disk]
    public var output: Output
    /// The recipe file this came from, as given (for messages).
    public var file: String
    /// The Xen alignment choices (kernel, console, network, customisation, ...).
    public var align: AlignSettings
    /// The SHA-256 (hex) of the recipe file's bytes, set by `decode`; the manifest records it.
    public var fileSHA256: String?
    /// `source.times: "clamp"`: every time of the source later than SOURCE_DATE_EPOCH (or the
    /// default epoch) becomes it, so two checkouts of the same files give the same images.
    public var clampTimes = false
    /// One image per disk, or one partitioned disk image (`"layout"`).
    public var layout: Layout = .partitions
    /// What `builder smoke` checks on the guest's console (`"smoke"`).
    public var smoke = Smoke()
    /// Bounds on what the inputs may make builder write (`"limits"`).
    public var limits = Limits()

    /// `"limits"`: how much an input may make builder write before it is refused.
    public struct Limits: Sendable, Equatable {
        /// The most a disk of size "auto" may hold: an archive whose members' data would need more
        /// is refused at the member's header, before its data is read (`limits.maxImageSize`).
        public var maxImageSize: UInt64 = Limits.defaultMaxImageSize
        public static let defaultMaxImageSize: UInt64 = 64 << 30

        public init(maxImageSize: UInt64 = Limits.defaultMaxImageSize) {
            self.maxImageSize = maxImageSize
        }
    }

    public init(
        name: String, profile: Profile, source: Source, rpms: [String] = [], disks: [Disk], output: Output,
        file: String, align: AlignSettings = AlignSettings()
    ) {
        self.name = name
        self.profile = profile
        self.source = source
        self.rpms = rpms
        self.disks = disks
        self.output = output
        self.file = file
        self.align = align
    }

    /// How much the tree is changed before it is written.
    public enum Profile: String, Sendable, Equatable, CaseIterable {
        /// CentOS-4 (or RHEL4) when /etc/redhat-release says so, `modern` when the tree holds a
        /// pv_ops kernel (2.6.37 or later), else `none` (`Alignment.resolve`).
        case auto
        /// The tree as it is: no Xen alignment (customisations still apply).
        case none
        /// Every step of the CentOS-4 → Xen DomU HowTo.
        case centos4
        /// A current pv_ops guest (Debian, Ubuntu, Fedora...): xvd disks, hvc0 console, the tree's
        /// own kernel and initrd, a menu for PyGrub (Align/Modern).
        case modern
    }

    /// Where the guest's files come from.
    public enum Source: Sendable, Equatable {
        /// A directory on the host. `owner` replaces every file's uid and gid (a tree unpacked by
        /// an ordinary user holds that user's ids, not the guest's).
        case tree(path: String, owner: Owner?)
        /// An archive libarchive reads (tar in every dialect, cpio; any compression). `owner`
        /// replaces the owners the archive records.
        case tarball(path: String, owner: Owner?)

        /// For progress lines and the plan: "the folder recipes/sample-tree".
        public var summary: String {
            switch self {
            case .tree(let path, _): return "the folder \(path)"
            case .tarball(let path, _): return "the tarball \(path)"
            }
        }

        public var path: String {
            switch self {
            case .tree(let path, _), .tarball(let path, _): return path
            }
        }

        public var owner: Owner? {
            switch self {
            case .tree(_, let owner), .tarball(_, let owner): return owner
            }
        }
    }

    public struct Owner: Sendable, Equatable, CustomStringConvertible {
        public var uid: UInt32
        public var gid: UInt32

        public init(uid: UInt32, gid: UInt32) {
            self.uid = uid
            self.gid = gid
        }

        public var description: String { "\(uid):\(gid)" }
    }

    public struct Output: Sendable, Equatable {
        /// The folder that receives `<name>/`.
        public var dir: String
        /// Where the images will live on the Xen host: the domain config names
        /// `<imageDir>/<name>/<device>.img` (or `<imageDir>/<name>-<device>` with `phy` access).
        public var imageDir: String
        /// How dom0 reaches the images: the domain config's disk prefix (`"access"`).
        public var access: Access = .file

        /// `output.bundle`: also pack the folder into `<name>.tar.<ext>` (nil: no bundle).
        public var bundle: GuestBundle.Format?

        public static let defaultImageDir = "/var/lib/xen/images"

        public init(dir: String, imageDir: String = Output.defaultImageDir, bundle: GuestBundle.Format? = nil) {
            self.dir = dir
            self.imageDir = imageDir
            self.bundle = bundle
        }
    }

    /// The disk that mounts "/" (validation guarantees there is exactly one).
    public var rootDisk: Disk? {
        disks.first { $0.filesystem?.mount.isRoot == true }
    }
}

/// One block device of the guest.
public struct Disk: Sendable, Equatable {
    /// The guest's device name without /dev/ ("sda1", "xvda2").
    public var device: String
    public var role: Role

    public init(device: String, role: Role) {
        self.device = device
        self.role = role
    }

    public enum Role: Sendable, Equatable {
        case filesystem(Filesystem)
        case swap(Swap)
    }

    public var filesystem: Filesystem? {
        if case .filesystem(let f) = role { return f }
        return nil
    }

    /// An ext2/ext3 filesystem holding the part of the tree at `mount`.
    public struct Filesystem: Sendable, Equatable {
        public var mount: GuestPath
        public var size: Size
        public var flavor: Ext.Flavor
        public var blockSize: Int
        public var label: String
        public var inodes: UInt32?

        public init(
            mount: GuestPath, size: Size, flavor: Ext.Flavor = .ext3, blockSize: Int = 4096,
            label: String = "", inodes: UInt32? = nil
        ) {
            self.mount = mount
            self.size = size
            self.flavor = flavor
            self.blockSize = blockSize
            self.label = label
            self.inodes = inodes
        }
    }

    public struct Swap: Sendable, Equatable {
        public var size: UInt64
        public var label: String

        public init(size: UInt64, label: String = "") {
            self.size = size
            self.label = label
        }
    }

    public enum Size: Sendable, Equatable {
        /// Exactly this many bytes.
        case fixed(UInt64)
        /// The content, its metadata, and `free` bytes left for files.
        case auto(free: UInt64)
    }
}

extension Disk.Filesystem {
    /// The free space an `auto` disk gets when the recipe does not say.
    public static let defaultFree: UInt64 = 64 << 20
}
