/// The superblock fields the reader needs (ext2 layout, at byte 1024 of the image; offsets from
/// the kernel's `struct ext2_super_block`).
struct ExtSuperblock: Equatable {
    var inodesCount: UInt32
    var blocksCount: UInt32
    var firstDataBlock: UInt32
    var blockSize: Int
    var blocksPerGroup: UInt32
    var inodesPerGroup: UInt32
    var revision: UInt32
    var inodeSize: Int
    var featureCompat: UInt32
    var featureIncompat: UInt32
    var featureROCompat: UInt32
    var volumeName: [UInt8]

    static let offset: UInt64 = 1024
    static let size = 1024
    static let magic: UInt16 = 0xEF53

    /// Incompat features that do not change how files are found: filetype (0x2), recover (0x4,
    /// a journal to replay: the last writes may be missing), mmp (0x100), flex_bg (0x200, only
    /// where groups keep their tables), csum_seed (0x2000).
    static let readableIncompat: UInt32 = 0x2 | 0x4 | 0x100 | 0x200 | 0x2000
    static let incompatFiletype: UInt32 = 0x2
    static let incompatNames: [(UInt32, String)] = [
        (0x1, "compression"), (0x8, "an external journal device"), (0x10, "meta_bg"),
        (0x40, "extents (ext4)"), (0x80, "64bit (ext4)"), (0x400, "ea_inode"), (0x1000, "dirdata"),
        (0x4000, "large_dir"), (0x8000, "inline_data"), (0x10000, "encryption"), (0x20000, "casefold"),
    ]

    init(_ b: [UInt8], image: String) throws {
        guard b.count == Self.size else {
            throw InspectError.notExt(image: image, reason: "it is shorter than 2048 bytes")
        }
        guard b.le16(56) == Self.magic else {
            throw InspectError.notExt(image: image, reason: "no ext2 magic 0xEF53 at byte 1080")
        }
        inodesCount = b.le32(0)
        blocksCount = b.le32(4)
        firstDataBlock = b.le32(20)
        let log = b.le32(24)
        blocksPerGroup = b.le32(32)
        inodesPerGroup = b.le32(40)
        revision = b.le32(76)
        // Revision 0 has fixed 128-byte inodes and no feature fields.
        inodeSize = revision == 0 ? 128 : Int(b.le16(88))
        featureCompat = revision == 0 ? 0 : b.le32(92)
        featureIncompat = revision == 0 ? 0 : b.le32(96)
        featureROCompat = revision == 0 ? 0 : b.le32(100)
        volumeName = Array(b[120..<136].prefix(while: { $0 != 0 }))
        guard log <= 6 else { throw InspectError.notExt(image: image, reason: "block size 1024 << \(log) is impossible") }
        blockSize = 1024 << Int(log)
        guard blocksPerGroup > 0, inodesPerGroup > 0, blocksCount > firstDataBlock else {
            throw InspectError.notExt(image: image, reason: "the superblock's group geometry is zero")
        }
        guard inodeSize >= 128, inodeSize <= blockSize, inodeSize & (inodeSize - 1) == 0 else {
            throw InspectError.notExt(image: image, reason: "inode size \(inodeSize) is impossible")
        }
        let unreadable = featureIncompat & ~Self.readableIncompat
        if unreadable != 0 {
            let names = Self.incompatNames.filter { unreadable & $0.0 != 0 }.map(\.1)
            throw InspectError.unsupportedFeature(
                image: image, feature: names.isEmpty ? "incompatible features 0x\(String(unreadable, radix: 16))" : names.joined(separator: ", "))
        }
    }

    var groupCount: Int {
        Int((blocksCount - firstDataBlock + blocksPerGroup - 1) / blocksPerGroup)
    }

    var hasFiletype: Bool { featureIncompat & Self.incompatFiletype != 0 }
}
