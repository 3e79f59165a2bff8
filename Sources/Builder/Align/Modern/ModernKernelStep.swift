/// The kernel and initrd a pv_ops guest boots: the tree's own (its distribution's kernel package
/// left them in /boot), or a recipe's static kernel.
///
/// Which kernel:
/// - `"kernel": {"image": FILE}` (with `"boot": "static"`: built-in drivers, no initrd): chosen
///   and checked as for CentOS 4 (`KernelStep.select`), placed at /boot/vmlinuz-VERSION; without
///   `static` its initrd must be in the tree as below.
/// - `"kernel": {"version": V}`: the tree's /boot/vmlinuz-V.
/// - otherwise the newest /boot/vmlinuz-* (rpm's version order).
/// Its initrd is the one the distribution made beside it: /boot/initrd.img-V (Debian, Ubuntu:
/// initramfs-tools), /boot/initramfs-V.img (Fedora, RHEL: dracut), /boot/initrd-V.img (older
/// Red Hat, SUSE). The kernel is analysed (`KernelImage`: a bzImage's payload, its Xen ELF notes,
/// its config embedded or /boot/config-V) and checked against the recipe's hypervisor; since a
/// distribution kernel has xen-blkfront as a module, the initrd must carry xen-blkfront.ko*
/// unless the config says CONFIG_XEN_BLKDEV_FRONTEND=y, or the guest could not find its root disk.
public struct ModernKernelStep: AlignStep {
    public var name: String { "kernel" }
    let selection: Selection

    public init(selection: Selection) { self.selection = selection }

    public struct Selection: Sendable, Equatable {
        public var chosen: KernelStep.Selection
        public var kernel: GuestKernel { chosen.kernel }
        /// The initrd member that is xen-blkfront (nil: built in, or a static kernel).
        public var blockFrontendModule: String?
    }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case noKernel(found: [String])
        case versionNotFound(version: String, found: [String])
        case noInitrd(kernel: String, version: String)
        case noBlockFrontend(kernel: String)
        case initrdWithoutBlockFrontend(kernel: String, initrd: String)

        public var description: String {
            switch self {
            case .noKernel(let found):
                return "the tree has no kernel to boot (no /boot/vmlinuz-*; found: \(Self.list(found))); install the distribution's kernel package in the tree "
                    + "(Debian: debootstrap --include=linux-image-amd64), or give a kernel with xen-blkfront built in: \"kernel\": {\"boot\": \"static\", \"image\": FILE}"
            case .versionNotFound(let version, let found):
                return "the recipe's kernel version \(version) has no /boot/vmlinuz-\(version) in the tree; found: \(Self.list(found)); name one of those, or leave \"version\" out to use the newest"
            case .noInitrd(let kernel, let version):
                return "the kernel \(kernel) has xen-blkfront as a module but the tree has no initrd for it (/boot/initrd.img-\(version), /boot/initramfs-\(version).img or /boot/initrd-\(version).img), "
                    + "so it could not mount its root disk; make one in the tree (Debian: chroot TREE update-initramfs -c -k \(version); Fedora: dracut), or boot a kernel with it built in (\"boot\": \"static\")"
            case .noBlockFrontend(let kernel):
                return "the kernel \(kernel) has no xen-blkfront (CONFIG_XEN_BLKDEV_FRONTEND is not set), so as a Xen guest it would find no disk; use a kernel built with it (=y or =m)"
            case .initrdWithoutBlockFrontend(let kernel, let initrd):
                return "the initrd \(initrd) of the kernel \(kernel) holds no xen-blkfront.ko, so the guest could not find its root disk; "
                    + "add it and make the initrd again (Debian: echo xen-blkfront >> TREE/etc/initramfs-tools/modules; chroot TREE update-initramfs -u -k VERSION), or use a kernel with CONFIG_XEN_BLKDEV_FRONTEND=y"
            }
        }

