/// Reads a directory on the host into a `Tree` (lstat walk: nothing is followed, nothing is written).
public enum DirectorySource {
    public struct Options: Sendable, Equatable {
        /// When set, every node gets this owner (a tree unpacked by an ordinary user); modes,
        /// including setuid and setgid bits, are kept.
        public var owner: (uid: UInt32, gid: UInt32)?

        public init(owner: (uid: UInt32, gid: UInt32)? = nil) { self.owner = owner }

        public static func == (a: Options, b: Options) -> Bool {
            a.owner?.uid == b.owner?.uid && a.owner?.gid == b.owner?.gid
        }
    }

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case notADirectory(String)
        case unknownFileType(String, mode: UInt32)

        public var description: String {
            switch self {
            case .notADirectory(let p):
                return "the tree source '\(p)' is not a directory; give the folder that holds the guest's root"
            case .unknownFileType(let p, let mode):
                return "'\(p)' has a file type builder does not know (st_mode \(String(mode, radix: 8))); remove it from the tree"
            }
        }
    }

    /// The tree below `root` (which must be a directory); the root node takes `root`'s own metadata.
    /// `root` itself may be a symlink to a directory; nothing below it is followed.
    public static func read(_ root: String, options: Options = Options()) throws -> Tree {
        var walker = Walker(options: options)
        return try walker.read(HostPath(root))
    }
}

extension DirectorySource {
    /// One walk's state: the tree being built and the hard-link table.
    struct Walker {
        let options: Options
        var tree = Tree(root: Node(kind: .directory([:]), permissions: 0o755, mtime: Timestamp(seconds: 0)))
        /// Non-directories with more than one link, by (st_dev, st_ino): every name of one host
        /// inode becomes an entry naming one node.
        var seen: [HostInode: NodeID] = [:]

        struct HostInode: Hashable {
            var device: UInt64
            var inode: UInt64
        }

        init(options: Options) { self.options = options }

        mutating func read(_ root: HostPath) throws -> Tree {
            let status = try HostFileSystem.status(root, follow: true)
            guard status.typeBits == HostStatus.directory else {
                throw ReadError.notADirectory(root.description)
            }
            tree[Tree.rootID] = try node(root, status, kind: .directory([:]))
            try fill(Tree.rootID, at: root)
            return tree
        }

        /// Reads directory `path` into the (empty) directory node `id`, children in byte order so
        /// node numbering never depends on readdir's order.
        mutating func fill(_ id: NodeID, at path: HostPath) throws {
            var entries: [Name: NodeID] = [:]
            let names = try HostFileSystem.entries(path).sorted { $0.lexicographicallyPrecedes($1) }
            entries.reserveCapacity(names.count)
            for raw in names {
                let name = try Name(validating: raw)
                let childPath = path.appending(raw)
                entries[name] = try child(childPath)
            }
            tree[id].kind = .directory(entries)
        }

        /// The node for `path`: a new one, or the one already made for another name of its inode.
        mutating func child(_ path: HostPath) throws -> NodeID {
            let status = try HostFileSystem.status(path)
            let isDirectory = status.typeBits == HostStatus.directory
            let key = HostInode(device: status.device, inode: status.inode)
            if !isDirectory, status.linkCount > 1, let id = seen[key] { return id }

            let id = tree.add(try node(path, status, kind: try kind(path, status)))
            if isDirectory {
                try fill(id, at: path)
            } else if status.linkCount > 1 {
                seen[key] = id
            }
            return id
        }

        func kind(_ path: HostPath, _ status: HostStatus) throws -> Node.Kind {
            switch status.typeBits {
            case HostStatus.regular:
                return .regular(try content(path, status))
            case HostStatus.directory:
                return .directory([:])
            case HostStatus.symlink:
                return .symlink(try HostFileSystem.linkTarget(path, size: status.size))
            case HostStatus.characterDevice:
                return .characterDevice(try device(path, status))
            case HostStatus.blockDevice:
                return .blockDevice(try device(path, status))
            case HostStatus.fifo:
                return .fifo
            case HostStatus.socket:
                return .socket
            default:
                throw ReadError.unknownFileType(path.description, mode: status.typeBits)
            }
        }

        /// st_rdev as ext keeps it, or refused naming the file (glibc's dev_t has a 32-bit major).
        func device(_ path: HostPath, _ status: HostStatus) throws -> DeviceNumber {
            let parts = status.deviceParts
            return try StorableValues.device(major: parts.major, minor: parts.minor, place: "'\(path.description)'")
        }

        /// A regular file by reference. Only a file with fewer blocks than its size can have holes,
        /// so only such a file is opened to ask where its data lies (SEEK_DATA / SEEK_HOLE).
        func content(_ path: HostPath, _ status: HostStatus) throws -> Content {
            var content = Content(source: .hostFile(path: path.string, offset: 0), size: status.size)
            if status.blocks * 512 < status.size {
                let file = try HostFile.openForReading(path.string)
                let ranges = try file.dataRanges()
                try file.close()
                if ranges != [0..<status.size] { content.dataRanges = ranges }
            }
            return content
        }

        /// The metadata every kind shares. atime and ctime are mtime: the host's say only when the
        /// tree was last read or unpacked, and would make two builds of one tree differ.
        func node(_ path: HostPath, _ status: HostStatus, kind: Node.Kind) throws -> Node {
            Node(
                kind: kind,
                permissions: status.permissions,
                uid: try options.owner?.uid ?? StorableValues.owner(Int64(status.uid), field: "uid", place: "'\(path.description)'"),
                gid: try options.owner?.gid ?? StorableValues.owner(Int64(status.gid), field: "gid", place: "'\(path.description)'"),
                mtime: status.mtime,
                atime: status.mtime,
                ctime: status.mtime,
                xattrs: try HostFileSystem.xattrs(path)
            )
        }
    }
}
