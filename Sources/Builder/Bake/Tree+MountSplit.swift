extension Tree {
    /// Splits the tree into one tree per mount point: the disk mounting `/var` gets the subtree at
    /// /var as its root, and the tree above keeps an empty /var folder (with the same owner, mode
    /// and times) for it to be mounted on. Nested mounts work the same way at every level.
    ///
    /// A mount point missing from the tree is made, as an empty folder owned by root, mode 0755,
    /// with `createdAt` times. Hard links across two disks become separate files (a hard link cannot
    /// cross filesystems); within one disk they stay links.
    public func split(at mounts: [GuestPath], createdAt: Timestamp) throws -> [GuestPath: Tree] {
        let others = mounts.filter { !$0.isRoot }
        if others.isEmpty { return [.root: self] }
        var base = self
        let template = Node(kind: .directory([:]), permissions: 0o755, uid: 0, gid: 0, mtime: createdAt)
        var ids: [GuestPath: NodeID] = [.root: Tree.rootID]
        for mount in others.sorted(by: { $0.components.count < $1.components.count }) {
            do {
                ids[mount] = try base.makeDirectories(mount, template: template)
            } catch {
                throw MountSplitError(mount: mount, reason: "\(error)")
            }
        }
        let mountIDs = Set(ids.values)
        var result: [GuestPath: Tree] = [:]
        for (mount, id) in ids {
            result[mount] = base.copySubtree(at: id, emptying: mountIDs.subtracting([id]))
        }
        return result
    }

    /// The part of the tree below directory `top`, as a tree of its own whose root takes `top`'s
    /// metadata. Directories in `emptying` are copied without their entries (mount points of
    /// other disks). Hard links inside the part stay links.
    func copySubtree(at top: NodeID, emptying: Set<NodeID>) -> Tree {
        var rootNode = self[top]
        rootNode.kind = .directory([:])
        var out = Tree(root: rootNode)
        var copied: [NodeID: NodeID] = [top: Tree.rootID]

        func fill(_ old: NodeID, _ new: NodeID) {
            guard case .directory(let entries) = self[old].kind else { return }
            var newEntries: [Name: NodeID] = [:]
            for (name, child) in entries.sorted(by: { $0.key < $1.key }) {
                if let seen = copied[child] {
                    newEntries[name] = seen
                    continue
                }
                var node = self[child]
                let isDirectory = node.isDirectory
                if isDirectory { node.kind = .directory([:]) }
                let id = out.add(node)
                copied[child] = id
                newEntries[name] = id
                if isDirectory && !emptying.contains(child) { fill(child, id) }
            }
            out[new].kind = .directory(newEntries)
        }
        fill(top, Tree.rootID)
        return out
    }
}

/// A mount point that cannot be placed in the tree (something on its path is not a folder).
public struct MountSplitError: Error, Equatable, CustomStringConvertible {
    public var mount: GuestPath
    public var reason: String

    public var description: String {
        "the mount point \(mount) cannot be made in the tree: \(reason); move that file away or mount elsewhere"
    }
}
