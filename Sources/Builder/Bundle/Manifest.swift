/// `manifest.json` in a guest's folder: what made the guest (builder's version, the recipe's
/// hash, the inputs, SOURCE_DATE_EPOCH) and every other file of the folder with its size and
/// SHA-256, so a user can check a copied folder with `sha256sum` and tell two guests apart.
///
/// It holds nothing that changes between runs of one recipe: no clock time, no host paths other
/// than those the recipe names (relative to the recipe's folder when they are below it), so two
/// bakes give the same manifest.
public struct Manifest: Sendable, Equatable {
    public static let fileName = "manifest.json"
    /// The layout of this file; raised when a field changes meaning.
    public static let formatVersion = 1

    public var builderVersion: String
    public var guest: String
    /// The recipe file's name (without its folder) and the SHA-256 of its bytes.
    public var recipeFile: String
    public var recipeSHA256: String?
    public var sourceDateEpoch: Int64
    public var inputs: [Input]
    /// Every file of the folder but the manifest (and the bundle, which holds the manifest), in
    /// byte order of their names.
    public var artifacts: [Artifact]

    /// A file or folder the recipe names.
    public struct Input: Sendable, Equatable {
        /// Where the recipe names it: "source.tarball", "rpms[0]", "kernel.image", "overlay".
        public var role: String
        public var path: String
        public var kind: Kind
        /// Size and SHA-256 of a file; nil for a folder (no single hash of a folder is cheap).
        public var digest: FileDigest?

        public enum Kind: String, Sendable, Equatable {
            case file
            case folder
        }
    }

    public struct Artifact: Sendable, Equatable {
        public var name: String
        public var digest: FileDigest
        public var kind: Kind

        public enum Kind: Sendable, Equatable {
            /// A disk image for the guest's device `device`.
            case image(device: String, contents: ImageContents)
            case domainConfig(syntax: String)
            /// The kernel and initrd copied out for a config's kernel= and ramdisk=.
            case kernel
            case initrd
            case report
            /// A file builder wrote that the manifest has no name for.
            case other
        }

        public enum ImageContents: Sendable, Equatable {
            case filesystem(flavor: Ext.Flavor, mount: GuestPath)
            case swap
            /// A whole partitioned disk (MBR), for the `disk` layout.
            case disk
        }
    }
}
