extension Ext {
    /// The ext2 superblock: 1024 bytes at byte 1024 of the image, with backups at the start of the
    /// sparse groups. Layout: e2fsprogs lib/ext2fs/ext2_fs.h `struct ext2_super_block`
    /// (the kernel's Documentation/filesystems/ext4/super.rst lists the same offsets).
    struct Superblock {
        var inodesCount: UInt32
        var blocksCount: UInt32
        var reservedBlocksCount: UInt32
        var freeBlocksCount: UInt32
        var freeInodesCount: UInt32
        var firstDataBlock: UInt32
        var blockSize: Int
        var blocksPerGroup: UInt32
        var inodesPerGroup: UInt32
        var time: Int32
        var hasJournal: Bool
        var uuid: [UInt8]
        var volumeName: [UInt8]
        var hashSeed: [UInt8]
        /// i_block[0..14], i_size_high, i_size of the journal inode (s_jnl_blocks).
        var journalBlocks: [UInt32]

        static let size = 1024
        static let magic: UInt16 = 0xEF53

        // Feature bits (ext2_fs.h EXT2_FEATURE_*): only what a 2.6.9 kernel mounts read-write.
        static let compatHasJournal: UInt32 = 0x0004
        static let compatExtAttr: UInt32 = 0x0008
        static let incompatFiletype: UInt32 = 0x0002
        static let roCompatSparseSuper: UInt32 = 0x0001
        static let roCompatLargeFile: UInt32 = 0x0002

        /// The superblock as written in group `group` (s_block_group_nr differs between copies).
        func encode(group: Int) -> [UInt8] {
            var b = [UInt8](repeating: 0, count: Superblock.size)
            b.putLE32(inodesCount, at: 0x00)          // s_inodes_count
            b.putLE32(blocksCount, at: 0x04)          // s_blocks_count
            b.putLE32(reservedBlocksCount, at: 0x08)  // s_r_blocks_count
            b.putLE32(freeBlocksCount, at: 0x0C)      // s_free_blocks_count
            b.putLE32(freeInodesCount, at: 0x10)      // s_free_inodes_count
            b.putLE32(firstDataBlock, at: 0x14)       // s_first_data_block
            let log = UInt32(blockSize.trailingZeroBitCount - 10)
            b.putLE32(log, at: 0x18)                  // s_log_block_size: 1024 << log
            b.putLE32(log, at: 0x1C)                  // s_log_frag_size: fragments = blocks
            b.putLE32(blocksPerGroup, at: 0x20)       // s_blocks_per_group
            b.putLE32(blocksPerGroup, at: 0x24)       // s_frags_per_group
            b.putLE32(inodesPerGroup, at: 0x28)       // s_inodes_per_group
            // s_mtime 0x2C stays 0: never mounted.
            b.putLE32(UInt32(bitPattern: time), at: 0x30)  // s_wtime
            // s_mnt_count 0x34 stays 0.
            b.putLE16(0xFFFF, at: 0x36)               // s_max_mnt_count -1: no mount-count fsck
            b.putLE16(Superblock.magic, at: 0x38)     // s_magic
            b.putLE16(1, at: 0x3A)                    // s_state EXT2_VALID_FS: clean
            b.putLE16(1, at: 0x3C)                    // s_errors EXT2_ERRORS_CONTINUE
            // s_minor_rev_level 0x3E stays 0.
            b.putLE32(UInt32(bitPattern: time), at: 0x40)  // s_lastcheck
            // s_checkinterval 0x44 stays 0: no periodic fsck; s_creator_os 0x48 0 = Linux.
            b.putLE32(1, at: 0x4C)                    // s_rev_level EXT2_DYNAMIC_REV
            // s_def_resuid 0x50, s_def_resgid 0x52 stay 0 (root).
            b.putLE32(11, at: 0x54)                   // s_first_ino
            b.putLE16(UInt16(Inode.size), at: 0x58)   // s_inode_size
            b.putLE16(UInt16(truncatingIfNeeded: group), at: 0x5A)  // s_block_group_nr
            var compat = Superblock.compatExtAttr
            if hasJournal { compat |= Superblock.compatHasJournal }
            b.putLE32(compat, at: 0x5C)               // s_feature_compat
            b.putLE32(Superblock.incompatFiletype, at: 0x60)  // s_feature_incompat
            b.putLE32(Superblock.roCompatSparseSuper | Superblock.roCompatLargeFile, at: 0x64)
            b.putBytes(uuid, at: 0x68)                // s_uuid
            b.putBytes(volumeName, at: 0x78)          // s_volume_name (NUL padded)
            // s_last_mounted 0x88, s_algorithm_usage_bitmap 0xC8, prealloc 0xCC/0xCD,
            // s_reserved_gdt_blocks 0xCE (no resize_inode), s_journal_uuid 0xD0 (internal
            // journal) stay 0.
            if hasJournal { b.putLE32(8, at: 0xE0) }  // s_journal_inum
            // s_journal_dev 0xE4, s_last_orphan 0xE8 stay 0.
            b.putBytes(hashSeed, at: 0xEC)            // s_hash_seed
            b[0xFC] = 1                               // s_def_hash_version DX_HASH_HALF_MD4
            if hasJournal { b[0xFD] = 1 }             // s_jnl_backup_type EXT3_JNL_BACKUP_BLOCKS
            // s_desc_size 0xFE stays 0: 32-byte descriptors (no 64bit).
            b.putLE32(0x0004 | 0x0008, at: 0x100)     // s_default_mount_opts user_xattr | acl
            // s_first_meta_bg 0x104 stays 0.
            b.putLE32(UInt32(bitPattern: time), at: 0x108)  // s_mkfs_time
            if hasJournal {
                for (i, v) in journalBlocks.enumerated() { b.putLE32(v, at: 0x10C + 4 * i) }  // s_jnl_blocks[17]
            }
            // s_blocks_count_hi 0x150 and later 64bit/extra_isize fields stay 0.
            b.putLE32(0x0001, at: 0x160)              // s_flags EXT2_FLAGS_SIGNED_HASH (as mke2fs on x86)
            return b
        }
    }

    /// One 32-byte block group descriptor (`struct ext2_group_desc`, ext2_fs.h).
    struct GroupDescriptor {
        var blockBitmap: UInt32
        var inodeBitmap: UInt32
        var inodeTable: UInt32
        var freeBlocks: UInt16
        var freeInodes: UInt16
        var usedDirs: UInt16

        static let size = 32

        func encode(into b: inout [UInt8], at o: Int) {
            b.putLE32(blockBitmap, at: o + 0x00)  // bg_block_bitmap
            b.putLE32(inodeBitmap, at: o + 0x04)  // bg_inode_bitmap
            b.putLE32(inodeTable, at: o + 0x08)   // bg_inode_table
            b.putLE16(freeBlocks, at: o + 0x0C)   // bg_free_blocks_count
            b.putLE16(freeInodes, at: o + 0x0E)   // bg_free_inodes_count
            b.putLE16(usedDirs, at: o + 0x10)     // bg_used_dirs_count
            // bg_flags 0x12, reserved, bg_checksum 0x1E stay 0: no uninit_bg.
        }
    }
}
