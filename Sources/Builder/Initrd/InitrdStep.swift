/// Writes the DomU kernel's initrd into the guest's /boot, as RHEL4's mkinitrd would have (the
/// kernel-xenU package's %post runs `new-kernel-pkg --mkinitrd`; builder runs no package scripts,
/// so it does that work itself). See `Initrd` for what goes in.
///
/// The image is a gzip -9 compressed newc cpio archive (MK4 l.816-820), mode 0644: mkinitrd
/// writes it with `gzip -9 < $IMAGE > $target` under root's umask 022, and RHEL4's /boot
/// initrd-*.img files are -rw-r--r--. An existing file at that path keeps its owner and mode.
public struct InitrdStep: AlignStep {
    public var name: String { "initrd" }

    public init() {}

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        guard let kernel = context.kernel else { throw Initrd.Error.noKernel }
        if kernel.isStatic {
            editor.note("kernel \(kernel.version) is static (xenblk and xennet built in): no initrd")
            return
        }
        let image = try Initrd.Image(tree: editor.tree, kernel: kernel, preload: context.settings.kernel.preload)
        let bytes = try CpioWriter.write(image.archive, mtime: context.time, compression: .gzip)
        let path = kernel.initrdPath?.description ?? "/boot/initrd-\(kernel.version).img"
        let loaded = image.modules.modules.map(\.name).joined(separator: ", ")
        let udev = image.udev == nil ? "" : ", udev"
        try editor.write(path, bytes, detail: "initrd for \(kernel.version): loads \(loaded)\(udev)")
        if !image.modules.skipped.isEmpty {
            editor.note(
                "modules not found for \(kernel.version), left out as mkinitrd does (built into the kernel or not needed): "
                    + image.modules.skipped.joined(separator: ", "))
        }
    }
}
