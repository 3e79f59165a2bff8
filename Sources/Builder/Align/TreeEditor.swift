/// Edits a guest tree on behalf of one alignment step and records every change it makes, so that
/// steps never build report lines by hand and `builder check` can show each edit as a diff.
///
/// Files builder writes take `time` as their mtime (SOURCE_DATE_EPOCH, never the clock); a file
/// that is replaced keeps its owner, mode and xattrs (e.g. its SELinux label) unless told otherwise.
public struct TreeEditor {
    public private(set) var tree: Tree
    public private(set) var changes: [TreeChange] = []
    public var step: String
    public let time: Timestamp

    public init(tree: Tree, step: String, time: Timestamp) {
        self.tree = tree
        self.step = step
        self.time = time
    }

    // MARK: reading

    /// The bytes of the regular file at `path` (symlinks on the way followed inside the tree), or
    /// nil when there is none.
    public func read(_ path: String) throws -> [UInt8]? {
        guard let id = tree.resolve(path), case .regular = tree[id].kind else { return nil }
        return try tree.bytes(of: id)
    }

    /// The file at `path` as text (UTF-8, invalid bytes replaced), or nil.
    public func readText(_ path: String) throws -> String? {
        try read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    public func exists(_ path: String) -> Bool { tree.lookup(path) != nil }

    public func node(_ path: String) -> Node? { tree.lookup(path).map { tree[$0] } }

    // MARK: writing

    /// Writes `bytes` to `path`. An existing regular file keeps its metadata (owner, mode, xattrs)
    /// unless `permissions`/`owner` say otherwise; a new file gets `permissions` (default 0644)
    /// and `owner` (default root). Missing parent directories are made 0755, root-owned. A write
    /// that changes nothing records nothing.
    public mutating func write(
        _ path: String, _ bytes: [UInt8], permissions: UInt16? = nil, owner: (uid: UInt32, gid: UInt32)? = nil,
        detail: String = ""
    ) throws {
        let p = try GuestPath(path)
        let existingID = tree.lookup(p)
        let existing = existingID.map { tree[$0] }
        var before: [UInt8]?
        var node: Node
        if let existing, let existingID, case .regular = existing.kind {
            before = try tree.bytes(of: existingID)
            node = existing
        } else {
            node = Node(kind: .regular(.bytes([])), permissions: 0o644, mtime: time)
        }
        if before == bytes && (permissions == nil || permissions == node.permissions)
            && (owner == nil || (owner?.uid == node.uid && owner?.gid == node.gid))
        {
            return
        }
        node.kind = .regular(.bytes(bytes))
        if let permissions { node.permissions = permissions }
        if let owner {
            node.uid = owner.uid
            node.gid = owner.gid
        }
        node.mtime = time
        node.atime = time
        node.ctime = time
        if let existingID, existing.map({ if case .regular = $0.kind { return true } else { return false } }) == true {
            // Replace the node's content in place: hard links to it see the new bytes, as with an
            // editor that rewrites the file.
            tree[existingID] = node
        } else {
            try tree.insert(node, at: p, parentTemplate: directoryTemplate)
        }
        let action: TreeChange.Action = before == nil ? .added : .changed
        changes.append(TreeChange(step: step, action: action, path: p, detail: detail, before: before, after: bytes))
    }

    public mutating func writeText(
        _ path: String, _ text: String, permissions: UInt16? = nil, owner: (uid: UInt32, gid: UInt32)? = nil,
        detail: String = ""
    ) throws {
        try write(path, Array(text.utf8), permissions: permissions, owner: owner, detail: detail)
    }

    /// Places a node that is not a regular file (symlink, device, fifo, directory) at `path`,
    /// replacing what was there.
    public mutating func place(_ kind: Node.Kind, at path: String, permissions: UInt16, detail: String = "") throws {
        let p = try GuestPath(path)
        let existed = tree.lookup(p) != nil
        if let id = tree.lookup(p), tree[id].kind == kind, tree[id].permissions == permissions { return }
        let node = Node(kind: kind, permissions: permissions, mtime: time)
        try tree.insert(node, at: p, parentTemplate: directoryTemplate)
        changes.append(TreeChange(step: step, action: existed ? .changed : .added, path: p, detail: detail))
    }

    /// Makes the directory `path` (and its parents) if missing.
    public mutating func makeDirectory(_ path: String, permissions: UInt16 = 0o755) throws {
        let p = try GuestPath(path)
        if let id = tree.lookup(p), tree[id].isDirectory { return }
        var template = directoryTemplate
        template.permissions = permissions
        try tree.makeDirectories(p, template: template)
        changes.append(TreeChange(step: step, action: .added, path: p, detail: "directory"))
    }

    /// Removes `path` (and all below it). Missing paths are not an error: nothing to do.
    public mutating func remove(_ path: String, detail: String = "") throws {
        let p = try GuestPath(path)
        guard let id = tree.lookup(p) else { return }
        let before: [UInt8]? = (try? tree.bytes(of: id)).flatMap { b in
            if case .regular = tree[id].kind { return b } else { return nil }
        }
        try tree.remove(p)
        changes.append(TreeChange(step: step, action: .removed, path: p, detail: detail, before: before))
    }

    /// Moves the entry at `from` to `to` (replacing what was at `to`).
    public mutating func move(_ from: String, to: String) throws {
        let src = try GuestPath(from)
        let dst = try GuestPath(to)
        guard let id = tree.lookup(src), let name = dst.last else { throw TreeError.notFound(src.description) }
        let dir = try tree.makeDirectories(dst.parent, template: directoryTemplate)
        try tree.remove(src)
        try tree.link(name, in: dir, to: id)
        changes.append(TreeChange(step: step, action: .moved, path: src, detail: "to \(dst)"))
    }

    /// A report line with no file change: what the step found or decided.
    public mutating func note(_ text: String) {
        changes.append(TreeChange(step: step, action: .note, path: nil, detail: text))
    }

    /// A note that warns ("warning: ..."): `builder bake` also shows it when the guest is done.
    public mutating func warn(_ text: String) {
        note(TreeChange.warningPrefix + text)
    }

    /// What new directories look like: root-owned 0755, builder's time.
    public var directoryTemplate: Node {
        Node(kind: .directory([:]), permissions: 0o755, mtime: time)
    }
}
