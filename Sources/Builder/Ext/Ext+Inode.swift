extension Ext {
    /// One 128-byte inode (`struct ext2_inode`, ext2_fs.h; osd2 in its Linux form).
    struct Inode {
        var mode: UInt16 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
        var size: UInt64 = 0
        var atime: Int32 = 0
        var ctime: Int32 = 0
        var mtime: Int32 = 0
        var linksCount: UInt16 = 0
        /// i_blocks: 512-byte units of data, indirect and xattr blocks.
        var sectors: UInt32 = 0
        /// i_block: 15 block pointers, or a fast symlink's target, or a device number.
        var block = [UInt8](repeating: 0, count: 60)
        var fileACL: UInt32 = 0

        static let size = 128

        var isZero: Bool { mode == 0 && atime == 0 && ctime == 0 && mtime == 0 && linksCount == 0 }

        /// Sets i_block from 15 pointers.
        mutating func setPointers(_ pointers: [UInt32]) {
            for (i, p) in pointers.enumerated() { block.putLE32(p, at: 4 * i) }
        }

        /// The 15 i_block words (for s_jnl_blocks).
        var pointers: [UInt32] { (0..<15).map { block.readLE32(at: 4 * $0) } }

        func encode(into b: inout [UInt8], at o: Int) {
            b.putLE16(mode, at: o + 0x00)                                   // i_mode
            b.putLE16(UInt16(truncatingIfNeeded: uid), at: o + 0x02)        // i_uid (low 16 bits)
            b.putLE32(UInt32(truncatingIfNeeded: size), at: o + 0x04)       // i_size
            b.putLE32(UInt32(bitPattern: atime), at: o + 0x08)              // i_atime
            b.putLE32(UInt32(bitPattern: ctime), at: o + 0x0C)              // i_ctime
            b.putLE32(UInt32(bitPattern: mtime), at: o + 0x10)              // i_mtime
            // i_dtime 0x14 stays 0: live inode.
            b.putLE16(UInt16(truncatingIfNeeded: gid), at: o + 0x18)        // i_gid (low 16 bits)
            b.putLE16(linksCount, at: o + 0x1A)                             // i_links_count
            b.putLE32(sectors, at: o + 0x1C)                                // i_blocks
            // i_flags 0x20 and osd1 0x24 stay 0: no flag a 2.6.9 kernel could misread.
            b.putBytes(block, at: o + 0x28)                                 // i_block[15]
            // i_generation 0x64 stays 0 (deterministic output).
            b.putLE32(fileACL, at: o + 0x68)                                // i_file_acl
            b.putLE32(UInt32(truncatingIfNeeded: size >> 32), at: o + 0x6C) // i_size_high (large_file)
            // i_faddr 0x70, l_i_blocks_hi 0x74, l_i_file_acl_high 0x76 stay 0.
            b.putLE16(UInt16(truncatingIfNeeded: uid >> 16), at: o + 0x78)  // l_i_uid_high
            b.putLE16(UInt16(truncatingIfNeeded: gid >> 16), at: o + 0x7A)  // l_i_gid_high
        }

        /// Seconds clamped to the signed 32-bit range of 128-byte inodes (negative = before 1970).
        static func seconds(_ t: Timestamp) -> Int32 {
            Int32(clamping: t.seconds)
        }
    }

    /// Device numbers in i_block, as the kernel's ext2/ext3 write them (fs/ext2/inode.c): the old
    /// 8:8 encoding in i_block[0] when it fits, else 0 there and the new encoding in i_block[1].
    static func deviceBlock(_ d: DeviceNumber) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 60)
        if d.major < 256 && d.minor < 256 {
            b.putLE32(d.major << 8 | d.minor, at: 0)
        } else {
            // new_encode_dev: minor low 8 bits, major, then the minor's upper bits from bit 20.
            let v = (d.minor & 0xff) | (d.major << 8) | ((d.minor & ~0xff) << 12)
            b.putLE32(v, at: 4)
        }
        return b
    }
}
