extension Ext {
    /// Builds each LayoutInode from its tree node (Ext.layout drives it).
    struct LayoutBuilder {
        let tree: Tree
        let options: Options
        let numbering: Numbering
        var inodes: [LayoutInode] = []
        var xattrBlocks: [XAttrBlock] = []
        var refcounts: [UInt32] = []
        private var xattrIndex: [XAttrBlock: Int] = [:]

        init(tree: Tree, options: Options, numbering: Numbering) {
            self.tree = tree
            self.options = options
            self.numbering = numbering
        }

        var blockSize: Int { options.blockSize }

        mutating func add(number: UInt32, id: NodeID) throws {
            let node = tree[id]
            let path = numbering.path[id] ?? "?"
            var inode = Inode()
            inode.mode = node.mode
            inode.uid = node.uid
            inode.gid = node.gid
            inode.atime = Inode.seconds(node.atime)
            inode.ctime = Inode.seconds(node.ctime)
            inode.mtime = Inode.seconds(node.mtime)
            var logical: [Range<UInt64>] = []
            var payload = Payload.none
            var links = numbering.names[id] ?? 1
            switch node.kind {
            case .directory(let entries):
                var list = [
                    DirectoryEntry(inode: number, name: [UInt8(ascii: ".")], fileType: DirectoryEntry.typeDirectory),
                    DirectoryEntry(inode: numbering.number[numbering.parent[id] ?? Tree.rootID] ?? 2,
                                   name: [UInt8(ascii: "."), UInt8(ascii: ".")], fileType: DirectoryEntry.typeDirectory),
                ]
                var children = entries.map { (name: $0.key.bytes, inode: numbering.number[$0.value] ?? 0,
                                              type: DirectoryEntry.fileType(of: tree[$0.value])) }
                if id == Tree.rootID && numbering.lostAndFound == nil {
                    children.append((Array("lost+found".utf8), 11, DirectoryEntry.typeDirectory))
                }
                children.sort { $0.name.lexicographicallyPrecedes($1.name) }
                for c in children { list.append(DirectoryEntry(inode: c.inode, name: c.name, fileType: c.type)) }
                links = 2 + children.filter { $0.type == DirectoryEntry.typeDirectory }.count
                let minimum = number == 11 ? lostAndFoundBlocks(blockSize: blockSize) : 1
                let bytes = directoryBlocks(list, blockSize: blockSize, minimumBlocks: minimum)
                inode.size = UInt64(bytes.count)
                logical = [0..<UInt64(bytes.count / blockSize)]
                payload = .directory(bytes)
            case .regular(let content):
                inode.size = content.size
                logical = logicalBlocks(content)
                try checkSize(content.size, path: path)
                payload = .file(content)
            case .symlink(let target):
                inode.size = UInt64(target.count)
                if target.isEmpty { throw WriteError.emptySymlink(path: path) }
                if target.count < 60 {
                    inode.block.putBytes(target, at: 0)
                } else {
                    guard target.count <= blockSize - 1 else {
                        throw WriteError.symlinkTooLong(path: path, length: target.count, max: blockSize - 1)
                    }
                    logical = [0..<1]
                    payload = .symlink(target)
                }
            case .characterDevice(let d), .blockDevice(let d):
                // deviceBlock's shifts would drop the high bits of a larger number.
                guard StorableValues.fits(d) else {
                    throw WriteError.deviceNumberTooLarge(path: path, major: d.major, minor: d.minor)
                }
                inode.block = deviceBlock(d)
            case .fifo, .socket:
                break
            }
            guard links <= Ext.maxLinks else { throw WriteError.tooManyLinks(path: path, count: links) }
            inode.linksCount = UInt16(links)
            var xattr: Int?
            if let block = try XAttrBlock.make(node.xattrs, path: path, blockSize: blockSize) {
                if let i = xattrIndex[block] {
                    refcounts[i] += 1
                    xattr = i
                } else {
                    xattrIndex[block] = xattrBlocks.count
                    xattr = xattrBlocks.count
                    xattrBlocks.append(block)
                    refcounts.append(1)
                }
            }
            inodes.append(LayoutInode(number: number, inode: inode, logical: logical, payload: payload, xattrBlock: xattr))
        }

        /// lost+found as mke2fs makes it when the tree has none: root-owned, mode 0700.
        mutating func addLostAndFound() {
            let t = Inode.seconds(options.timestamp)
            var inode = Inode()
            inode.mode = 0o040700
            inode.atime = t
            inode.ctime = t
            inode.mtime = t
            inode.linksCount = 2
            let list = [
                DirectoryEntry(inode: 11, name: [UInt8(ascii: ".")], fileType: DirectoryEntry.typeDirectory),
                DirectoryEntry(inode: 2, name: [UInt8(ascii: "."), UInt8(ascii: ".")], fileType: DirectoryEntry.typeDirectory),
            ]
            let bytes = directoryBlocks(list, blockSize: blockSize, minimumBlocks: lostAndFoundBlocks(blockSize: blockSize))
            inode.size = UInt64(bytes.count)
            inodes.append(LayoutInode(
                number: 11, inode: inode, logical: [0..<UInt64(bytes.count / blockSize)],
                payload: .directory(bytes), xattrBlock: nil))
        }

        /// The blocks holding any byte of a data range, merged; holes get none.
        func logicalBlocks(_ content: Content) -> [Range<UInt64>] {
            let bs = UInt64(blockSize)
            var out: [Range<UInt64>] = []
            for r in content.effectiveDataRanges {
                let hi = min(r.upperBound, content.size)
                guard r.lowerBound < hi else { continue }
                let blocks = (r.lowerBound / bs)..<((hi + bs - 1) / bs)
                if let last = out.last, last.upperBound >= blocks.lowerBound {
                    out[out.count - 1] = last.lowerBound..<max(last.upperBound, blocks.upperBound)
                } else {
                    out.append(blocks)
                }
            }
            return out
        }

        /// A file's size must fit the triple-indirect map and i_blocks (32 bits of 512-byte units).
        func checkSize(_ size: UInt64, path: String) throws {
            let bs = UInt64(blockSize)
            let regions = BlockMap.Regions(perBlock: bs / 4)
            let perBlock = bs / 4
            // Blocks i_blocks can count, less about one indirect block per perBlock data blocks.
            let countable = UInt64(UInt32.max) / (bs / 512) / (perBlock + 1) * perBlock - 4
            let maxBytes = min(regions.end, countable) * bs
            if size > maxBytes { throw WriteError.fileTooBig(path: path, size: size, max: maxBytes) }
        }
    }
}
