// Placeholder until the writer lands: the signatures the rest of builder calls.
extension Ext {
    /// The image size (bytes, a whole number of blocks) that holds `tree` with `free` bytes left
    /// for files: content, metadata, journal and inode headroom included.
    public static func autoSize(for tree: Tree, free: UInt64, options: Options) throws -> UInt64 {
        throw WriteError.notImplemented
    }

    /// Writes `tree` into a new image file of exactly `size` bytes at `path` (created mode 0600,
    /// written sparse). Throws `WriteError.doesNotFit` with the size needed when it cannot.
    public static func write(_ tree: Tree, size: UInt64, options: Options, to path: String) throws -> Summary {
        throw WriteError.notImplemented
    }

    public enum WriteError: Error, Equatable, CustomStringConvertible {
        case notImplemented
        /// The tree needs `needed` bytes (at least), the image has `available`.
        case doesNotFit(needed: UInt64, available: UInt64)

        public var description: String {
            switch self {
            case .notImplemented: return "not implemented"
            case .doesNotFit(let needed, let available):
                return "the tree does not fit: it needs at least \(needed) bytes, the image has \(available); raise the disk's size or use \"auto\""
            }
        }
    }
}
