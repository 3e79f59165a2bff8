extension Tree {
    /// The tree with every time later than `latest` set to `latest`: the reproducible-builds
    /// convention for SOURCE_DATE_EPOCH (tar's --clamp-mtime). Two checkouts of the same files then
    /// give the same images, whatever times the checkout left on them.
    public func clampingTimes(notAfter latest: Timestamp) -> Tree {
        var tree = self
        for i in tree.nodes.indices {
            let id = NodeID(i)
            var node = tree[id]
            guard node.mtime > latest || node.atime > latest || node.ctime > latest else { continue }
            node.mtime = min(node.mtime, latest)
            node.atime = min(node.atime, latest)
            node.ctime = min(node.ctime, latest)
            tree[id] = node
        }
        return tree
    }
}
