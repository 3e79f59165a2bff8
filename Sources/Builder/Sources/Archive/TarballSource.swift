/// Reads a tarball (any format and filter libarchive reads) into a `Tree`, placing every member
/// as a careful `tar -x` would, but never through the host filesystem: paths are confined to the
/// tree, symlinks in the tree are never followed, and file data goes to a spool file in `workDir`.
public enum TarballSource {
    public struct Options: Sendable {
        /// When set, every node gets this owner (same as the tree source's `owner`).
        public var owner: (uid: UInt32, gid: UInt32)?
        /// Metadata of directories the archive implies but does not hold.
        public var impliedDirectoryTime: Timestamp

        public init(owner: (uid: UInt32, gid: UInt32)? = nil, impliedDirectoryTime: Timestamp) {
            self.owner = owner
            self.impliedDirectoryTime = impliedDirectoryTime
        }
    }

    /// The tree of `archive`, with file data spooled into a new file `spoolPath`.
    /// `capacity`: the most data the spool may take (members past it are refused at their header).
    public static func read(_ archive: String, spoolPath: String, options: Options, capacity: UInt64 = .max) throws -> Tree {
        let spool = try Spool(path: spoolPath, capacity: capacity)
        let tree = try read(archive, onto: nil, spool: spool, options: options)
        try spool.finish()
        return tree
    }

    /// `archive`'s members placed onto `base` (or onto an empty tree), data appended to `spool`.
    /// RPM payloads come this way too: libarchive's rpm filter unwraps them into a cpio.
    static func read(_ archive: String, onto base: Tree?, spool: Spool, options: Options) throws -> Tree {
        let reader = try ArchiveReader(path: archive)
        var builder = ArchiveTreeBuilder(archive: archive, options: options, base: base)
        while let entry = try reader.next() {
            var content: Content?
            var symlinkTarget: [UInt8]?
            if case .regular = entry.kind {
                content = try spoolData(of: entry, from: reader, into: spool)
            } else if case .hardlink = entry.kind, entry.linksSymlink {
                symlinkTarget = try entry.linkedSymlinkTarget ?? smallData(of: entry, from: reader)
            } else if case .hardlink = entry.kind, entry.size > 0 {
                content = try spoolData(of: entry, from: reader, into: spool)
            } else {
                try reader.skipData()
            }
            try builder.add(entry, content: content, symlinkTarget: symlinkTarget)
        }
        try reader.close()
        return try builder.finish()
    }

    /// The longest symlink target a member may carry as data (PATH_MAX, limits.h).
    static let longestSymlinkTarget: UInt64 = 4096

    /// A member's data in memory: only for a symlink target, which is short. Nil when the member
    /// delivers none (its link then keeps the target it has).
    private static func smallData(of entry: ArchiveEntry, from reader: ArchiveReader) throws -> [UInt8]? {
        guard entry.size <= longestSymlinkTarget else {
            throw ArchiveError.corrupt(
                path: reader.path, member: entry.printablePath, lastGood: reader.lastGoodMember,
                reason: "a symlink target of \(entry.size) bytes (at most \(longestSymlinkTarget) allowed)")
        }
        var bytes = [UInt8](repeating: 0, count: Int(entry.size))
        var delivered = 0
        try reader.readData { offset, block in
            guard offset + UInt64(block.count) <= entry.size else {
                throw ArchiveError.corrupt(
                    path: reader.path, member: entry.printablePath, lastGood: reader.lastGoodMember,
                    reason: "member data runs past its declared size of \(entry.size) bytes")
            }
            bytes.withUnsafeMutableBytes { dst in
                dst.baseAddress.map { UnsafeMutableRawBufferPointer(start: $0 + Int(offset), count: block.count).copyMemory(from: block) }
            }
            delivered += block.count
        }
        return delivered == bytes.count && !bytes.isEmpty ? bytes : nil
    }

    private static func spoolData(of entry: ArchiveEntry, from reader: ArchiveReader, into spool: Spool) throws -> Content {
        // Before any data: a member the disks could not hold stops here, at its header.
        let base = try spool.reserve(entry, archive: reader.path)
        var written: UInt64 = 0
        try reader.readData { offset, bytes in
            guard offset + UInt64(bytes.count) <= entry.size else {
                throw ArchiveError.corrupt(
                    path: reader.path, member: entry.printablePath, lastGood: reader.lastGoodMember,
                    reason: "member data runs past its declared size of \(entry.size) bytes")
            }
            try spool.write(bytes, at: base + offset)
            written += UInt64(bytes.count)
        }
        return Content(source: .hostFile(path: spool.path, offset: base), size: entry.size, dataRanges: entry.sparse)
    }
}
