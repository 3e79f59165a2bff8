/// The check made before builder writes a large amount into a folder (a spool of archive data,
/// a disk image): the filesystem must have room for it now, so a full disk is reported with the
/// size needed before the write starts, not as ENOSPC in the middle of it.
public enum FreeSpace {
    /// Throws `NoSpaceError` when the filesystem holding `folder` has less than `bytes` free.
    /// `purpose` says what the bytes are for ("the spool of archive data", "sda1.img").
    public static func require(_ bytes: UInt64, in folder: String, for purpose: String) throws {
        guard bytes > 0 else { return }
        let free = try HostPaths.freeBytes(in: folder)
        if free < bytes {
            throw NoSpaceError(folder: folder, purpose: purpose, needed: bytes, available: free)
        }
    }

    /// Bytes for a message, with MiB beside them (Support sits below Recipe's `ByteSize`).
    static func text(_ bytes: UInt64) -> String {
        bytes < 1 << 20 ? "\(bytes) bytes" : "\(bytes) bytes (\(bytes >> 20) MiB)"
    }
}

/// Too little free space in a folder for what builder is about to write there.
public struct NoSpaceError: Error, Equatable, CustomStringConvertible {
    public var folder: String
    public var purpose: String
    public var needed: UInt64
    public var available: UInt64

    public var description: String {
        "not enough free space in '\(folder)' for \(purpose): \(FreeSpace.text(needed)) needed, \(FreeSpace.text(available)) free; free some space or bake into another folder"
    }
}
