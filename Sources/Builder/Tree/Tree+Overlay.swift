extension Tree {
    /// This tree with `other` laid over it, as `cp -a other/. tree/` would do it: files, links and
    /// devices of `other` replace what is at their path; folders merge, taking `other`'s metadata.
    /// Hard links inside `other` stay hard links.
    public func overlaid(with other: Tree) throws -> Tree {
        var result = self
        var placed: [NodeID: NodeID] = [:]
        var root = result.root
        let top = other.root
        root.permissions = top.permissions
        root.uid = top.uid
        root.gid = top.gid
        root.mtime = top.mtime
        root.atime = top.atime
        root.ctime = top.ctime
        root.xattrs = top.xattrs
        result[Tree.rootID] = root
        try other.walk { path, id in
            guard let name = path.last else { return }
            let node = other[id]
            let dir = try result.makeDirectories(path.parent)
            if node.isDirectory {
                if let existing = result[dir].entries?[name], result[existing].isDirectory {
                    var merged = node
                    merged.kind = result[existing].kind
                    result[existing] = merged
                } else {
                    var fresh = node
                    fresh.kind = .directory([:])
                    try result.link(name, in: dir, to: result.add(fresh))
                }
            } else if let again = placed[id] {
                try result.link(name, in: dir, to: again)
            } else {
                let new = result.add(node)
                placed[id] = new
                try result.link(name, in: dir, to: new)
            }
        }
        return result
    }
}
