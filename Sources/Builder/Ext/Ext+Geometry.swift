extension Ext {
    /// Where everything of the filesystem's skeleton lies: groups, their superblock backups,
    /// descriptor tables, bitmaps and inode tables. No resize_inode, so no reserved GDT blocks.
    struct Geometry: Equatable {
        let blockSize: Int
        let blocksCount: UInt32
        /// 1 with 1 KiB blocks (block 0 holds the boot sector), else 0.
        let firstDataBlock: UInt32
        let blocksPerGroup: UInt32
        let groupCount: Int
        let inodesPerGroup: UInt32
        let inodeTableBlocks: UInt32
        let descriptorBlocks: UInt32

        var inodesCount: UInt32 { inodesPerGroup * UInt32(groupCount) }
        var inodesPerBlock: UInt32 { UInt32(blockSize / Inode.size) }

        /// Lays out `blocks` blocks with at least `inodes` inodes, as ext2fs_initialize does:
        /// groups of 8 × blocksize blocks; a last group too small for its own metadata plus 50
        /// blocks is dropped (the filesystem ends before it); inodes per group a multiple of 8
        /// filling whole inode-table blocks. Nil when the inodes cannot fit (more than a bitmap
        /// block's worth per group) or the filesystem is too small for one group.
        static func make(blocks requested: UInt64, blockSize: Int, inodes: UInt64) -> Geometry? {
            let firstData: UInt64 = blockSize == 1024 ? 1 : 0
            let perGroup = UInt64(8 * blockSize)
            var blocks = min(requested, UInt64(UInt32.max))
            let inodesPerBlock = UInt64(blockSize / Inode.size)
            while blocks > firstData {
                let groups = (blocks - firstData + perGroup - 1) / perGroup
                var ipg = (inodes + groups - 1) / groups
                ipg = max(ipg, inodesPerBlock)
                ipg = (ipg + inodesPerBlock - 1) / inodesPerBlock * inodesPerBlock
                guard ipg <= UInt64(8 * blockSize) else { return nil }
                let tableBlocks = ipg / inodesPerBlock
                let gdtBlocks = (groups * UInt64(GroupDescriptor.size) + UInt64(blockSize) - 1) / UInt64(blockSize)
                let rem = (blocks - firstData) % perGroup
                let lastOverhead = 2 + tableBlocks + (hasSuperblock(Int(groups - 1)) ? 1 + gdtBlocks : 0)
                if rem != 0 && rem < lastOverhead + 50 {
                    if groups == 1 { return nil }
                    blocks -= rem
                    continue
                }
                return Geometry(
                    blockSize: blockSize, blocksCount: UInt32(blocks), firstDataBlock: UInt32(firstData),
                    blocksPerGroup: UInt32(perGroup), groupCount: Int(groups), inodesPerGroup: UInt32(ipg),
                    inodeTableBlocks: UInt32(tableBlocks), descriptorBlocks: UInt32(gdtBlocks))
            }
            return nil
        }

        /// sparse_super: groups 0, 1 and powers of 3, 5 and 7 hold superblock and descriptor copies.
        static func hasSuperblock(_ group: Int) -> Bool {
            if group <= 1 { return true }
            for base in [3, 5, 7] {
                var p = base
                while p < group { p *= base }
                if p == group { return true }
            }
            return false
        }

        func groupStart(_ g: Int) -> UInt32 { firstDataBlock + UInt32(g) * blocksPerGroup }
        func groupEnd(_ g: Int) -> UInt32 { g == groupCount - 1 ? blocksCount : groupStart(g + 1) }
        func groupBlocks(_ g: Int) -> UInt32 { groupEnd(g) - groupStart(g) }

        /// Superblock and descriptor copy, when the group has them.
        func superblockBlocks(_ g: Int) -> UInt32 { Geometry.hasSuperblock(g) ? 1 + descriptorBlocks : 0 }
        func blockBitmap(_ g: Int) -> UInt32 { groupStart(g) + superblockBlocks(g) }
        func inodeBitmap(_ g: Int) -> UInt32 { blockBitmap(g) + 1 }
        func inodeTable(_ g: Int) -> UInt32 { blockBitmap(g) + 2 }
        /// The first block of the group free for data.
        func dataStart(_ g: Int) -> UInt32 { inodeTable(g) + inodeTableBlocks }
        func overhead(_ g: Int) -> UInt32 { dataStart(g) - groupStart(g) }

        /// Blocks left for files, directories, journal and xattrs after all group metadata.
        var dataBlocks: UInt64 {
            (0..<groupCount).reduce(UInt64(0)) { $0 + UInt64(groupBlocks($1) - overhead($1)) }
        }
    }
}
