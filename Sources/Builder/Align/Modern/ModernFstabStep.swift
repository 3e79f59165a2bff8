/// /etc/fstab of a pv_ops guest: the recipe's `xvdaN` disks by device name.
///
/// The rewriting is `FstabStep`'s (each disk's line keeps the native options for its mount point;
/// native swap lines take the swap disks; a native /boot line with no disk of its own becomes
/// `#obsolete` and /boot folds into the root image; lines for disks the guest lacks are commented
/// out under a reason line, and the report says so). Native lines name their filesystems by
/// `UUID=` (Debian, Fedora) or `LABEL=`: those UUIDs belong to the native disks, not to builder's
/// images (DiskIdentity derives theirs from the recipe), so the guest's lines name devices, which
/// the domain config fixes. A tree without /etc/fstab (a container image) gets one.
public struct ModernFstabStep: AlignStep {
    public var name: String { "fstab" }

    public init() {}

    static let header = "# /etc/fstab: static file system information, written by builder for a Xen guest.\n"

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        try ModernDisks.check(context.disks)
        if try editor.readText(FstabStep.path) == nil {
            try editor.writeText(FstabStep.path, Self.header, detail: "the tree had no /etc/fstab")
        }
        try FstabStep().apply(&editor, context)
    }
}
