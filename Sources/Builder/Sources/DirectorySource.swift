// Placeholder until the directory walker lands: the signature the rest of builder calls.

/// Reads a directory on the host into a `Tree` (lstat walk: nothing is followed, nothing is written).
public enum DirectorySource {
    public struct Options: Sendable, Equatable {
        /// When set, every node gets this owner (a tree unpacked by an ordinary user); modes,
        /// including setuid and setgid bits, are kept.
        public var owner: (uid: UInt32, gid: UInt32)?

        public init(owner: (uid: UInt32, gid: UInt32)? = nil) { self.owner = owner }

        public static func == (a: Options, b: Options) -> Bool {
            a.owner?.uid == b.owner?.uid && a.owner?.gid == b.owner?.gid
        }
    }

    /// The tree below `root` (which must be a directory); the root node takes `root`'s own metadata.
    public static func read(_ root: String, options: Options = Options()) throws -> Tree {
        throw SystemError("read directory (not implemented yet)", path: root, code: 38)
    }
}
