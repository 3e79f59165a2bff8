/// The members of a cpio archive in the order they are written, with what the "newc" header
/// needs besides them (inode numbers, link counts) derived deterministically.
///
/// Used for the initramfs builder writes: the Linux kernel unpacks a newc archive into its rootfs
/// (Documentation/filesystems/ramfs-rootfs-initramfs.txt); parents must come before their children.
public struct CpioArchive: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case directory
            case file([UInt8])
            /// The link target, as bytes.
            case symlink([UInt8])
            case characterDevice(DeviceNumber)
            case blockDevice(DeviceNumber)
        }

        /// The member's name, relative ("bin/nash"): no leading "/", as `find . | cpio` names minus
        /// the "./", so unpacking never writes outside the target folder.
        public var path: String
        public var kind: Kind
        /// The low 12 bits of the mode.
        public var permissions: UInt16

        public init(_ path: String, _ kind: Kind, permissions: UInt16) {
            self.path = path
            self.kind = kind
            self.permissions = permissions & 0o7777
        }
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public mutating func append(_ entry: Entry) { entries.append(entry) }

    public mutating func directory(_ path: String, permissions: UInt16 = 0o755) {
        append(Entry(path, .directory, permissions: permissions))
    }

    public mutating func file(_ path: String, _ bytes: [UInt8], permissions: UInt16) {
        append(Entry(path, .file(bytes), permissions: permissions))
    }

    public mutating func symlink(_ path: String, to target: String) {
        append(Entry(path, .symlink(Array(target.utf8)), permissions: 0o777))
    }

    public func contains(_ path: String) -> Bool { entries.contains { $0.path == path } }

    /// st_nlink per entry: a directory has 2 plus one per subdirectory (its "." and each child's
    /// ".."), everything else 1 (no hard links are written).
    public var linkCounts: [UInt32] {
        var subdirectories: [String: UInt32] = [:]
        for e in entries where e.kind == .directory {
            subdirectories[CpioArchive.parent(of: e.path), default: 0] += 1
        }
        return entries.map { e in e.kind == .directory ? 2 + subdirectories[e.path, default: 0] : 1 }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
