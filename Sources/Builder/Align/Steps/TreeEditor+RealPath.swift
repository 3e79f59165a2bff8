extension TreeEditor {
    /// `path` with the symlinks among its parent directories followed inside the tree, as the
    /// guest's own `cp` or `rm` would reach it: on CentOS 4 /etc/init.d is a link to rc.d/init.d,
    /// and a file given as /etc/init.d/foo must land in /etc/rc.d/init.d. The last component is
    /// kept as it is (a symlink there is replaced or removed, not followed). Components that do
    /// not exist yet are kept, to be made. Nil when the links loop (more than 40, the kernel's
    /// ELOOP limit) or a link target is not a valid path.
    func realPath(_ path: String) -> GuestPath? {
        guard let p = try? GuestPath(path), let last = p.last else { return try? GuestPath(path) }
        var pending = p.parent.components
        var walked: [Name] = []
        var hops = 0
        while !pending.isEmpty {
            let name = pending.removeFirst()
            if name == Self.parentStep {
                if !walked.isEmpty { walked.removeLast() }
                continue
            }
            let here = GuestPath(components: walked + [name])
            if let id = tree.lookup(here), case .symlink(let target) = tree[id].kind {
                hops += 1
                guard hops <= 40 else { return nil }
                var parts: [Name] = []
                for piece in target.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
                    switch Array(piece) {
                    case [UInt8(ascii: ".")]:
                        continue
                    case [UInt8(ascii: "."), UInt8(ascii: ".")]:
                        parts.append(Self.parentStep)
                    default:
                        guard let n = try? Name(validating: Array(piece)) else { return nil }
                        parts.append(n)
                    }
                }
                if target.first == UInt8(ascii: "/") { walked = [] }
                pending = parts + pending
                continue
            }
            walked.append(name)
        }
        return GuestPath(components: walked + [last])
    }

    /// Stands for `..` while walking (no real name holds a NUL).
    private static var parentStep: Name { Name(unchecked: [0, 0x2e, 0x2e]) }
}