        private static func list(_ found: [String]) -> String { found.isEmpty ? "nothing" : found.joined(separator: ", ") }
    }

    /// Chooses and checks the kernel (before any image is written; later steps need it).
    public static func select(_ tree: Tree, settings: AlignSettings, facts: GuestFacts) throws -> Selection {
        var chosen: KernelStep.Selection
        if settings.kernel.image != nil {
            chosen = try KernelStep.select(tree, settings: settings, facts: facts)
            if chosen.kernel.isStatic { return Selection(chosen: chosen, blockFrontendModule: nil) }
        } else {
            chosen = try treeKernel(tree, settings: settings, facts: facts)
        }
        let version = chosen.kernel.version
        let name = settings.kernel.image ?? chosen.kernel.imagePath.description
        if chosen.image.blockFrontend == .absent { throw Error.noBlockFrontend(kernel: name) }
        guard let initrd = try initrdPath(tree, version: version) else {
            if chosen.image.blockFrontend == .builtIn {
                chosen.kernel.initrdPath = nil
                return Selection(chosen: chosen, blockFrontendModule: nil)
            }
            throw Error.noInitrd(kernel: name, version: version)
        }
        chosen.kernel.initrdPath = initrd
        guard chosen.image.blockFrontend != .builtIn else { return Selection(chosen: chosen, blockFrontendModule: nil) }
        guard let id = tree.resolve(initrd) else { throw Error.noInitrd(kernel: name, version: version) }
        let names = try InitrdListing.names(tree.bytes(of: id), initrd: initrd.description)
        guard let member = InitrdListing.blockFrontend(in: names) else {
            throw Error.initrdWithoutBlockFrontend(kernel: name, initrd: initrd.description)
        }
        return Selection(chosen: chosen, blockFrontendModule: member)
    }

    /// The tree's own kernel: the recipe's version or the newest /boot/vmlinuz-*.
    static func treeKernel(_ tree: Tree, settings: AlignSettings, facts: GuestFacts) throws -> KernelStep.Selection {
        let versions = KernelStep.bootKernels(tree).filter { v in
            tree.resolve("/boot/vmlinuz-\(v)").map { if case .regular = tree[$0].kind { true } else { false } } == true
        }
        let version: String
        if let wanted = settings.kernel.version {
            guard versions.contains(wanted) else {
                throw Error.versionNotFound(version: wanted, found: KernelStep.kernelsFound(tree))
            }
            version = wanted
        } else {
            guard let newest = versions.max(by: { KernelVersion.isOlder($0, than: $1) }) else {
                throw Error.noKernel(found: KernelStep.kernelsFound(tree))
            }
            version = newest
        }
        let path = "/boot/vmlinuz-\(version)"
        guard let id = tree.resolve(path) else { throw Error.versionNotFound(version: version, found: KernelStep.kernelsFound(tree)) }
        let config = KernelStep.configText(tree, version: version).map { (text: $0, source: "/boot/config-\(version)") }
        let image = try KernelImage.analyse(tree.bytes(of: id), name: path, config: config)
        if facts.architecture == .x86_64 && image.machine == ELFFile.machine386 {
            throw KernelStep.Error.kernelNarrowerThanTree(kernel: path)
        }
        let warnings = try KernelCheck.check(image, kernel: path, capabilities: settings.hypervisor, staticBoot: false)
        let kernel = GuestKernel(
            version: version, imagePath: try GuestPath(path), initrdPath: nil,
            abi: image.abi(on: settings.hypervisor) ?? image.abi,
            console: KernelStep.console(version: version, image: image), isStatic: false)
        return KernelStep.Selection(kernel: kernel, image: image, warnings: warnings, hostImage: nil)
    }

    /// The distribution's initrd for `version`, first of Debian's, dracut's and the older name.
    static func initrdPath(_ tree: Tree, version: String) throws -> GuestPath? {
        for candidate in ["/boot/initrd.img-\(version)", "/boot/initramfs-\(version).img", "/boot/initrd-\(version).img"] {
            if let id = tree.resolve(candidate), case .regular = tree[id].kind { return try GuestPath(candidate) }
        }
        return nil
    }

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        let kernel = selection.kernel
        if let host = selection.chosen.hostImage {
            let file = try HostFile.openForReading(host)
            let size = try file.size()
            try file.close()
            try editor.place(
                .regular(Content(source: .hostFile(path: host, offset: 0), size: size)), at: kernel.imagePath.description,
                permissions: 0o644, detail: "kernel \(kernel.version) from \(context.settings.kernel.image ?? host)")
        }
        let image = selection.chosen.image
        var summary = "kernel \(kernel.version)\(kernel.isStatic ? " (static)" : ""): \(kernel.abi) (\(image.xen.source.rawValue)), "
            + "xen-blkfront \(image.blockFrontend.rawValue), xen-netfront \(image.netFrontend.rawValue), console \(kernel.console)"
        if let initrd = kernel.initrdPath {
            summary += "; initrd \(initrd)"
            if let member = selection.blockFrontendModule { summary += " (holds \(member))" }
        }
        editor.note(summary)
        for w in selection.chosen.warnings { editor.warn(w) }
    }
}
