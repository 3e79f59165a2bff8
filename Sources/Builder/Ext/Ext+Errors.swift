extension Ext {
    /// Why an image could not be written. Each case names what, where and what to do.
    public enum WriteError: Error, Equatable, CustomStringConvertible {
        /// The tree needs `needed` bytes (at least), the image has `available`.
        case doesNotFit(needed: UInt64, available: UInt64)
        /// `Options.inodeCount` is below what the tree needs.
        case tooFewInodes(requested: UInt32, needed: UInt32)
        case invalidOptions(String)
        /// ext3 needs at least 2048 blocks for the smallest journal mke2fs makes.
        case tooSmallForJournal(blocks: UInt64)
        /// The image would need more than 2^32 blocks (ext2/3 without the 64bit feature).
        case tooManyBlocks(UInt64)
        case xattrsTooBig(path: String, bytes: Int, blockSize: Int)
        case unsupportedXAttr(path: String, name: String)
        case invalidACL(path: String, name: String, reason: String)
        case symlinkTooLong(path: String, length: Int, max: Int)
        case emptySymlink(path: String)
        case fileTooBig(path: String, size: UInt64, max: UInt64)
        case tooManyLinks(path: String, count: Int)
        case directoryLinkedTwice(path: String)
        case lostAndFoundNotDirectory
        /// A device number past ext2's new encoding (12-bit major, 20-bit minor).
        case deviceNumberTooLarge(path: String, major: UInt32, minor: UInt32)

        public var description: String {
            switch self {
            case .doesNotFit(let needed, let available):
                return "the tree does not fit: it needs at least \(needed) bytes, the image has \(available); raise the disk's size or use \"auto\""
            case .tooFewInodes(let requested, let needed):
                return "\(requested) inodes were asked for but the tree needs \(needed); raise the inode count or leave it unset"
            case .invalidOptions(let why):
                return "invalid ext image options: \(why)"
            case .tooSmallForJournal(let blocks):
                return "an ext3 journal needs a filesystem of at least 2048 blocks, this one has \(blocks); raise the size or use ext2"
            case .tooManyBlocks(let blocks):
                return "\(blocks) blocks is more than ext2/ext3 can address (2^32 - 1); use a smaller size or a larger block size"
            case .xattrsTooBig(let path, let bytes, let blockSize):
                return "the extended attributes of '\(path)' need \(bytes) bytes, more than one \(blockSize)-byte block holds; shrink them or remove some"
            case .unsupportedXAttr(let path, let name):
                return "'\(path)' has extended attribute '\(name)', whose namespace ext2/3 cannot store (only user., trusted., security. and the POSIX ACLs); remove it"
            case .invalidACL(let path, let name, let reason):
                return "'\(path)' has an invalid POSIX ACL in '\(name)': \(reason)"
            case .symlinkTooLong(let path, let length, let max):
                return "the symlink '\(path)' has a \(length)-byte target; at most \(max) bytes fit in one block"
            case .emptySymlink(let path):
                return "the symlink '\(path)' has an empty target, which Linux does not allow; give it a target"
            case .fileTooBig(let path, let size, let max):
                return "'\(path)' has \(size) bytes; ext2/3 with this block size holds at most \(max); use a larger block size"
            case .tooManyLinks(let path, let count):
                return "'\(path)' would have \(count) links; ext2/3 allows at most \(Ext.maxLinks)"
            case .directoryLinkedTwice(let path):
                return "the directory '\(path)' is named twice in the tree; directories cannot be hard-linked"
            case .lostAndFoundNotDirectory:
                return "'/lost+found' in the tree is not a directory; e2fsck needs it to be one, so remove or rename it"
            case .deviceNumberTooLarge(let path, let major, let minor):
                return "the device '\(path)' is \(major):\(minor); ext2/3 keeps majors up to \(StorableValues.maxMajor) and minors up to \(StorableValues.maxMinor), so it cannot be stored as it is: fix it in the source"
            }
        }
    }

    /// i_links_count is 16 bits; e2fsck accepts up to EXT2_LINK_MAX 65000.
    static let maxLinks = 65000
}
