/// An ext2/ext3 image opened for reading: builder's own reader, independent of its writer, for
/// `builder inspect` (and as a second opinion in tests). It reads block maps only (direct, single,
/// double and triple indirect); extents are refused by name.
public final class ExtImage {
    public let path: String
    let file: HostFile
    let superblock: ExtSuperblock
    /// bg_inode_table of each group.
    let inodeTables: [UInt32]
    /// Recently read indirect blocks, by block number.
    private var pointerCache: [UInt32: [UInt8]] = [:]

    public static let rootInode: UInt32 = 2

    public init(path: String) throws {
        self.path = path
        file = try HostFile.openForReading(path)
        superblock = try ExtSuperblock(file.read(count: ExtSuperblock.size, at: ExtSuperblock.offset), image: path)
        let imageSize = try file.size()
        let bs = UInt64(superblock.blockSize)
        guard UInt64(superblock.blocksCount) * bs <= imageSize else {
            throw InspectError.notExt(image: path, reason: "the superblock counts \(superblock.blocksCount) blocks of \(bs) bytes, more than the file's \(imageSize) bytes")
        }
        // The group descriptors (32 bytes each without 64bit) follow the superblock's block.
        let groups = superblock.groupCount
        let table = try file.read(count: groups * 32, at: (UInt64(superblock.firstDataBlock) + 1) * bs)
        guard table.count == groups * 32 else {
            throw InspectError.corrupt(image: path, what: "the group descriptor table is cut short")
        }
        inodeTables = (0..<groups).map { table.le32($0 * 32 + 8) }
    }

    public var blockSize: Int { superblock.blockSize }
    public var volumeName: [UInt8] { superblock.volumeName }

    /// Reads inode `number` (1-based).
    public func inode(_ number: UInt32) throws -> ExtInode {
        guard number >= 1, number <= superblock.inodesCount else {
            throw InspectError.corrupt(image: path, what: "inode number \(number) is outside 1...\(superblock.inodesCount)")
        }
        let group = Int((number - 1) / superblock.inodesPerGroup)
        let index = UInt64((number - 1) % superblock.inodesPerGroup)
        let offset = UInt64(inodeTables[group]) * UInt64(blockSize) + index * UInt64(superblock.inodeSize)
        let bytes = try file.read(count: superblock.inodeSize, at: offset)
        guard bytes.count == superblock.inodeSize else {
            throw InspectError.corrupt(image: path, what: "inode \(number) lies past the end of the image")
        }
        let inode = ExtInode(number: number, bytes: bytes)
        if inode.flags & ExtInode.extentsFlag != 0 {
            throw InspectError.unsupportedFeature(image: path, feature: "extents (ext4) in inode \(number)")
        }
        if inode.flags & ExtInode.inlineDataFlag != 0 {
            throw InspectError.unsupportedFeature(image: path, feature: "inline data in inode \(number)")
        }
        return inode
    }

    /// Reads whole block `number`.
    func block(_ number: UInt32) throws -> [UInt8] {
        guard number < superblock.blocksCount else {
            throw InspectError.corrupt(image: path, what: "block \(number) is past the last block \(superblock.blocksCount - 1)")
        }
        let b = try file.read(count: blockSize, at: UInt64(number) * UInt64(blockSize))
        guard b.count == blockSize else { throw InspectError.corrupt(image: path, what: "block \(number) is cut short") }
        return b
    }

    /// An indirect block's pointers, through a small cache (a file's blocks walk the same
    /// indirect blocks over and over).
    func pointers(_ number: UInt32) throws -> [UInt8] {
        if let cached = pointerCache[number] { return cached }
        let b = try block(number)
        if pointerCache.count >= 64 { pointerCache.removeAll(keepingCapacity: true) }
        pointerCache[number] = b
        return b
    }
}
