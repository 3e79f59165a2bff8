/// A bake that failed after its recipe was accepted: reading the source, placing mount points,
/// writing a disk, or moving the output into place. (Recipe mistakes are `RecipeError`.)
public enum BakeError: Error, CustomStringConvertible {
    case source(path: String, underlying: any Error)
    case tarball(path: String, underlying: any Error)
    case rpm(path: String, underlying: any Error)
    case overlay(path: String, underlying: any Error)
    case alignment(any Error)
    /// The recipe's `memory` cannot hold what Xen's loader places (kernel, initrd, tables).
    case memory(BootMemory.TooSmall)
    case mountPoint(MountSplitError)
    case disk(device: String, underlying: any Error)
    case output(folder: String, underlying: any Error)
    case destinationNotFolder(String)

    public var description: String {
        switch self {
        case .source(let path, let e):
            return "cannot read the source tree '\(path)': \(e)"
        case .tarball(let path, let e):
            // Archive errors name the archive and the member already.
            if e is ArchiveError || e is ArchiveSourceError || e is SpoolError || e is UnstorableValue || e is NoSpaceError { return "\(e)" }
            return "cannot read the tarball '\(path)': \(e)"
        case .rpm(let path, let e):
            if e is ArchiveError || e is ArchiveSourceError || e is RPMError || e is SpoolError || e is UnstorableValue || e is NoSpaceError { return "installing an RPM: \(e)" }
            return "cannot install the RPM '\(path)': \(e)"
        case .overlay(let path, let e):
            if e is ArchiveError || e is ArchiveSourceError || e is SpoolError || e is UnstorableValue || e is NoSpaceError { return "the overlay: \(e)" }
            return "cannot lay the overlay '\(path)' over the tree: \(e)"
        case .alignment(let e):
            return "aligning the guest to Xen: \(e)"
        case .memory(let e):
            return "\(e)"
        case .mountPoint(let e):
            return "\(e)"
        case .disk(let device, let e):
            if case Ext.WriteError.doesNotFit(let needed, let available) = e {
                let mib = (needed + (1 << 20) - 1) >> 20
                return "disk \(device): the files do not fit: they need at least \(ByteSize.format(needed)), the disk has \(ByteSize.format(available)); set its \"size\" to at least \"\(mib)M\", or to \"auto\""
            }
            return "disk \(device): \(e)"
        case .output(let folder, let e):
            return "cannot write the output folder '\(folder)': \(e)"
        case .destinationNotFolder(let path):
            return "'\(path)' exists and is not a folder; move it away or choose another output folder (--out)"
        }
    }
}
