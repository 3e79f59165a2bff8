extension Tree {
    /// The bytes of the regular file `id` (holes read as zeros).
    public func bytes(of id: NodeID) throws -> [UInt8] {
        guard case .regular(let content) = self[id].kind else { return [] }
        return try content.readAll()
    }

    /// Follows symlinks inside the tree, as the guest would see `path` from its own root (absolute
    /// targets start again at the tree's root, `..` never climbs above it). A symlink as the last
    /// component is followed too, unless `followLast` is false. Nil when a component is missing or
    /// the links go round more than 40 times (the kernel's ELOOP limit).
    public func resolve(_ path: GuestPath, followLast: Bool = true) -> NodeID? {
        var pending = path.components
        var stack: [NodeID] = [Tree.rootID]
        var hops = 0
        while !pending.isEmpty {
            let name = pending.removeFirst()
            if name == Tree.parentMarker {
                if stack.count > 1 { stack.removeLast() }
                continue
            }
            guard let dir = stack.last, let next = self[dir].entries?[name] else { return nil }
            if case .symlink(let target) = self[next].kind, followLast || !pending.isEmpty {
                hops += 1
                guard hops <= 40, let parts = Tree.linkComponents(target) else { return nil }
                if target.first == UInt8(ascii: "/") { stack = [Tree.rootID] }
                pending = parts + pending
                continue
            }
            stack.append(next)
        }
        return stack.last
    }

    private static func linkComponents(_ target: [UInt8]) -> [Name]? {
        var parts: [Name] = []
        for piece in target.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            let p = Array(piece)
            if p == [UInt8(ascii: ".")] { continue }
            if p == [UInt8(ascii: "."), UInt8(ascii: ".")] {
                parts.append(parentMarker)
                continue
            }
            guard let n = try? Name(validating: p) else { return nil }
            parts.append(n)
        }
        return parts
    }

    public func resolve(_ path: String, followLast: Bool = true) -> NodeID? {
        guard let p = try? GuestPath(path) else { return nil }
        return resolve(p, followLast: followLast)
    }

    /// Stands for `..` while resolving links (a real `..` is never a `Name`).
    /// A name no real entry can have (it holds a NUL, which `Name(validating:)` refuses).
    static let parentMarker = Name(unchecked: [0, 0x2e, 0x2e])
}

extension Name {
    /// For builder's own markers only: skips validation.
    init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}

extension Content {
    /// Every byte of the file, read from where it lives (holes read as zeros).
    public func readAll() throws -> [UInt8] {
        switch source {
        case .bytes(let b):
            return b
        case .hostFile(let path, let offset):
            let file = try HostFile.openForReading(path)
            defer { try? file.close() }
            var out = try file.read(count: Int(size), at: offset)
            if out.count < Int(size) { out += [UInt8](repeating: 0, count: Int(size) - out.count) }
            return out
        }
    }

    /// The bytes in `range` of the file (clamped to its size; holes read as zeros): a file's
    /// header or trailer without reading the whole file.
    public func read(_ range: Range<UInt64>) throws -> [UInt8] {
        let end = min(range.upperBound, size)
        guard range.lowerBound < end else { return [] }
        let count = Int(end - range.lowerBound)
        switch source {
        case .bytes(let b):
            return Array(b[Int(range.lowerBound)..<Int(end)])
        case .hostFile(let path, let offset):
            let file = try HostFile.openForReading(path)
            defer { try? file.close() }
            var out = try file.read(count: count, at: offset + range.lowerBound)
            if out.count < count { out += [UInt8](repeating: 0, count: count - out.count) }
            return out
        }
    }
}
