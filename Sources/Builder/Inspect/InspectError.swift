/// Why an image cannot be inspected, or a path in it not shown.
public enum InspectError: Error, Equatable, CustomStringConvertible {
    /// The file is not an ext2/ext3 image (no superblock magic, impossible geometry).
    case notExt(image: String, reason: String)
    /// The image uses an on-disk feature this reader does not read.
    case unsupportedFeature(image: String, feature: String)
    case notFound(String)
    /// A component of the path is not a folder.
    case notADirectory(String)
    /// A component of the path is a symlink; the reader does not follow the guest's links.
    case symlinkInPath(String, target: String)
    /// A structure in the image is inconsistent.
    case corrupt(image: String, what: String)

    public var description: String {
        switch self {
        case .notExt(let image, let reason):
            return "'\(image)' is not an ext2/ext3 image: \(reason)"
        case .unsupportedFeature(let image, let feature):
            return "'\(image)' uses \(feature), which builder's reader does not read; look inside with debugfs instead"
        case .notFound(let p):
            return "'\(p)' does not exist in the image; list its folder to see what is there"
        case .notADirectory(let p):
            return "'\(p)' is not a folder in the image, so nothing is below it"
        case .symlinkInPath(let p, let target):
            return "'\(p)' is a symlink to '\(target)'; give the path the link points to"
        case .corrupt(let image, let what):
            return "'\(image)' is damaged: \(what); run e2fsck -fn on it"
        }
    }
}
