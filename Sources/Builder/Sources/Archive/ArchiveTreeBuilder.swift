/// Places archive members into a `Tree` one by one, with `tar -x` semantics made safe:
/// - leading `/` and `./` are stripped; a member with a `..` component is refused;
/// - a later member replaces an earlier one at the same path (a directory over a directory only
///   updates its metadata, as tar does);
/// - a member below a path that an earlier member made a symlink (or any non-directory) is refused,
///   never resolved through the link;
/// - hard links may name members before or after them; one naming a member that never appears is
///   refused at the end, naming both.
struct ArchiveTreeBuilder {
    let archive: String
    let options: TarballSource.Options
    private(set) var tree: Tree
    private var pendingLinks: [(link: GuestPath, target: GuestPath, member: String)] = []

    init(archive: String, options: TarballSource.Options, base: Tree? = nil) {
        self.archive = archive
        self.options = options
        tree = base ?? Tree(root: ArchiveTreeBuilder.impliedDirectory(options))
    }

    static func impliedDirectory(_ options: TarballSource.Options) -> Node {
        Node(
            kind: .directory([:]), permissions: 0o755, uid: options.owner?.uid ?? 0,
            gid: options.owner?.gid ?? 0, mtime: options.impliedDirectoryTime)
    }

    /// Places `entry`. `content` is the data of a regular file (or of a hard link that carries its
    /// file's data, as cpio's last link does); `symlinkTarget` the data of a hard link to a symlink.
    mutating func add(_ entry: ArchiveEntry, content: Content?, symlinkTarget: [UInt8]? = nil) throws {
        let path = try memberPath(entry.path, member: entry.printablePath)
        if path.isRoot {
            // `./` itself: the root directory's own metadata.
            if case .directory = entry.kind {
                var root = tree.root
                apply(entry, to: &root)
                tree[Tree.rootID] = root
            }
            return
        }
        let parent = try parentDirectory(of: path, member: entry.printablePath)
        guard let name = path.last else { return }
        switch entry.kind {
        case .hardlink(let rawTarget):
            let target = try memberPath(rawTarget, member: entry.printablePath)
            if let id = tree.lookup(target), !tree[id].isDirectory {
                if let content { tree[id].kind = .regular(content) }
                if let symlinkTarget, case .symlink = tree[id].kind { tree[id].kind = .symlink(symlinkTarget) }
                try tree.link(name, in: parent, to: id)
            } else if let id = tree.lookup(target), tree[id].isDirectory {
                throw ArchiveSourceError.hardlinkToDirectory(archive: archive, member: entry.printablePath, target: target.description)
            } else {
                pendingLinks.append((path, target, entry.printablePath))
            }
        case .directory:
            if let existing = tree.lookup(path), tree[existing].isDirectory {
                var node = tree[existing]
                apply(entry, to: &node)
                tree[existing] = node
            } else {
                var node = ArchiveTreeBuilder.impliedDirectory(options)
                apply(entry, to: &node)
                try tree.link(name, in: parent, to: tree.add(node))
            }
        default:
            var node = Node(kind: kind(of: entry, content: content), permissions: 0, mtime: entry.mtime)
            apply(entry, to: &node)
            try tree.link(name, in: parent, to: tree.add(node))
        }
    }

    /// Resolves the hard links that named members appearing after them.
    mutating func finish() throws -> Tree {
        for pending in pendingLinks {
            guard let id = tree.lookup(pending.target), !tree[id].isDirectory else {
                throw ArchiveSourceError.missingHardlinkTarget(archive: archive, member: pending.member, target: pending.target.description)
            }
            guard let name = pending.link.last, let dir = tree.lookup(pending.link.parent) else { continue }
            try tree.link(name, in: dir, to: id)
        }
        pendingLinks = []
        return tree
    }

    private func kind(of entry: ArchiveEntry, content: Content?) -> Node.Kind {
        switch entry.kind {
        case .regular, .hardlink, .directory: return .regular(content ?? .bytes([]))
        case .symlink(let t): return .symlink(t)
        case .characterDevice(let d): return .characterDevice(d)
        case .blockDevice(let d): return .blockDevice(d)
        case .fifo: return .fifo
        case .socket: return .socket
        }
    }

    private func apply(_ entry: ArchiveEntry, to node: inout Node) {
        node.permissions = entry.permissions
        node.uid = options.owner?.uid ?? entry.uid
        node.gid = options.owner?.gid ?? entry.gid
        node.mtime = entry.mtime
        node.atime = entry.mtime
        node.ctime = entry.mtime
        node.xattrs = entry.xattrs
    }

    /// The member's path inside the tree: leading `/` and `./` stripped, `..` refused.
    private func memberPath(_ raw: [UInt8], member: String) throws -> GuestPath {
        let parts = raw.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        if parts.contains(where: { Array($0) == [0x2e, 0x2e] }) {
            throw ArchiveSourceError.climbs(archive: archive, member: member)
        }
        do {
            return try GuestPath(bytes: raw)
        } catch {
            throw ArchiveSourceError.badName(archive: archive, member: member, reason: "\(error)")
        }
    }

    /// The directory that will hold `path`, made where the archive implies it; refuses to go
    /// through anything that is not a directory (a symlink above all).
    private mutating func parentDirectory(of path: GuestPath, member: String) throws -> NodeID {
        var cur = Tree.rootID
        var walked = GuestPath.root
        for name in path.parent.components {
            walked = walked.appending(name)
            if let next = tree[cur].entries?[name] {
                guard tree[next].isDirectory else {
                    throw ArchiveSourceError.throughNonDirectory(archive: archive, member: member, blocker: walked.description)
                }
                cur = next
            } else {
                let id = tree.add(ArchiveTreeBuilder.impliedDirectory(options))
                try tree.link(name, in: cur, to: id)
                cur = id
            }
        }
        return cur
    }
}

/// Members an archive source refuses, each naming the archive and the member.
public enum ArchiveSourceError: Error, Equatable, CustomStringConvertible {
    case climbs(archive: String, member: String)
    case badName(archive: String, member: String, reason: String)
    case throughNonDirectory(archive: String, member: String, blocker: String)
    case missingHardlinkTarget(archive: String, member: String, target: String)
    case hardlinkToDirectory(archive: String, member: String, target: String)

    public var description: String {
        switch self {
        case .climbs(let a, let m):
            return "archive '\(a)': member '\(m)' has a '..' component and would leave the tree; remove it from the archive"
        case .badName(let a, let m, let reason):
            return "archive '\(a)': member '\(m)' has an unusable name: \(reason)"
        case .throughNonDirectory(let a, let m, let b):
            return "archive '\(a)': member '\(m)' lies below '\(b)', which an earlier member made a symlink or file; builder never extracts through it: fix the archive"
        case .missingHardlinkTarget(let a, let m, let t):
            return "archive '\(a)': member '\(m)' is a hard link to '\(t)', which the archive never holds; add '\(t)' or drop the link"
        case .hardlinkToDirectory(let a, let m, let t):
            return "archive '\(a)': member '\(m)' is a hard link to the directory '\(t)'; directories cannot be hard-linked"
        }
    }
}
