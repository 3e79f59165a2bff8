extension Ext {
    /// One inode with its blocks placed.
    struct PlacedInode {
        var number: UInt32
        var inode: Inode
        var map: BlockMap
        var payload: Payload
    }

    /// Everything the writer needs, computed without I/O: the geometry, every inode record and
    /// where each of its blocks (data, indirect, directory, xattr) lies.
    struct Plan {
        let geometry: Geometry
        let options: Options
        /// By inode number; reserved inodes other than the journal are not listed (they stay zero).
        var inodes: [PlacedInode]
        var xattrBlocks: [(physical: UInt32, block: XAttrBlock, refcount: UInt32)]
        var journalBlocks: UInt32
        /// The highest inode number in use; 1 to this are all allocated.
        var inodesUsed: UInt32
        var allocator: Allocator
        /// Inode number of each tree node.
        var numbers: [NodeID: UInt32]

        var perBlock: UInt64 { UInt64(geometry.blockSize / 4) }

        /// Where bytes `range` of inode `index`'s (an index into `inodes`) file lie in the image.
        /// A source that streams file data (e.g. a tarball, in archive order) places it with this.
        func placements(ofInodeAt index: Int, bytes range: Range<UInt64>) -> [(file: UInt64, image: UInt64, length: UInt64)] {
            inodes[index].map.placements(of: range, blockSize: geometry.blockSize)
        }

        /// The index into `inodes` of a tree node (hard links share one), for placing its data.
        func index(of node: NodeID) -> Int? {
            guard let number = numbers[node] else { return nil }
            var lo = 0, hi = inodes.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if inodes[mid].number < number { lo = mid + 1 } else { hi = mid }
            }
            return lo < inodes.count && inodes[lo].number == number ? lo : nil
        }

        func group(ofInode number: UInt32) -> Int { Int((number - 1) / geometry.inodesPerGroup) }
    }

    /// Places `layout` in `geometry`: inodes in number order, each inode's xattr block (when it is
    /// the block's first user), then its indirect and data blocks, all from one ascending cursor.
    static func plan(_ layout: Layout, geometry: Geometry, options: Options) throws -> Plan {
        let bs = geometry.blockSize
        let perBlock = UInt64(bs / 4)
        var inodes = layout.inodes
        var journalBlocks: UInt32 = 0
        if options.flavor == .ext3 {
            guard let j = defaultJournalBlocks(forFilesystemBlocks: UInt64(geometry.blocksCount)) else {
                throw WriteError.tooSmallForJournal(blocks: UInt64(geometry.blocksCount))
            }
            journalBlocks = j
            inodes.append(journalInode(blocks: j, options: options))
            inodes.sort { $0.number < $1.number }
        }
        var allocator = Allocator(geometry: geometry)
        var xattrPhysical = [UInt32?](repeating: nil, count: layout.xattrBlocks.count)
        var placed: [PlacedInode] = []
        placed.reserveCapacity(inodes.count)
        do {
            for item in inodes {
                var inode = item.inode
                var xattrCount: UInt64 = 0
                if let x = item.xattrBlock {
                    if xattrPhysical[x] == nil { xattrPhysical[x] = try allocator.allocate(1)[0].0 }
                    inode.fileACL = xattrPhysical[x] ?? 0
                    xattrCount = 1
                }
                let map = try BlockMap.build(item.logical, perBlock: perBlock) { try allocator.allocate($0) }
                if !item.logical.isEmpty { inode.setPointers(map.pointers(perBlock: perBlock)) }
                // i_blocks counts the xattr block too; the kernel's fast-symlink test
                // (ext3_inode_is_fast_symlink) subtracts it again, so a fast symlink with
                // xattrs stays fast for both the kernel and e2fsck (which tests the size).
                inode.sectors = UInt32((map.totalBlocks + xattrCount) * UInt64(bs / 512))
                placed.append(PlacedInode(number: item.number, inode: inode, map: map, payload: item.payload))
            }
        } catch is Allocator.Full {
            // Unreachable after the fit check (it counts exactly these blocks); kept as a guard.
            throw WriteError.doesNotFit(needed: 0, available: UInt64(geometry.blocksCount) * UInt64(bs))
        }
        let xattrs = layout.xattrBlocks.indices.map {
            (physical: xattrPhysical[$0] ?? 0, block: layout.xattrBlocks[$0], refcount: layout.xattrRefcounts[$0])
        }
        return Plan(
            geometry: geometry, options: options, inodes: placed, xattrBlocks: xattrs,
            journalBlocks: journalBlocks, inodesUsed: layout.inodesNeeded, allocator: allocator,
            numbers: layout.numbers)
    }

    /// Inode 8 as mke2fs makes it: a regular file, mode 0600, root-owned, one link, its blocks
    /// contiguous where the groups allow.
    static func journalInode(blocks: UInt32, options: Options) -> LayoutInode {
        let t = Inode.seconds(options.timestamp)
        var inode = Inode()
        inode.mode = 0o100600
        inode.atime = t
        inode.ctime = t
        inode.mtime = t
        inode.linksCount = 1
        inode.size = UInt64(blocks) * UInt64(options.blockSize)
        return LayoutInode(number: 8, inode: inode, logical: [0..<UInt64(blocks)], payload: .journal, xattrBlock: nil)
    }
}
