/// A device number, kept as major and minor (the ext writer picks the on-disk encoding).
public struct DeviceNumber: Hashable, Sendable {
    public var major: UInt32
    public var minor: UInt32

    public init(major: UInt32, minor: UInt32) {
        self.major = major
        self.minor = minor
    }
}

/// One inode of the guest tree. Several directory entries may name the same node (hard links).
public struct Node: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case regular(Content)
        /// Entries by name; order is by `Name` byte order wherever it matters.
        case directory([Name: NodeID])
        /// The link target, as bytes (targets need not be UTF-8).
        case symlink([UInt8])
        case characterDevice(DeviceNumber)
        case blockDevice(DeviceNumber)
        case fifo
        case socket
    }

    public var kind: Kind
    /// The low 12 bits of st_mode: permissions plus setuid, setgid and sticky.
    public var permissions: UInt16
    public var uid: UInt32
    public var gid: UInt32
    public var mtime: Timestamp
    public var atime: Timestamp
    public var ctime: Timestamp
    public var xattrs: [XAttr]

    public init(
        kind: Kind, permissions: UInt16, uid: UInt32 = 0, gid: UInt32 = 0,
        mtime: Timestamp, atime: Timestamp? = nil, ctime: Timestamp? = nil, xattrs: [XAttr] = []
    ) {
        self.kind = kind
        self.permissions = permissions & 0o7777
        self.uid = uid
        self.gid = gid
        self.mtime = mtime
        self.atime = atime ?? mtime
        self.ctime = ctime ?? mtime
        self.xattrs = xattrs
    }

    /// The file-type bits of st_mode (S_IFREG, S_IFDIR, ...), as Linux and ext2 define them.
    public var typeBits: UInt16 {
        switch kind {
        case .regular: return 0o100000
        case .directory: return 0o040000
        case .symlink: return 0o120000
        case .characterDevice: return 0o020000
        case .blockDevice: return 0o060000
        case .fifo: return 0o010000
        case .socket: return 0o140000
        }
    }

    /// The full st_mode: type bits and permissions.
    public var mode: UInt16 { typeBits | permissions }

    public var isDirectory: Bool {
        if case .directory = kind { return true }
        return false
    }

    public var entries: [Name: NodeID]? {
        if case .directory(let e) = kind { return e }
        return nil
    }
}

/// The identity of a node inside one `Tree`.
public struct NodeID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: NodeID, b: NodeID) -> Bool { a.index < b.index }
}
