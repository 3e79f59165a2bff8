extension Ext.Plan {
    /// Free blocks in group `g`: its size less metadata and allocated data blocks.
    func freeBlocks(inGroup g: Int) -> UInt32 {
        geometry.groupBlocks(g) - geometry.overhead(g) - allocator.dataBlocksUsed(inGroup: g)
    }

    /// Inodes in use in group `g`: numbers 1 to `inodesUsed` are all taken (1-10 reserved).
    func usedInodes(inGroup g: Int) -> UInt32 {
        let first = UInt32(g) * geometry.inodesPerGroup
        return min(geometry.inodesPerGroup, inodesUsed > first ? inodesUsed - first : 0)
    }

    var freeBlocksTotal: UInt64 { (0..<geometry.groupCount).reduce(0) { $0 + UInt64(freeBlocks(inGroup: $1)) } }

    func groupDescriptors() -> [UInt8] {
        var dirs = [UInt16](repeating: 0, count: geometry.groupCount)
        for p in inodes where p.inode.mode & 0o170000 == 0o040000 { dirs[group(ofInode: p.number)] += 1 }
        var b = [UInt8](repeating: 0, count: Int(geometry.descriptorBlocks) * geometry.blockSize)
        for g in 0..<geometry.groupCount {
            let d = Ext.GroupDescriptor(
                blockBitmap: geometry.blockBitmap(g), inodeBitmap: geometry.inodeBitmap(g),
                inodeTable: geometry.inodeTable(g), freeBlocks: UInt16(freeBlocks(inGroup: g)),
                freeInodes: UInt16(geometry.inodesPerGroup - usedInodes(inGroup: g)), usedDirs: dirs[g])
            d.encode(into: &b, at: g * Ext.GroupDescriptor.size)
        }
        return b
    }

    func superblock() -> Ext.Superblock {
        var label = Array(options.label.utf8)
        label += [UInt8](repeating: 0, count: 16 - label.count)
        var journal = [UInt32](repeating: 0, count: 17)
        if let j = inodes.first(where: { $0.number == 8 }) {
            journal = j.inode.pointers + [UInt32(truncatingIfNeeded: j.inode.size >> 32), UInt32(truncatingIfNeeded: j.inode.size)]
        }
        return Ext.Superblock(
            inodesCount: geometry.inodesCount, blocksCount: geometry.blocksCount,
            reservedBlocksCount: Ext.reservedBlocks(geometry.blocksCount, options: options),
            freeBlocksCount: UInt32(freeBlocksTotal), freeInodesCount: geometry.inodesCount - inodesUsed,
            firstDataBlock: geometry.firstDataBlock, blockSize: geometry.blockSize,
            blocksPerGroup: geometry.blocksPerGroup, inodesPerGroup: geometry.inodesPerGroup,
            time: Ext.Inode.seconds(options.timestamp), hasJournal: options.flavor == .ext3,
            uuid: options.uuid, volumeName: label, hashSeed: options.hashSeed, journalBlocks: journal)
    }

    /// Group `g`'s block bitmap, inode bitmap and the used part of its inode table, contiguous
    /// on disk, as one buffer. Bitmap bits past the group's end are set (e2fsck checks the padding).
    func groupTables(_ g: Int, inodeIndex: inout Int) -> [UInt8] {
        let bs = geometry.blockSize
        let ipg = Int(geometry.inodesPerGroup)
        let firstInode = UInt32(g * ipg) + 1
        // The inode table up to its last non-zero block: the rest of the image is a hole.
        var lastUsed = 0
        var table = [UInt8](repeating: 0, count: ipg * Ext.Inode.size)
        while inodeIndex < inodes.count, inodes[inodeIndex].number < firstInode + UInt32(ipg) {
            let p = inodes[inodeIndex]
            let slot = Int(p.number - firstInode)
            p.inode.encode(into: &table, at: slot * Ext.Inode.size)
            lastUsed = slot + 1
            inodeIndex += 1
        }
        // Inode 1 (bad blocks) carries the creation time, as mke2fs leaves it.
        if g == 0 {
            var bad = Ext.Inode()
            let t = Ext.Inode.seconds(options.timestamp)
            (bad.atime, bad.ctime, bad.mtime) = (t, t, t)
            bad.encode(into: &table, at: 0)
            lastUsed = max(lastUsed, 1)
        }
        let tableBytes = (lastUsed * Ext.Inode.size + bs - 1) / bs * bs
        var out = [UInt8](repeating: 0, count: 2 * bs + tableBytes)
        let usedBlocks = Int(geometry.overhead(g) + allocator.dataBlocksUsed(inGroup: g))
        Self.setBits(&out, at: 0, count: usedBlocks)
        Self.setBits(&out, at: 0, from: Int(geometry.groupBlocks(g)), to: 8 * bs)
        Self.setBits(&out, at: bs, count: Int(usedInodes(inGroup: g)))
        Self.setBits(&out, at: bs, from: ipg, to: 8 * bs)
        out.replaceSubrange((2 * bs)..<(2 * bs + tableBytes), with: table[0..<tableBytes])
        return out
    }

    static func setBits(_ b: inout [UInt8], at base: Int, count: Int) { setBits(&b, at: base, from: 0, to: count) }

    static func setBits(_ b: inout [UInt8], at base: Int, from: Int, to: Int) {
        var i = from
        while i < to {
            if i % 8 == 0 && i + 8 <= to {
                b[base + i / 8] = 0xFF
                i += 8
            } else {
                b[base + i / 8] |= UInt8(1) << UInt8(i % 8)
                i += 1
            }
        }
    }
}
