extension Ext {
    /// The JBD2 journal superblock, version 2, in the journal's first block. Fields big-endian;
    /// layout: e2fsprogs lib/ext2fs/kernel-jbd.h `journal_superblock_t`. Values as
    /// ext2fs_create_journal_superblock2 (lib/ext2fs/mkjournal.c) sets them for an internal journal:
    /// s_first 1, s_sequence 1, s_nr_users 1, s_uuid = the filesystem's uuid; s_start 0 (clean).
    struct JournalSuperblock {
        var blockSize: UInt32
        var maxLength: UInt32
        var uuid: [UInt8]

        static let magic: UInt32 = 0xC03B3998
        static let blockTypeSuperblockV2: UInt32 = 4

        func encode() -> [UInt8] {
            var b = [UInt8](repeating: 0, count: 1024)
            b.putBE32(JournalSuperblock.magic, at: 0x00)                // h_magic
            b.putBE32(JournalSuperblock.blockTypeSuperblockV2, at: 0x04) // h_blocktype
            // h_sequence 0x08 stays 0.
            b.putBE32(blockSize, at: 0x0C)   // s_blocksize
            b.putBE32(maxLength, at: 0x10)   // s_maxlen: journal blocks
            b.putBE32(1, at: 0x14)           // s_first: first log block
            b.putBE32(1, at: 0x18)           // s_sequence: first expected commit id
            // s_start 0x1C stays 0: the journal is empty (clean); s_errno and the feature words
            // 0x20-0x2F stay 0: no journal features (2.6.9's JBD knows none of JBD2's).
            b.putBytes(uuid, at: 0x30)       // s_uuid
            b.putBE32(1, at: 0x40)           // s_nr_users
            // s_dynsuper, s_max_transaction, s_max_trans_data, checksum type, fast-commit blocks
            // and s_users stay 0.
            return b
        }
    }

    /// e2fsprogs 1.47 ext2fs_default_journal_size (lib/ext2fs/mkjournal.c): the journal blocks
    /// mke2fs gives a filesystem of `blocks` blocks; nil below 2048 blocks (no journal possible).
    static func defaultJournalBlocks(forFilesystemBlocks blocks: UInt64) -> UInt32? {
        switch blocks {
        case ..<2048: return nil
        case ..<32768: return 1024
        case ..<(256 * 1024): return 4096
        case ..<(512 * 1024): return 8192
        case ..<(4096 * 1024): return 16384
        case ..<(8192 * 1024): return 32768
        case ..<(16384 * 1024): return 65536
        case ..<(32768 * 1024): return 131072
        default: return 262144
        }
    }
}
