extension ExtImage {
    /// One entry of a directory.
    public struct Entry: Equatable, Sendable {
        public var name: [UInt8]
        public var inode: UInt32
    }

    /// The entries of directory `inode` in the order stored, "." and ".." included. The blocks are
    /// read linearly: an htree (dir_index) keeps its index in entries with inode 0, which are
    /// skipped, exactly as a kernel without dir_index reads it.
    public func entries(of dir: ExtInode) throws -> [Entry] {
        guard dir.isDirectory else { throw InspectError.corrupt(image: path, what: "inode \(dir.number) is not a directory") }
        var out: [Entry] = []
        var blockIndex: UInt64 = 0
        try stream(dir) { block in
            var pos = 0
            while pos + 8 <= block.count {
                let ino = block.le32(pos)
                let recLen = Int(block.le16(pos + 4))
                // Without the filetype feature the name length is 16 bits (ext2 revision 0).
                let nameLen = superblock.hasFiletype ? Int(block[pos + 6]) : Int(block.le16(pos + 6))
                guard recLen >= 8, recLen % 4 == 0, pos + recLen <= block.count, 8 + nameLen <= recLen else {
                    throw InspectError.corrupt(image: path, what: "directory inode \(dir.number), block \(blockIndex), byte \(pos): bad entry length \(recLen)")
                }
                if ino != 0 { out.append(Entry(name: Array(block[pos + 8..<pos + 8 + nameLen]), inode: ino)) }
                pos += recLen
            }
            blockIndex += 1
        }
        return out
    }

    /// The inode at `path` ("/", "/etc/fstab"). Symlinks are not followed: a link as the last
    /// component is returned as itself; a link on the way is an error naming its target.
    public func lookup(_ path: String) throws -> ExtInode {
        var node = try inode(Self.rootInode)
        var walked = ""
        for component in path.utf8.split(separator: UInt8(ascii: "/")) where Array(component) != [UInt8(ascii: ".")] {
            let name = Array(component)
            walked += "/" + String(decoding: name, as: UTF8.self)
            if node.isSymlink {
                let parent = String(walked.dropLast(name.count + 1))
                throw InspectError.symlinkInPath(parent, target: Name.printable(try symlinkTarget(node)))
            }
            guard node.isDirectory else { throw InspectError.notADirectory(String(walked.dropLast(name.count + 1))) }
            guard let entry = try entries(of: node).first(where: { $0.name == name }) else {
                throw InspectError.notFound(walked)
            }
            node = try inode(entry.inode)
        }
        return node
    }
}
