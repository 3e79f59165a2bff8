/// The guest filesystem as data: nodes (inodes) and the directory entries that name them.
///
/// A value type: alignment steps take a tree and return an edited one. Nodes that no entry names
/// any more stay in `nodes` but are never written.
public struct Tree: Sendable {
    public private(set) var nodes: [Node]

    /// The root directory is always node 0.
    public static let rootID = NodeID(0)

    public init(root: Node) {
        precondition(root.isDirectory, "a tree's root must be a directory")
        nodes = [root]
    }

    public subscript(id: NodeID) -> Node {
        get { nodes[id.index] }
        set { nodes[id.index] = newValue }
    }

    public var root: Node { nodes[0] }

    /// Adds a node that no entry names yet; `link` gives it a name.
    public mutating func add(_ node: Node) -> NodeID {
        nodes.append(node)
        return NodeID(nodes.count - 1)
    }

    /// Names `child` as `name` in directory `dir`, replacing whatever that name held.
    public mutating func link(_ name: Name, in dir: NodeID, to child: NodeID) throws {
        guard case .directory(var entries) = nodes[dir.index].kind else {
            throw TreeError.notADirectory(name.description)
        }
        // Drop the node's own reference first, so `entries` is unique and grows in place: else
        // every link copies the whole folder (quadratic for an archive's 1000-entry folders).
        nodes[dir.index].kind = .fifo
        entries[name] = child
        nodes[dir.index].kind = .directory(entries)
    }

    /// Removes the entry `name` from directory `dir`; returns the node it named.
    @discardableResult
    public mutating func unlink(_ name: Name, in dir: NodeID) -> NodeID? {
        guard case .directory(var entries) = nodes[dir.index].kind else { return nil }
        nodes[dir.index].kind = .fifo  // as in `link`: no copy of the folder
        let old = entries.removeValue(forKey: name)
        nodes[dir.index].kind = .directory(entries)
        return old
    }

    /// The node at `path`, not following symlinks anywhere (a guest's symlinks are the guest's, not
    /// ours to follow).
    public func lookup(_ path: GuestPath) -> NodeID? {
        var cur = Tree.rootID
        for name in path.components {
            guard case .directory(let entries) = nodes[cur.index].kind, let next = entries[name] else {
                return nil
            }
            cur = next
        }
        return cur
    }

    public func lookup(_ path: String) -> NodeID? {
        guard let p = try? GuestPath(path) else { return nil }
        return lookup(p)
    }

    /// Places `node` at `path`, replacing what was there, and makes missing parent directories with
    /// `parentTemplate`'s owner, permissions and times. Returns the new node's id.
    @discardableResult
    public mutating func insert(_ node: Node, at path: GuestPath, parentTemplate: Node? = nil) throws -> NodeID {
        guard let name = path.last else { throw TreeError.invalidName([], reason: "the root cannot be replaced") }
        let dir = try makeDirectories(path.parent, template: parentTemplate)
        let id = add(node)
        try link(name, in: dir, to: id)
        return id
    }

    /// The directory at `path`, made (with its missing parents) from `template` where absent.
    @discardableResult
    public mutating func makeDirectories(_ path: GuestPath, template: Node? = nil) throws -> NodeID {
        var cur = Tree.rootID
        var walked = GuestPath.root
        for name in path.components {
            walked = walked.appending(name)
            guard case .directory(let entries) = nodes[cur.index].kind else {
                throw TreeError.notADirectory(walked.parent.description)
            }
            if let next = entries[name] {
                guard nodes[next.index].isDirectory else { throw TreeError.notADirectory(walked.description) }
                cur = next
            } else {
                var dir = template ?? root
                dir.kind = .directory([:])
                dir.xattrs = template?.xattrs ?? []
                let id = add(dir)
                try link(name, in: cur, to: id)
                cur = id
            }
        }
        return cur
    }

    /// Removes the entry at `path` (and so, if nothing else names them, everything below it).
    public mutating func remove(_ path: GuestPath) throws {
        guard let name = path.last, let dir = lookup(path.parent), unlink(name, in: dir) != nil else {
            throw TreeError.notFound(path.description)
        }
    }

    /// Every reachable entry, depth first, names in byte order, parents before children; the root
    /// comes first with the empty path. Hard-linked nodes appear once per name.
    public func walk(_ body: (GuestPath, NodeID) throws -> Void) rethrows {
        func visit(_ path: GuestPath, _ id: NodeID) throws {
            try body(path, id)
            if case .directory(let entries) = nodes[id.index].kind {
                for (name, child) in entries.sorted(by: { $0.key < $1.key }) {
                    try visit(path.appending(name), child)
                }
            }
        }
        try visit(.root, Tree.rootID)
    }

    /// How many directory entries name each reachable node (the root counts once).
    public func entryCounts() -> [NodeID: Int] {
        var counts: [NodeID: Int] = [:]
        walk { _, id in counts[id, default: 0] += 1 }
        return counts
    }
}
