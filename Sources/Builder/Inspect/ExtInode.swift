/// One inode as the reader needs it (offsets from the kernel's `struct ext2_inode`; the fields
/// past byte 128 only where the inode is larger and i_extra_isize covers them).
public struct ExtInode: Equatable, Sendable {
    public var number: UInt32
    public var mode: UInt16
    public var uid: UInt32
    public var gid: UInt32
    public var size: UInt64
    public var links: UInt16
    public var atime: Timestamp
    public var ctime: Timestamp
    public var mtime: Timestamp
    /// i_blocks: 512-byte units (ext2 without huge_file), the xattr block included.
    public var sectors: UInt64
    public var flags: UInt32
    /// i_block: 15 block pointers, or a fast symlink's target, or a device number.
    public var blockField: [UInt8]
    /// i_file_acl: the xattr block, 0 for none.
    public var xattrBlock: UInt32

    static let extentsFlag: UInt32 = 0x0008_0000
    static let inlineDataFlag: UInt32 = 0x1000_0000

    init(number: UInt32, bytes b: [UInt8]) {
        self.number = number
        mode = b.le16(0)
        // osd2 (Linux): l_i_uid_high at 120, l_i_gid_high at 122.
        uid = UInt32(b.le16(2)) | UInt32(b.le16(120)) << 16
        gid = UInt32(b.le16(24)) | UInt32(b.le16(122)) << 16
        let typeBits = b.le16(0) & 0o170000
        // i_size_high (byte 108) is the top half of a regular file's size; older ext2 used the
        // same field of directories for i_dir_acl, so it only counts for regular files.
        size = UInt64(b.le32(4)) | (typeBits == 0o100000 ? UInt64(b.le32(108)) << 32 : 0)
        links = b.le16(26)
        // Times are signed 32-bit seconds; a large inode's *_extra fields add two epoch bits
        // (bits 32-33 of the seconds) and the nanoseconds (bits 2-31).
        let extraSize = b.count > 128 ? Int(b.le16(128)) : 0
        func time(_ offset: Int, extra: Int) -> Timestamp {
            var seconds = Int64(Int32(bitPattern: b.le32(offset)))
            var nanos: UInt32 = 0
            if extraSize >= extra + 4 - 128 && b.count >= extra + 4 {
                let e = b.le32(extra)
                seconds += Int64(e & 3) << 32
                nanos = e >> 2
            }
            return Timestamp(seconds: seconds, nanoseconds: nanos)
        }
        ctime = time(12, extra: 132)
        mtime = time(16, extra: 136)
        atime = time(8, extra: 140)
        sectors = UInt64(b.le32(28)) | UInt64(b.le16(116)) << 32
        flags = b.le32(32)
        blockField = Array(b[40..<100])
        xattrBlock = b.le32(104)
    }

    public var typeBits: UInt16 { mode & 0o170000 }
    public var isDirectory: Bool { typeBits == 0o040000 }
    public var isRegular: Bool { typeBits == 0o100000 }
    public var isSymlink: Bool { typeBits == 0o120000 }
    public var isDevice: Bool { typeBits == 0o020000 || typeBits == 0o060000 }

    /// The i-th of the 15 block pointers in i_block.
    func pointer(_ i: Int) -> UInt32 { blockField.le32(4 * i) }

    /// A device's number: the old 8:8 encoding in i_block[0] when that is set, else the new
    /// encoding in i_block[1] (minor low 8 bits, major 12 bits, minor high 12 bits), as Linux's
    /// old_decode_dev / new_decode_dev.
    public var device: DeviceNumber {
        let old = pointer(0)
        if old != 0 { return DeviceNumber(major: (old >> 8) & 0xFF, minor: old & 0xFF) }
        let new = pointer(1)
        return DeviceNumber(major: (new & 0xFFF00) >> 8, minor: (new & 0xFF) | ((new >> 12) & 0xFFF00))
    }
}
